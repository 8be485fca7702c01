/**
 * Single sign-on with OpenID Connect, as OrderCloud runs it, with a stand-in
 * identity provider:
 *
 * 1. `GET /ocrplogin?id=&cid=&roles=&appstartpath=`: the OpenIdConnect
 *    config names the API client and the identity provider; the browser is
 *    sent to its `AuthorizationEndpoint`.
 * 2. The stand-in provider (`GET /sandbox/idp/authorize`) shows a sign-in
 *    form; posting a username sends the browser to `/ocrpcode` with a code.
 * 3. `GET /ocrpcode?code=&state=`: the code names the identity; the user
 *    with that username gets an OrderCloud token (and a refresh token when
 *    the API client issues them), and the browser goes to the config's
 *    `AppStartUrl` with `{0}` the token, `{1}` the provider's identity
 *    token, `{2}` the app start path, `{3}` the refresh token.
 *
 * Codes are exchanged with the stand-in provider only (in memory): a config
 * whose `TokenEndpoint` is another provider's is refused at step 3.
 * @internal
 */
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Errors from "./errors.js"
import type { Failure } from "./errors.js"
import * as Jwt from "./jwt.js"
import * as Tokens from "./tokens.js"

/** Where the stand-in identity provider answers. @internal */
export const paths = { authorize: "/sandbox/idp/authorize", token: "/sandbox/idp/token" } as const

/** A sign-in between `/ocrplogin` and `/ocrpcode`, by its `state`. */
interface Pending {
  readonly configID: string
  readonly clientID: string
  readonly roles: string | null
  readonly appStartPath: string
  readonly expiresAt: number
}

/** A code the stand-in provider issued. */
interface Code {
  readonly username: string
  readonly connectClientID: string
  readonly expiresAt: number
}

/** The sign-ins under way in one sandbox. @internal */
export interface Logins {
  readonly pending: Map<string, Pending>
  readonly codes: Map<string, Code>
}

/** @internal */
export const makeLogins = (): Logins => ({ pending: new Map(), codes: new Map() })

/** What the flow needs of the sandbox. @internal */
export interface Context {
  readonly tokens: Tokens.TokenState
  readonly baseUrl: string
  readonly signingKey: Effect.Effect<Jwt.SigningKey>
  readonly logins: Logins
}

/** How long a sign-in and a code stay usable. */
const loginMillis = 10 * 60_000
const codeMillis = 60_000

const fail = (failure: Failure) =>
  HttpServerResponse.text(JSON.stringify(Errors.body(failure)), {
    status: failure.status,
    contentType: "application/json; charset=utf-8"
  })

const redirect = (location: string) => HttpServerResponse.empty({ status: 302, headers: { location } })

const invalid = (message: string) => fail(Errors.failure(400, "InvalidRequest", message))

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]!)

const text = (value: unknown): string | undefined => typeof value === "string" && value !== "" ? value : undefined

/**
 * Answers the SSO paths (`/ocrplogin`, `/ocrpcode`, the stand-in provider);
 * `undefined` for any other path.
 * @internal
 */
export const handle = (
  context: Context,
  request: HttpServerRequest.HttpServerRequest,
  url: URL
): Effect.Effect<HttpServerResponse.HttpServerResponse | undefined> => {
  switch (url.pathname.toLowerCase()) {
    case "/ocrplogin":
      return Effect.succeed(request.method === "GET" ? login(context, url.searchParams) : methodNotAllowed("GET"))
    case paths.authorize:
      return request.method === "GET"
        ? Effect.succeed(signInPage(url.searchParams))
        : request.method === "POST"
        ? Effect.map(
          Effect.orElseSucceed(request.text, () => ""),
          (body) => authorize(context, new URLSearchParams(body))
        )
        : Effect.succeed(methodNotAllowed("GET or POST"))
    case "/ocrpcode":
      return request.method === "GET" ? code(context, url.searchParams) : Effect.succeed(methodNotAllowed("GET"))
    default:
      return Effect.succeed(undefined)
  }
}

const methodNotAllowed = (allowed: string) => fail(Errors.failure(405, "MethodNotAllowed", `Use ${allowed}.`))

/** Step 1: remember the sign-in and send the browser to the identity provider. */
const login = (context: Context, query: URLSearchParams) => {
  const configID = query.get("id")
  const clientID = query.get("cid")
  if (configID === null || configID === "" || clientID === null || clientID === "") {
    return invalid("ocrplogin needs id (the OpenID Connect config) and cid (the API client).")
  }
  const config = context.tokens.store.get("openidconnects", configID)
  if (config === undefined) return fail(Errors.notFound("OpenIdConnect", configID))
  if (config["OrderCloudApiClientID"] !== clientID) {
    return invalid(`OpenID Connect config ${configID} is not for API client ${clientID}.`)
  }
  const endpoint = text(config["AuthorizationEndpoint"])
  const connectClientID = text(config["ConnectClientID"])
  if (endpoint === undefined || connectClientID === undefined) {
    return invalid(`OpenID Connect config ${configID} has no AuthorizationEndpoint or ConnectClientID.`)
  }
  const state = context.tokens.newId()
  context.logins.pending.set(state, {
    configID,
    clientID,
    roles: query.get("roles"),
    appStartPath: query.get("appstartpath") ?? "",
    expiresAt: context.tokens.nowMillis + loginMillis
  })
  const scopes = ["openid", ...((config["AdditionalIdpScopes"] as ReadonlyArray<string> | null | undefined) ?? [])]
  const params = new URLSearchParams({
    client_id: connectClientID,
    response_type: "code",
    scope: scopes.join(" "),
    redirect_uri: `${context.baseUrl}/ocrpcode`,
    state
  })
  return redirect(`${endpoint}${endpoint.includes("?") ? "&" : "?"}${params}`)
}

