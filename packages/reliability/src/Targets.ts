/**
 * Where the suites run: a sandbox in-process (faults injected into the
 * fetch) or on a loopback port (faults on the socket), and the client
 * layers and sessions of the seeded marketplace on top of it.
 *
 * @since 0.1.0
 */
import * as HttpApp from "@effect/platform/HttpApp"
import * as Session from "@ordercloud-effect/auth/Session"
import * as Middleware from "@ordercloud-effect/core/Middleware"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Transport from "@ordercloud-effect/core/Transport"
import type * as Faults from "@ordercloud-effect/sandbox/Faults"
import * as Sandbox from "@ordercloud-effect/sandbox/Sandbox"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Server from "@ordercloud-effect/sandbox/Server"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"

/**
 * @since 0.1.0
 * @category models
 */
export type Mode = "in-process" | "port"

/**
 * A running sandbox: its address and the transport that reaches it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Target {
  readonly mode: Mode
  readonly baseUrl: string
  readonly http: Layer.Layer<Transport.Transport>
}

/**
 * Starts a fresh sandbox with these faults for as long as the scope lives.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (mode: Mode, options: Sandbox.Options = {}): Effect.Effect<Target, never, Scope.Scope> =>
  mode === "in-process"
    ? Effect.map(
      Layer.build(Sandbox.layer(options)),
      (context) => ({ mode, baseUrl: Sandbox.defaultBaseUrl, http: Layer.succeedContext(context) })
    )
    : Effect.map(
      Layer.build(Layer.orDie(Server.layer(options))),
      (context) => ({
        mode,
        baseUrl: Context.get(context, Server.SandboxServer).url,
        http: Transport.layer(Transport.globalFetch)
      })
    )

/**
 * The OrderCloud client over a target, with this middleware and config.
 *
 * @since 0.1.0
 * @category layers
 */
export const client = (
  target: Pick<Target, "baseUrl" | "http">,
  middleware: ReadonlyArray<Middleware.Definition> = [],
  config: Omit<OrderCloudConfig.Options, "baseUrl"> = {}
): Layer.Layer<OrderCloudClient.OrderCloudClient> =>
  OrderCloudClient.layer({ middleware }).pipe(
    // the suite's config is a literal: a refusal is a bug in the suite
    Layer.provide(Layer.orDie(OrderCloudConfig.layer({ ...config, baseUrl: target.baseUrl }))),
    Layer.provide(target.http)
  )

/**
 * The seeded seller: client credentials with FullAccess.
 *
 * @since 0.1.0
 * @category sessions
 */
export const seller = Session.layerClientCredentials({
  clientID: Seed.adminClientID,
  clientSecret: Redacted.make(Seed.adminClientSecret),
  scope: ["FullAccess"]
})

/**
 * The seeded buyer user: the password grant on the storefront client.
 *
 * @since 0.1.0
 * @category sessions
 */
export const buyer = Session.layerPassword({
  clientID: Seed.storefrontClientID,
  username: Seed.buyerUsername,
  password: Redacted.make(Seed.buyerPassword),
  scope: ["Shopper", "MeAdmin"]
})

/**
 * The seeded buyer user, impersonated by a session of the seller (needs an
 * impersonation config, see `allowImpersonation`).
 *
 * @since 0.1.0
 * @category sessions
 */
export const impersonated = Session.layerImpersonation({
  buyerID: Seed.buyerID,
  userID: Seed.buyerUsername,
  clientID: Seed.storefrontClientID,
  scope: ["Shopper", "MeAdmin"]
})

/**
 * The seed with an impersonation config that lets the seller act as the
 * buyer user.
 *
 * @since 0.1.0
 * @category seeds
 */
export const seedWithImpersonation: Seed.Seed = {
  collections: {
    ...Seed.marketplace.collections,
    impersonationconfig: [
      { ID: "support", BuyerID: Seed.buyerID, SecurityProfileID: "shopper", ClientID: Seed.storefrontClientID }
    ]
  }
}

/**
 * A fault mix of `rate` in all, in four equal shares: 429 (Retry-After 1),
 * 503 (no Retry-After), connection resets and truncated bodies.
 *
 * @since 0.1.0
 * @category faults
 */
export const faultMix = (rate: number, seed: number): Faults.Options => ({
  seed,
  throttle: { rate: rate / 4, retryAfter: 1 },
  unavailable: { rate: rate / 4, retryAfter: false },
  reset: { rate: rate / 4 },
  truncate: { rate: rate / 4 }
})

/**
 * One request as the sandbox received it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Received {
  readonly method: string
  readonly path: string
  /** The bearer token, or `undefined`. */
  readonly bearer: string | undefined
  readonly headers: Headers
}

/**
 * An in-process sandbox (no faults) that records every request it receives
 * and every access and refresh token it issues.
 *
 * @since 0.1.0
 * @category constructors
 */
export const recorded = (options: Omit<Sandbox.Options, "faults"> = {}): Effect.Effect<
  Target & { readonly received: Array<Received>; readonly issued: Array<string> }
> =>
  Effect.gen(function*() {
    const sandbox = yield* Sandbox.make(options)
    const runtime = yield* Effect.runtime<never>()
    const handler = HttpApp.toWebHandlerRuntime(runtime)(sandbox.app)
    const received: Array<Received> = []
    const issued: Array<string> = []
    const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init)
      const authorization = request.headers.get("authorization")
      received.push({
        method: request.method,
        path: new URL(request.url).pathname,
        bearer: authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : undefined,
        headers: request.headers
      })
      const response = await handler(request)
      if (response.ok && (request.url.endsWith("/oauth/token") || request.url.endsWith("/accesstoken"))) {
        const body = (await response.clone().json()) as {
          readonly access_token?: unknown
          readonly refresh_token?: unknown
        }
        for (const token of [body.access_token, body.refresh_token]) if (typeof token === "string") issued.push(token)
      }
      return response
    }
    const http = Transport.layerFetch(fetch as typeof globalThis.fetch)
    return { mode: "in-process" as const, baseUrl: Sandbox.defaultBaseUrl, http, received, issued }
  })

/**
 * The claims of a JWT the sandbox issued (no signature check: the sandbox
 * checks them).
 *
 * @since 0.1.0
 * @category getters
 */
export const claimsOf = (jwt: string): Readonly<Record<string, unknown>> => {
  try {
    return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>
  } catch {
    return {}
  }
}
