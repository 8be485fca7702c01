/**
 * Single sign-on with OpenID Connect: the user signs in at your identity
 * provider and OrderCloud hands your app a token for the matching
 * OrderCloud user.
 *
 * 1. Send the browser to `loginUrl(...)`: `{authUrl}/ocrplogin?id=<config>&cid=<client>&roles=<roles>&appstartpath=<path>`.
 * 2. OrderCloud sends it on to the provider, takes the code back at
 *    `/ocrpcode` and redirects to the OpenIdConnect config's `AppStartUrl`,
 *    filling in `{0}` the OrderCloud access token, `{1}` the provider's
 *    identity token, `{2}` the app start path and `{3}` the refresh token.
 *    `appStartUrl(...)` writes an `AppStartUrl` with these under named
 *    query parameters.
 * 3. At that URL, `readAppStart(url)` reads them (tokens `Redacted`), and
 *    `layer(appStart)` turns them into a `Session` that renews itself with
 *    the refresh token (`Session.layerResume`), or `tokensOf(appStart)` into
 *    what `SessionCookies.write` keeps.
 *
 * The tokens arrive in the URL: answer that request with a redirect (to the
 * app start path) so they do not stay in the address bar or in history.
 *
 * @example
 * ```ts
 * import { OpenIdConnect } from "@ordercloud-effect/auth"
 * import { Effect } from "effect"
 *
 * // Where the "Sign in with Contoso" button points.
 * export const signInUrl = OpenIdConnect.loginUrl({
 *   openIdConnectID: "contoso",
 *   clientID: "storefront-client-id",
 *   scope: ["Shopper", "MeAdmin"],
 *   appStartPath: "/account"
 * })
 *
 * // At the AppStartUrl: the session OrderCloud handed over, renewing itself.
 * export const landing = (url: string) =>
 *   Effect.gen(function*() {
 *     const appStart = yield* OpenIdConnect.readAppStart(url)
 *     return { session: OpenIdConnect.layer(appStart), goTo: appStart.appStartPath ?? "/" }
 *   })
 * ```
 *
 * @since 0.1.0
 */
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import { InvalidRequest } from "@ordercloud-effect/core/OrderCloudError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { claimsEither, InvalidAccessToken } from "./AccessToken.js"
import { invalidRoles } from "./internal/grant.js"
import * as Session from "./Session.js"

/**
 * What `/ocrplogin` is asked for.
 *
 * @since 0.1.0
 * @category models
 */
export interface LoginOptions {
  /** The OpenIdConnect config's ID (`id`). */
  readonly openIdConnectID: string
  /** The API client (`cid`): the config's `OrderCloudApiClientID`. */
  readonly clientID: string
  /** The roles to ask for (`roles`, separated by spaces); the token holds those the user has. */
  readonly scope?: ReadonlyArray<string> | undefined
  /** Custom roles, sent in `roles` after the roles. */
  readonly customRoles?: ReadonlyArray<string> | undefined
  /**
   * Where in the app the user lands (`appstartpath`), handed back as `{2}`:
   * a path of your app, starting with one `/`.
   */
  readonly appStartPath?: string | undefined
}

/**
 * The query parameter names an `AppStartUrl` gives `{0}` to `{3}`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ParameterNames {
  readonly accessToken: string
  readonly idpToken: string
  readonly appStartPath: string
  readonly refreshToken: string
}

/**
 * `token`, `idpToken`, `appStartPath`, `refreshToken`.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultParameterNames: ParameterNames = {
  accessToken: "token",
  idpToken: "idpToken",
  appStartPath: "appStartPath",
  refreshToken: "refreshToken"
}

/**
 * What OrderCloud handed to the `AppStartUrl`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AppStart {
  /** The OrderCloud access token (`{0}`). */
  readonly accessToken: Redacted.Redacted<string>
  /** The identity provider's token (`{1}`), if any. */
  readonly idpToken: Redacted.Redacted<string> | undefined
  /**
   * The app start path (`{2}`) when it is a path of this app (one leading
   * `/`); anything else (another site, a scheme) reads as absent, so a
   * forged link cannot send the user elsewhere.
   */
  readonly appStartPath: string | undefined
  /** The refresh token (`{3}`); absent when the API client issues none. */
  readonly refreshToken: Redacted.Redacted<string> | undefined
}

/**
 * The URL OrderCloud redirected to holds no OrderCloud token. The URL is
 * never part of the error (it may hold tokens).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidAppStart extends Schema.TaggedError<InvalidAppStart>()("InvalidAppStart", {
  detail: Schema.String
}) {
  override get message(): string {
    return `InvalidAppStart: ${this.detail}`
  }
}

const urlError = (detail: string) => new InvalidRequest({ reason: "Url", detail, issues: [] })

/** A path of this app: one leading `/`, no backslash (browsers read `/\` as `//`). */
const isLocalPath = (path: string) => path.startsWith("/") && !path.startsWith("//") && !path.includes("\\")

/**
 * The `/ocrplogin` URL that starts a sign-in, on the client's auth host
 * (`OrderCloudConfig.authUrl`). Fails with `InvalidRequest` (reason `Url`)
 * for an empty config or client ID, a role with spaces, or an app start path
 * that is not a path of the app.
 *
 * @since 0.1.0
 * @category constructors
 */
