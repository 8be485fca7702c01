/**
 * A fake OrderCloud for the auth tests: a `fetch` handler (no socket) that
 * answers `POST /oauth/token` and `/v1/...` separately and records both.
 */
import * as Middleware from "@ordercloud-effect/core/Middleware"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Transport from "@ordercloud-effect/core/Transport"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"

export const baseUrl = "https://api.test.example"

export interface TokenRequest {
  readonly url: string
  readonly headers: Headers
  /** The raw form body, as sent. */
  readonly body: string
  /** Field names in order. */
  readonly fields: ReadonlyArray<string>
  readonly form: URLSearchParams
}

export interface ApiRequest {
  readonly method: string
  readonly url: string
  readonly path: string
  /** The bearer token sent, or `undefined`. */
  readonly token: string | undefined
  readonly headers: Headers
  readonly body: string
}

export type TokenHandler = (request: TokenRequest, index: number) => Response | Promise<Response>
export type ApiHandler = (request: ApiRequest, index: number) => Response | Promise<Response>

export interface FakeServer {
  readonly tokenRequests: Array<TokenRequest>
  readonly apiRequests: Array<ApiRequest>
  /** Everything in arrival order, as `METHOD path`. */
  readonly log: Array<string>
  readonly layer: Layer.Layer<Transport.Transport>
}

export const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

const base64url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    ""
  )

/** An unsigned-looking JWT with these claims (the signature is fake). */
export const jwt = (claims: Record<string, unknown>): string =>
  `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "test" }))}.${
    base64url(JSON.stringify(claims))
  }.c2lnbmF0dXJl`

/** A token endpoint answer. */
export const tokenResponse = (
  accessToken: string,
  options: { readonly expiresIn?: number; readonly refreshToken?: string | null } = {}
): Response =>
  json(200, {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: options.expiresIn ?? 600,
    ...(options.refreshToken === undefined ? {} : { refresh_token: options.refreshToken })
  })

/** A token endpoint refusal. */
export const tokenError = (errorCode: string, message: string, oauthError = "invalid_grant", status = 400): Response =>
  json(status, { error: oauthError, error_description: message, Errors: [{ ErrorCode: errorCode, Message: message }] })

export const unauthorized = (): Response =>
  json(401, { Errors: [{ ErrorCode: "InvalidToken", Message: "Access token is invalid or expired." }] })

/**
 * By default: each token request gets a new JWT `token-N` (N from 1) valid
 * 600 s; each API call answers 200 `{ token }` echoing the bearer token.
 */
export const fakeServer = (
  handlers: { readonly token?: TokenHandler; readonly api?: ApiHandler } = {}
): FakeServer => {
  const tokenRequests: Array<TokenRequest> = []
  const apiRequests: Array<ApiRequest> = []
  const log: Array<string> = []
  const token = handlers.token ?? ((_, index) => tokenResponse(`token-${index + 1}`))
  const api = handlers.api ?? ((request) => json(200, { token: request.token ?? null }))
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const body = await request.text()
    const url = new URL(request.url)
    log.push(`${request.method} ${url.pathname}`)
    if (url.pathname === "/oauth/token") {
      const form = new URLSearchParams(body)
      const recorded: TokenRequest = {
        url: request.url,
        headers: request.headers,
        body,
        fields: [...form.keys()],
        form
      }
      tokenRequests.push(recorded)
      return token(recorded, tokenRequests.length - 1)
    }
    const authorization = request.headers.get("authorization")
    const recorded: ApiRequest = {
      method: request.method,
      url: request.url,
      path: url.pathname,
      token: authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : undefined,
      headers: request.headers,
      body
    }
    apiRequests.push(recorded)
    return api(recorded, apiRequests.length - 1)
  }
  return {
    tokenRequests,
    apiRequests,
    log,
    layer: Transport.layerFetch(fetch as typeof globalThis.fetch)
  }
}

/** The OrderCloud client over the fake server (no session: each test provides one). */
export const clientLayer = (
  server: FakeServer,
  options: {
    readonly middleware?: ReadonlyArray<Middleware.Definition>
    readonly config?: OrderCloudConfig.Options
  } = {}
): Layer.Layer<OrderCloudClient.OrderCloudClient> =>
  OrderCloudClient.layer({ middleware: options.middleware ?? [] }).pipe(
    // the test config is a literal: a refusal is a bug in the test
    Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl, ...options.config }))),
    Layer.provide(server.layer)
  )

/** A protected operation: `GET /v1/me`, answering whatever the server sends. */
export const getMe = OrderCloudClient.operation({
  id: "Me.get",
  method: "GET",
  path: "/me",
  body: undefined,
  response: Schema.Unknown
})

/** Lets promise callbacks and I/O queued so far run (the fake server answers on promises, never on timers). */
export const macrotask = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

/** `GET /v1/me`, returning the bearer token the server saw. */
export const whoAmI = Effect.map(
  OrderCloudClient.execute(getMe),
  (body) => (body as { readonly token: string | null }).token
)
