/**
 * A visitor's session kept in cookies, for server-rendered storefronts: the
 * token pair goes out in `HttpOnly`, `Secure`, `SameSite` cookies, and each
 * later request resumes that visitor's own session from them.
 *
 * `middleware` wraps an `@effect/platform` `HttpApp`. For every request it
 * builds a `Session` from that request's cookies alone (`layerResume` for a
 * signed-in user, a saved guest for an anonymous shopper, a new guest or
 * none for a first visit), provides it to the handler, and writes any token
 * the session renewed back out in `Set-Cookie`. The session lives in the
 * request's context and nowhere else: two visitors' concurrent requests
 * never share a token.
 *
 * A sign-in handler writes the token response it got from `Grant` with
 * `write(yield* tokensOf(response))`; a sign-out handler sends `clear`.
 * Cookies the handler sets win over those the middleware adds, which are
 * added to whatever answers the request (through the platform's
 * pre-response handlers), an error page included.
 *
 * @example
 * ```ts
 * import { HttpRouter, HttpServerResponse } from "@effect/platform"
 * import { Grant, SessionCookies } from "@ordercloud-effect/auth"
 * import { Effect, Redacted } from "effect"
 *
 * export const app = Effect.gen(function*() {
 *   // Visitors with no cookie shop as guests of the storefront's API client.
 *   const cookies = yield* SessionCookies.make({ guest: { clientID: "storefront", scope: ["Shopper"] } })
 *   const router = HttpRouter.empty.pipe(
 *     HttpRouter.post(
 *       "/sign-in",
 *       Effect.gen(function*() {
 *         const response = yield* Grant.password({
 *           clientID: "storefront",
 *           username: "buyer01",
 *           password: Redacted.make("from the form"),
 *           scope: ["Shopper"]
 *         })
 *         const written = yield* cookies.write(yield* SessionCookies.tokensOf(response))
 *         return HttpServerResponse.redirect("/", { cookies: written })
 *       })
 *     )
 *   )
 *   return cookies.middleware(router)
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Cookies from "@effect/platform/Cookies"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import { AuthenticationFailed } from "@ordercloud-effect/core/OrderCloudError"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import type { TokenResponse } from "./AccessToken.js"
import type * as Grant from "./Grant.js"
import * as Sessions from "./internal/sessions.js"
import type * as Session from "./Session.js"

/**
 * The cookies' names and attributes, and how sessions are built from them.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The cookies are `<name>_access` and `<name>_refresh`. Default
   * `ordercloud`. Letters, digits and `!#$%&'*+-.^_|~` only.
   */
  readonly name?: string | undefined
  /** Default `/`. */
  readonly path?: string | undefined
  /** Default none: the cookies go back to the host that set them only. */
  readonly domain?: string | undefined
  /** Default `lax` (the cookies follow top-level links to the shop, not cross-site posts). */
  readonly sameSite?: "lax" | "strict" | undefined
  /**
   * How long the browser keeps a pair that has a refresh token. Default 30
   * days; match your API client's `RefreshTokenDuration`. A token with no
   * refresh token (a guest's) is kept until it expires.
   */
  readonly maxAge?: Duration.DurationInput | undefined
  /** The API client, for renewing; default the access token's `cid` claim. */
  readonly clientID?: string | undefined
  /** Needed for renewing when the API client has a secret. */
  readonly clientSecret?: Redacted.Redacted<string> | undefined
  /** How long before expiry a token is renewed. Default 30 seconds. */
  readonly expiryMargin?: Duration.DurationInput | undefined
  /**
   * A visitor with no token cookie shops as a new guest of this API client
   * (an anonymous session; its token is requested on first use and written
   * out). Without it, such a visitor's calls fail with
   * `AuthenticationFailed` (`errorCode` `SessionCookies.NotSignedIn`), and
   * nothing is sent.
   */
  readonly guest?: Grant.AnonymousCredentials | undefined
}

/**
 * The tokens read from a request's cookies.
 *
 * @since 0.1.0
 * @category models
 */
export interface Saved {
  readonly accessToken: Redacted.Redacted<string>
  /** Absent for a guest (anonymous tokens have none). */
  readonly refreshToken: Redacted.Redacted<string> | undefined
}