export const loginUrl = (
  options: LoginOptions
): Effect.Effect<string, InvalidRequest, OrderCloudClient.OrderCloudClient> =>
  Effect.flatMap(OrderCloudClient.OrderCloudClient, (client) => {
    if (options.openIdConnectID === "") return Effect.fail(urlError("openIdConnectID is empty"))
    if (options.clientID === "") return Effect.fail(urlError("clientID is empty"))
    const badRoles = invalidRoles(options, "Url")
    if (badRoles !== undefined) return Effect.fail(badRoles)
    const roles = [...(options.scope ?? []), ...(options.customRoles ?? [])]
    if (roles.some((role) => role === "" || /\s/.test(role))) {
      return Effect.fail(urlError("a role is empty or holds whitespace"))
    }
    if (options.appStartPath !== undefined && !isLocalPath(options.appStartPath)) {
      return Effect.fail(urlError("appStartPath must be a path of the app, starting with one /"))
    }
    const query = new URLSearchParams({ id: options.openIdConnectID, cid: options.clientID })
    if (roles.length > 0) query.set("roles", roles.join(" "))
    if (options.appStartPath !== undefined) query.set("appstartpath", options.appStartPath)
    // Spaces as %20, as the auth host reads them.
    return Effect.succeed(`${client.config.authUrl}/ocrplogin?${query.toString().replace(/\+/g, "%20")}`)
  })

/**
 * An `AppStartUrl` for an OpenIdConnect config: `base` with `{0}` to `{3}`
 * under the given query parameter names (default `defaultParameterNames`),
 * which `readAppStart` reads back.
 *
 * @since 0.1.0
 * @category constructors
 */
export const appStartUrl = (base: string, names: ParameterNames = defaultParameterNames): string =>
  `${base}${base.includes("?") ? "&" : "?"}${
    [names.accessToken, names.idpToken, names.appStartPath, names.refreshToken]
      .map((name, index) => `${encodeURIComponent(name)}={${index}}`)
      .join("&")
  }`

/**
 * Reads what OrderCloud handed to the `AppStartUrl` from the URL it
 * redirected to (or its query). Empty values read as absent; an absent
 * access token fails with `InvalidAppStart`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const readAppStart = (
  url: string | URL | URLSearchParams,
  names: ParameterNames = defaultParameterNames
): Either.Either<AppStart, InvalidAppStart> => {
  let query: URLSearchParams
  if (url instanceof URLSearchParams) query = url
  else if (url instanceof URL) query = url.searchParams
  else {
    try {
      query = new URL(url, "http://app.invalid").searchParams
    } catch {
      return Either.left(new InvalidAppStart({ detail: "not a URL" }))
    }
  }
  const value = (name: string) => {
    const found = query.get(name)
    return found === null || found === "" ? undefined : found
  }
  const accessToken = value(names.accessToken)
  if (accessToken === undefined) {
    return Either.left(new InvalidAppStart({ detail: `no OrderCloud token in the ${names.accessToken} parameter` }))
  }
  const idpToken = value(names.idpToken)
  const refreshToken = value(names.refreshToken)
  const path = value(names.appStartPath)
  return Either.right({
    accessToken: Redacted.make(accessToken),
    idpToken: idpToken === undefined ? undefined : Redacted.make(idpToken),
    appStartPath: path !== undefined && isLocalPath(path) ? path : undefined,
    refreshToken: refreshToken === undefined ? undefined : Redacted.make(refreshToken)
  })
}

/**
 * How the session from an app start is kept (as `Session.layerResume`).
 *
 * @since 0.1.0
 * @category models
 */
export interface SessionOptions extends Session.KeepOptions {
  /** Default the token's `cid` claim. */
  readonly clientID?: string | undefined
  /** Needed when the API client has a secret. */
  readonly clientSecret?: Redacted.Redacted<string> | undefined
}

/**
 * The session OrderCloud handed over: `Session.layerResume` with its
 * refresh token, renewing itself; without one (an API client that issues
 * none), the token as it is, until it expires (`Session.layerAccessToken`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  appStart: AppStart,
  options: SessionOptions = {}
): Layer.Layer<Session.Session, InvalidAccessToken, OrderCloudClient.OrderCloudClient> =>
  appStart.refreshToken === undefined
    ? Session.layerAccessToken({ accessToken: appStart.accessToken })
    : Session.layerResume({ ...options, accessToken: appStart.accessToken, refreshToken: appStart.refreshToken })

/**
 * The tokens of an app start as a session reports them (to save, or to
 * keep in cookies with `SessionCookies.write`): the access token expires at
 * its `exp` claim.
 *
 * @since 0.1.0
 * @category constructors
 */
export const tokensOf = (appStart: AppStart): Either.Either<Session.Tokens, InvalidAccessToken> =>
  Either.flatMap(claimsEither(appStart.accessToken), (claims) =>
    claims.exp === undefined
      ? Either.left(new InvalidAccessToken({ detail: "the token has no exp claim" }))
      : Either.right({
        accessToken: appStart.accessToken,
        refreshToken: appStart.refreshToken,
        expiresAt: new Date(claims.exp * 1000)
      }))
