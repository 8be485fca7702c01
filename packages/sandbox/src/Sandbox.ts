/**
 * A local OrderCloud: the token endpoint and every operation of the API
 * description, in memory, seeded with a working marketplace.
 *
 * - `layer(options)`: an in-process `Transport` (no socket) that answers
 *   as the sandbox; with `layerClient` for the OrderCloud client on top.
 * - `Server.layer` (module `Server`): the same app on a loopback port.
 *
 * Each `make`/`layer` builds a fresh sandbox: tests that change data do not
 * see each other's changes.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpClient from "@effect/platform/HttpClient"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import type * as Session from "@ordercloud-effect/core/Session"
import * as Transport from "@ordercloud-effect/core/Transport"
import { entries } from "@ordercloud-effect/resources/OperationTable"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Faults from "./Faults.js"
import * as App from "./internal/app.js"
import * as Crud from "./internal/crud.js"
import * as FaultInjection from "./internal/faults.js"
import * as Jwt from "./internal/jwt.js"
import * as OpenApi from "./internal/openapi.js"
import * as Routes from "./internal/routes.js"
import * as Sso from "./internal/sso.js"
import { Store } from "./internal/store.js"
import * as Seed from "./Seed.js"

/**
 * The address in-process sandboxes answer to (any host works in-process;
 * this one is reserved for testing).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://sandbox.ordercloud.test"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The data to start with. Default `Seed.marketplace`. */
  readonly seed?: Seed.Seed | undefined
  /** What tokens name as issuer and audience. Default `defaultBaseUrl`. */
  readonly baseUrl?: string | undefined
  /** The marketplace's ID (buyers' orders go to it). Default `Seed.marketplaceID`. */
  readonly marketplaceID?: string | undefined
  /**
   * Faults to inject: latency, 429/503 with `Retry-After`, connection resets,
   * cut bodies (see the `Faults` module). Default none.
   */
  readonly faults?: Faults.Options | undefined
  /**
   * What webhooks and checkout integration events are sent with (to their
   * `Url` / `CustomImplementationUrl`). Default: `fetch` (`FetchHttpClient`).
   * Pass a client answered in-process to test a receiver without a socket.
   */
  readonly outbound?: HttpClient.HttpClient | undefined
}

/**
 * A running sandbox: its HTTP app and the address it answers to.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sandbox {
  readonly baseUrl: string
  readonly app: HttpApp.Default<never, never>
}

const routes = /* @__PURE__ */ Routes.compile(entries)

/**
 * The RS256 key pair every sandbox of this process signs with, generated on
 * first use and then kept: one per process, not per sandbox, because RSA
 * key generation takes 50-500 ms and test suites build a sandbox per test.
 * Sandboxes stay apart all the same: each accepts only the tokens it issued.
 * A promise (not `Effect.cached`) so that a caller interrupted while the
 * key is being generated cannot leave the cache interrupted.
 */
let processKey: Promise<Jwt.SigningKey> | undefined
const signingKey = Effect.promise(() => processKey ??= Effect.runPromise(Jwt.generateKey(App.newId())))

/**
 * Builds a fresh sandbox from a seed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Sandbox> =>
  Effect.gen(function*() {
    const outbound = options.outbound ?? (yield* Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer))
    const store = new Store()
    for (const [collection, objects] of Object.entries((options.seed ?? Seed.marketplace).collections)) {
      for (const object of objects) {
        const id = collection.startsWith("assignments:") ? Crud.assignmentKey(object) : String(object["ID"])
        store.put(collection, id, structuredClone(object))
      }
    }
    const baseUrl = options.baseUrl ?? defaultBaseUrl
    let description: unknown
    const state: App.State = {
      store,
      routes,
      signingKey,
      baseUrl,
      refreshTokens: new Map(),
      users: new Map(),
      issued: new Map(),
      selections: new WeakMap(),
      revoked: new Set(),
      marketplaceID: options.marketplaceID ?? Seed.marketplaceID,
      description: () => description ??= OpenApi.build(entries, baseUrl),
      logins: Sso.makeLogins(),
      outbound
    }
    return { baseUrl, app: App.make(state) }
  }).pipe(Effect.flatMap((sandbox) =>
    Effect.map(FaultInjection.wrap(sandbox.app, options.faults, undefined), (app) => ({ ...sandbox, app }))
  ))

/**
 * A fresh sandbox answering in-process (no socket), as the client's
 * `Transport` and as a platform `HttpClient` (for code of your own that
 * talks HTTP, such as a token verifier), both reaching the same sandbox.
 * Time inside it follows the Clock of the program that built the layer, so
 * `TestClock` drives token expiry.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Transport.Transport | HttpClient.HttpClient> =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const sandbox = yield* make({ ...options, faults: undefined })
      const faults = FaultInjection.inProcess()
      const app = yield* FaultInjection.wrap(sandbox.app, options.faults, faults.transport)
      const runtime = yield* Effect.runtime<never>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(app as HttpApp.Default<never, Scope.Scope>)
      const fetch = faults.fetch((request) => handler(request))
      return Layer.merge(
        Transport.layerFetch(fetch as typeof globalThis.fetch),
        FetchHttpClient.layer.pipe(
          Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch as typeof globalThis.fetch))
        )
      )
    })
  )

/**
 * What operations need: the client and a session.
 *
 * @since 0.1.0
 * @category models
 */
export type Needs = OrderCloudClient.OrderCloudClient | Session.Session

/**
 * What `layerClient` provides.
 *
 * @since 0.1.0
 * @category models
 */
export type Client = OrderCloudClient.OrderCloudClient

/**
 * `OrderCloudClient` over an in-process sandbox, configured for its address,
 * with the middleware given (`middleware`). Add a `Session` (auth package)
 * to call operations.
 *
 * @example
 * ```ts
 * import { Session } from "@ordercloud-effect/auth"
 * import * as Products from "@ordercloud-effect/resources/Products"
 * import { Sandbox, Seed } from "@ordercloud-effect/sandbox"
 * import { Effect, Layer, Redacted, Stream } from "effect"
 *
 * // The seeded marketplace's seller, against a fresh in-process sandbox: no network, no account.
 * const Seller = Session.layerClientCredentials({
 *   clientID: Seed.adminClientID,
 *   clientSecret: Redacted.make(Seed.adminClientSecret),
 *   scope: ["FullAccess"]
 * })
 * const live = Layer.provideMerge(Seller, Sandbox.layerClient())
 *
 * const program = Effect.gen(function*() {
 *   yield* Products.create({ ID: "mug-01", Name: "Mug", Active: true })
 *   const mug = yield* Products.get("mug-01")
 *   // Every active product, 20 per request, fetched as the stream is pulled.
 *   const active = yield* Products.listAll({ filters: { Active: true }, pageSize: 20 }).pipe(Stream.runCount)
 *   return `${mug.Name}; ${active} active products`
 * })
 * Effect.runPromise(program.pipe(Effect.provide(live))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClient = (
  options: Options & OrderCloudClient.LayerOptions = {}
): Layer.Layer<OrderCloudClient.OrderCloudClient> =>
  OrderCloudClient.layer(options).pipe(
    Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: options.baseUrl ?? defaultBaseUrl }))),
    Layer.provide(layer(options))
  )