/**
 * An option `make` refused; nothing was built.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidCookieOptions extends Schema.TaggedError<InvalidCookieOptions>()("InvalidCookieOptions", {
  detail: Schema.String
}) {
  override get message(): string {
    return `InvalidCookieOptions: ${this.detail}`
  }
}

/**
 * The `errorCode` of the `AuthenticationFailed` a visitor without cookies
 * gets when there is no `guest` option.
 *
 * @since 0.1.0
 * @category constants
 */
export const notSignedIn = "SessionCookies.NotSignedIn"

/**
 * Cookies of one shape, made by `make`.
 *
 * @since 0.1.0
 * @category models
 */
export interface SessionCookies {
  readonly names: { readonly accessToken: string; readonly refreshToken: string }
  /** The token pair in a request's cookies (`HttpServerRequest.cookies`), if any. */
  readonly read: (cookies: Readonly<Record<string, string>>) => Option.Option<Saved>
  /**
   * The `Set-Cookie`s that keep a pair: both cookies `HttpOnly`, `Secure`
   * and `SameSite`. Without a refresh token the refresh cookie is removed
   * and the access cookie lasts until the token expires.
   */
  readonly write: (tokens: Session.Tokens) => Effect.Effect<Cookies.Cookies>
  /** The `Set-Cookie`s that remove both cookies (sign out). */
  readonly clear: Cookies.Cookies
  /**
   * Gives each request the session its cookies hold, and writes renewed
   * tokens back out in `Set-Cookie`.
   */
  readonly middleware: <E, R>(
    app: HttpApp.Default<E, R>
  ) => HttpApp.Default<E, Exclude<R, CoreSession.Session> | OrderCloudClient.OrderCloudClient>
}

const defaultMaxAge = Duration.days(30)