/** Step 2: the stand-in provider's sign-in form. */
const signInPage = (query: URLSearchParams) => {
  const hidden = ["client_id", "redirect_uri", "state"].map((name) =>
    `<input type="hidden" name="${name}" value="${escape(query.get(name) ?? "")}">`
  ).join("")
  return HttpServerResponse.text(
    `<!doctype html><meta charset="utf-8"><title>Sandbox identity provider</title>
<h1>Sandbox identity provider</h1>
<p>A stand-in for your identity provider: it signs in the OrderCloud user with this username, without a password.</p>
<form method="post" action="${paths.authorize}">${hidden}<label>Username <input name="username"></label><button>Sign in</button></form>`,
    { contentType: "text/html; charset=utf-8" }
  )
}

/** Step 2, posted: a code for the username, back to `/ocrpcode` (this sandbox's only). */
const authorize = (context: Context, form: URLSearchParams) => {
  const username = form.get("username")
  const connectClientID = form.get("client_id")
  const state = form.get("state")
  if (username === null || username === "" || connectClientID === null || state === null) {
    return invalid("The sign-in form needs username, client_id and state.")
  }
  if (form.get("redirect_uri") !== `${context.baseUrl}/ocrpcode`) {
    return invalid("The stand-in identity provider redirects to this sandbox's /ocrpcode only.")
  }
  const issued = context.tokens.newId()
  context.logins.codes.set(issued, {
    username,
    connectClientID,
    expiresAt: context.tokens.nowMillis + codeMillis
  })
  return redirect(`${context.baseUrl}/ocrpcode?${new URLSearchParams({ code: issued, state })}`)
}

/** Step 3: the code for an OrderCloud token, handed to the app's start URL. */
const code = (context: Context, query: URLSearchParams) =>
  Effect.gen(function*() {
    const { logins, tokens } = context
    const state = query.get("state") ?? ""
    const issued = query.get("code") ?? ""
    const pending = logins.pending.get(state)
    const found = logins.codes.get(issued)
    // Each is good for one try.
    logins.pending.delete(state)
    logins.codes.delete(issued)
    if (pending === undefined || pending.expiresAt <= tokens.nowMillis) {
      return invalid("This sign-in is unknown or has expired: start again at /ocrplogin.")
    }
    const config = tokens.store.get("openidconnects", pending.configID)
    if (config === undefined) return fail(Errors.notFound("OpenIdConnect", pending.configID))
    const tokenEndpoint = text(config["TokenEndpoint"])
    if (tokenEndpoint === undefined || new URL(tokenEndpoint, context.baseUrl).pathname !== paths.token) {
      return invalid("The sandbox exchanges codes with its stand-in identity provider only (TokenEndpoint).")
    }
    if (
      found === undefined || found.expiresAt <= tokens.nowMillis || found.connectClientID !== config["ConnectClientID"]
    ) {
      return invalid("The code is unknown, expired or for another client.")
    }
    const client = tokens.store.get("apiclients", pending.clientID)
    if (client === undefined) return fail(Errors.failure(400, "InvalidGrant", "The API client is not known."))
    if (client["Active"] === false) {
      return fail(Errors.failure(400, "Auth.ClientNotActive", "The API client is not active."))
    }
    const user = Tokens.findUser(tokens.store, found.username)
    if (user === undefined) return fail(Errors.failure(400, "Auth.UserNotFound", "No user has this identity."))
    if (user.user["Active"] === false) return fail(Errors.failure(400, "Auth.UserNotActive", "The user is not active."))
    const roles = Tokens.grantedRoles(Tokens.availableRoles(tokens.store, user.ref), pending.roles)
    const body = yield* Tokens.tokenResponse(tokens, client, pending.clientID, user.ref, roles)
    const now = Math.floor(tokens.nowMillis / 1000)
    const identityToken = yield* Jwt.signPayload({
      iss: `${context.baseUrl}/sandbox/idp`,
      aud: config["ConnectClientID"],
      sub: found.username,
      preferred_username: found.username,
      iat: now,
      exp: now + 3600
    }, yield* context.signingKey)
    const values = [
      String(body["access_token"]),
      identityToken,
      pending.appStartPath,
      typeof body["refresh_token"] === "string" ? body["refresh_token"] : ""
    ]
    const appStartUrl = text(config["AppStartUrl"])
    if (appStartUrl === undefined) return invalid(`OpenID Connect config ${pending.configID} has no AppStartUrl.`)
    return redirect(
      appStartUrl.replace(/\{([0-3])\}/g, (_, index: string) => encodeURIComponent(values[Number(index)]!))
    )
  })
