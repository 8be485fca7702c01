/**
 * Plugins: `HttpClient => HttpClient` transforms stacked around every
 * OrderCloud request, provided as Layers.
 *
 * Each plugin sits in a named slot. The slots, outermost first:
 *
 * | slot | runs | shipped |
 * |---|---|---|
 * | `deadline` | once per call, around everything | the config's timeout, `Middleware.timeout` |
 * | `retry` | once per call, around the attempts | `Retry.layer` |
 * | `auth` | once per attempt | the session's token (built in, first in the slot) |
 * | `observe` | once per attempt, sees the final request | `Logging.layer` |
 * | `transport` | once per attempt, next to the wire | - |
 *
 * Within a slot, plugins run in the order given to `Middleware.layer`, the
 * first outermost; across plugin layers, in the order the layers are
 * combined (`Layer.merge(a, b)`: `a`'s first; `Layer.provide`: the layer
 * underneath first). Plugin layers can be combined in any way without losing
 * any plugin (see `Plugins`). Below the `transport` slot the client reads
 * the whole body, so timings and the deadline cover it, and follows
 * redirects within the request's origin only (any other fails with
 * `RedirectRefused`).
 *
 * @example
 * ```ts
 * import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
 * import { Logging, Middleware, OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
 * import { Effect, Layer, Ref } from "effect"
 *
 * // A plugin of your own: a request id on every attempt, from a counter built once per layer.
 * const requestId = Effect.map(Ref.make(0), (counter) =>
 *   Middleware.make("request-id", "observe", (client) =>
 *     HttpClient.mapRequestEffect(client, (request) =>
 *       Effect.map(Ref.updateAndGet(counter, (n) => n + 1), (n) =>
 *         HttpClientRequest.setHeader(request, "x-request-id", `req-${n}`))
 *     )))
 *
 * // Each plugin goes to its slot whatever the order given: retry outside, logging and the id per attempt.
 * export const OrderCloudLive = OrderCloudClient.layer.pipe(
 *   Layer.provide(Middleware.layer(Logging.plugin(), requestId, Retry.plugin())),
 *   Layer.provide(OrderCloudConfig.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Tunnel from "./internal/tunnel.js"
import * as Url from "./internal/url.js"
import { Timeout } from "./OrderCloudError.js"

/**
 * @since 0.1.0
 * @category models
 */
export type Slot = "deadline" | "retry" | "auth" | "observe" | "transport"

/**
 * The slots, outermost first.
 *
 * @since 0.1.0
 * @category constants
 */
export const slots: ReadonlyArray<Slot> = ["deadline", "retry", "auth", "observe", "transport"]

/**
 * @since 0.1.0
 * @category models
 */
export interface Plugin {
  readonly name: string
  readonly slot: Slot
  readonly transform: (client: HttpClient.HttpClient) => HttpClient.HttpClient
}

/**
 * Builds a plugin value.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  name: string,
  slot: Slot,
  transform: (client: HttpClient.HttpClient) => HttpClient.HttpClient
): Plugin => ({ name, slot, transform })

/**
 * What a plugin layer provides. Each `Middleware.layer` keeps its plugins
 * under a context key of its own and passes on those it was given, so
 * however plugin layers are combined (`Layer.merge`, `Layer.mergeAll`,
 * `Layer.provide`, `Layer.provideMerge`) every plugin reaches the client.
 * `Middleware.plugins` reads them all.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plugins {
  readonly _Plugins: unique symbol
}

const pluginsKey = "@ordercloud-effect/core/Middleware/Plugins/"

// Numbers each `layer` call for its key. Two layers providing the same key
// would be merged as "the last wins", dropping the other's plugins.
let layerCount = 0

const contributions = (context: Context.Context<never>): Array<[string, ReadonlyArray<Plugin>]> =>
  Array.from(context.unsafeMap).filter(([key]) => key.startsWith(pluginsKey))

/**
 * Every plugin the plugin layers in context provide: layer by layer in the
 * order the layers were combined, each layer's in the order given to it.
 * The client reads this when its layer is built.
 *
 * @since 0.1.0
 * @category accessors
 */
export const plugins: Effect.Effect<ReadonlyArray<Plugin>> = Effect.map(
  Effect.context<never>(),
  (context) => contributions(context).flatMap(([, list]) => list)
)