/**
 * Checks the options and makes the cookies' reader, writer and middleware.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Either.Either<SessionCookies, InvalidCookieOptions> => {
  const name = options.name ?? "ordercloud"
  const names = { accessToken: `${name}_access`, refreshToken: `${name}_refresh` }
  const maxAge = options.maxAge === undefined ? Option.some(defaultMaxAge) : Duration.decodeUnknown(options.maxAge)
  if (Option.isNone(maxAge) || !Duration.isFinite(maxAge.value) || Duration.toMillis(maxAge.value) <= 0) {
    return Either.left(new InvalidCookieOptions({ detail: "maxAge must be a finite, positive duration" }))
  }
  const attributes = {
    path: options.path ?? "/",
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    httpOnly: true,
    secure: true,
    sameSite: options.sameSite ?? "lax"
  } as const
  // Checked once here, so the cookies made later cannot be refused.
  const checked = Cookies.makeCookie(names.accessToken, "", attributes)
  if (Either.isLeft(checked)) {
    const what: Record<string, string> = { InvalidName: "name", InvalidDomain: "domain", InvalidPath: "path" }
    const reason = checked.left.reason
    return Either.left(
      new InvalidCookieOptions({ detail: `the cookie ${what[reason] ?? reason} has characters a cookie cannot hold` })
    )
  }
  const cookie = (cookieName: string, value: string, lifetime: Duration.Duration) =>
    Cookies.unsafeMakeCookie(cookieName, value, { ...attributes, maxAge: lifetime })
  const clear = Cookies.fromIterable([
    cookie(names.accessToken, "", Duration.zero),
    cookie(names.refreshToken, "", Duration.zero)
  ])

  const read = (cookies: Readonly<Record<string, string>>): Option.Option<Saved> => {
    const access = cookies[names.accessToken]
    if (access === undefined || access === "") return Option.none()
    const refresh = cookies[names.refreshToken]
    return Option.some({
      accessToken: Redacted.make(access),
      refreshToken: refresh === undefined || refresh === "" ? undefined : Redacted.make(refresh)
    })
  }

  const write = (tokens: Session.Tokens): Effect.Effect<Cookies.Cookies> =>
    Effect.map(Clock.currentTimeMillis, (now) =>
      tokens.refreshToken === undefined
        ? Cookies.fromIterable([
          cookie(
            names.accessToken,
            Redacted.value(tokens.accessToken),
            Duration.seconds(Math.max(0, Math.floor((tokens.expiresAt.getTime() - now) / 1000)))
          ),
          cookie(names.refreshToken, "", Duration.zero)
        ])
        : Cookies.fromIterable([
          cookie(names.accessToken, Redacted.value(tokens.accessToken), maxAge.value),
          cookie(names.refreshToken, Redacted.value(tokens.refreshToken), maxAge.value)
        ]))

  const keep = { expiryMargin: options.expiryMargin }

  /** The session a request's cookies hold; fails with `InvalidAccessToken` for cookies that hold no usable pair. */
  const sessionFor = (
    saved: Saved,
    onTokens: (tokens: Session.Tokens) => Effect.Effect<void>
  ) =>
    saved.refreshToken !== undefined
      ? Sessions.resume({
        ...keep,
        accessToken: saved.accessToken,
        refreshToken: saved.refreshToken,
        clientID: options.clientID,
        clientSecret: options.clientSecret,
        onTokens
      })
      : options.guest !== undefined
      ? Sessions.anonymous({ ...options.guest, ...keep, accessToken: saved.accessToken, onTokens })
      // A guest token with no guest option: sent as it is, never renewed.
      : Effect.succeed(CoreSession.fromToken(saved.accessToken))

  const signedOut = (onTokens: (tokens: Session.Tokens) => Effect.Effect<void>) =>
    options.guest !== undefined
      ? Sessions.anonymous({ ...options.guest, ...keep, onTokens })
      : Effect.succeed<CoreSession.Service>({
        token: Effect.fail(
          new AuthenticationFailed({
            status: 401,
            url: "",
            oauthError: undefined,
            errors: [{ ErrorCode: notSignedIn, Message: "No session cookie: sign in first." }],
            errorCode: notSignedIn
          })
        ),
        invalidate: () => Effect.succeed(false)
      })

  const middleware = <E, R>(
    app: HttpApp.Default<E, R>
  ): HttpApp.Default<E, Exclude<R, CoreSession.Session> | OrderCloudClient.OrderCloudClient> =>
    Effect.acquireUseRelease(
      Scope.make(),
      (scope) =>
        Effect.gen(function*() {
          const request = yield* HttpServerRequest.HttpServerRequest
          const renewed = yield* Ref.make(Option.none<Session.Tokens>())
          const onTokens = (tokens: Session.Tokens) => Ref.set(renewed, Option.some(tokens))
          const saved = read(request.cookies)
          const resumed = Option.isSome(saved)
            ? yield* Effect.option(Scope.extend(sessionFor(saved.value, onTokens), scope))
            : Option.none()
          const session = Option.isSome(resumed) ? resumed.value : yield* Scope.extend(signedOut(onTokens), scope)
          // Added to whatever answers the request, an error page included: a
          // renewed (perhaps rotated) refresh token must not be lost.
          yield* HttpApp.appendPreResponseHandler((_, response) =>
            Effect.gen(function*() {
              const latest = yield* Ref.get(renewed)
              // Unreadable cookies (a foreign or cut token) are removed, unless new tokens replace them.
              const out = Option.isSome(latest)
                ? yield* write(latest.value)
                : Option.isSome(saved) && Option.isNone(resumed)
                ? clear
                : Cookies.empty
              return HttpServerResponse.updateCookies(response, (own) => Cookies.merge(out, own))
            })
          )
          return yield* Effect.provideService(app, CoreSession.Session, session)
        }),
      (scope, exit) => Scope.close(scope, exit)
    )

  return Either.right({ names, read, write, clear, middleware })
}

/**
 * A token response (from `Grant`) as the tokens `write` keeps: it expires
 * `expires_in` seconds from now.
 *
 * @since 0.1.0
 * @category constructors
 */
export const tokensOf = (response: TokenResponse): Effect.Effect<Session.Tokens> =>
  Effect.map(Clock.currentTimeMillis, (now) => ({
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    expiresAt: new Date(now + response.expires_in * 1000)
  }))