/**
 * Provides plugins, keeping those already in context. Each may be a `Plugin`
 * or an Effect that builds one (for plugins with state, such as a retry
 * budget, built once per layer). Combine several such layers in any way:
 * none is lost.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <E = never, R = never>(
  ...plugins: ReadonlyArray<Plugin | Effect.Effect<Plugin, E, R>>
): Layer.Layer<Plugins, E, R> => {
  const key = `${pluginsKey}${++layerCount}`
  return Layer.effectContext(
    Effect.gen(function*() {
      const given = contributions(yield* Effect.context<never>())
      const built = yield* Effect.forEach(
        plugins,
        (plugin) => Effect.isEffect(plugin) ? plugin : Effect.succeed(plugin)
      )
      return Context.unsafeMake<Plugins>(new Map([...given, [key, built]]))
    })
  )
}

/**
 * Orders plugins by slot (stable within a slot) and wraps `client` so the
 * first plugin of the `deadline` slot is outermost.
 *
 * @since 0.1.0
 * @category combinators
 */
export const compose = (client: HttpClient.HttpClient, plugins: ReadonlyArray<Plugin>): HttpClient.HttpClient => {
  const ordered = slots.flatMap((slot) => plugins.filter((plugin) => plugin.slot === slot))
  return ordered.reduceRight((inner, plugin) => seal(plugin.transform(inner)), seal(client))
}

// `HttpClient.mapRequest` edits run before every outer transform; sealing each
// layer keeps a plugin's request edits at its own slot (per attempt inside retry).
const seal = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
    (request) => Effect.flatMap(request, client.execute),
    Effect.succeed
  )

/**
 * The attempt being made, 1-based; set by retry plugins for the plugins
 * inside them (logging reads it).
 *
 * @since 0.1.0
 * @category context
 */
export const currentAttempt: FiberRef.FiberRef<number> = FiberRef.unsafeMake(1)

/**
 * The time (Clock milliseconds) the current call must end by, when a
 * deadline is in force. Retry reads it so no wait outlasts the call.
 *
 * @since 0.1.0
 * @category context
 */
export const currentDeadline: FiberRef.FiberRef<Option.Option<number>> = FiberRef.unsafeMake(Option.none())

/**
 * What the client knows about the call in flight: the operation id and
 * whether resending it is safe (GET, PUT, PATCH, DELETE; a POST only when it
 * creates an object with a client-chosen ID).
 *
 * @since 0.1.0
 * @category models
 */
export interface CallInfo {
  readonly operationId: string
  readonly idempotent: boolean
  /** Set for a POST that creates an object whose `ID` the body may choose. */
  readonly create?: CreateInfo | undefined
}

/**
 * What the client tells plugins about a create (`OrderCloudClient.Operation.create`).
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateInfo {
  /**
   * The URL that reads the new object back once `/{ID}` is appended; absent
   * when the API has no such read.
   */
  readonly readUrl: string | undefined
}

/**
 * Set by the client around each call; `None` for requests sent on the raw
 * stack, where idempotency is judged from the method alone.
 *
 * @since 0.1.0
 * @category context
 */
export const currentCall: FiberRef.FiberRef<Option.Option<CallInfo>> = FiberRef.unsafeMake(Option.none())

const idempotentMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"])

/**
 * Whether a method is safe to resend by itself: GET, HEAD, OPTIONS, PUT,
 * DELETE, and PATCH (which sets fields in OrderCloud). Not POST.
 *
 * @since 0.1.0
 * @category context
 */
export const isIdempotentMethod = (method: string): boolean => idempotentMethods.has(method)

/**
 * Whether a request may be sent again without risk of a duplicate write.
 *
 * @since 0.1.0
 * @category context
 */
export const isIdempotent = (method: string): Effect.Effect<boolean> =>
  Effect.map(
    FiberRef.get(currentCall),
    Option.match({
      onNone: () => isIdempotentMethod(method),
      onSome: (call) => call.idempotent
    })
  )

/**
 * A deadline for the whole call: every attempt, every wait between
 * attempts, and reading the body. When it passes, the call fails with
 * `Timeout` (the in-flight request is aborted). Several deadlines nest: the
 * earliest wins.
 *
 * @since 0.1.0
 * @category plugins
 */
export const timeout = (duration: Duration.DurationInput): Plugin => {
  const millis = Duration.toMillis(Duration.decode(duration))
  return make(
    "timeout",
    "deadline",
    (client) =>
      HttpClient.transform(client, (effect, request) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const deadline = now + millis
          return effect.pipe(
            Effect.locallyWith(currentDeadline, (current) =>
              Option.some(Option.match(current, {
                onNone: () => deadline,
                onSome: (d) => Math.min(d, deadline)
              }))),
            Effect.timeoutFail({
              duration: Duration.millis(millis),
              onTimeout: () =>
                Tunnel.fail(
                  request,
                  new Timeout({ method: request.method, url: Url.mask(request.url), timeoutMillis: millis })
                )
            })
          )
        }))
  )
}
