/**
 * Middleware: plain functions around every OrderCloud request.
 *
 * A middleware gets the call (which operation, which session, whether it
 * may be resent, its deadline, the attempt), the request as it stands, and
 * `next`, which sends it on. It returns the answer, or fails with an
 * `OrderCloudError`. Give them to `OrderCloudClient.layer({ middleware })`:
 * they are folded once when the layer is built.
 *
 * The order, outermost first:
 *
 * | position | runs | what |
 * |---|---|---|
 * | retry | once per call, around the attempts | `Retry.middleware` |
 * | auth | once per attempt | the session's token (built in) |
 * | yours | once per attempt, in the order given | anything else |
 * | logging | once per attempt, sees the final request | `Logging.middleware` |
 *
 * Below them the client sends through the `Transport`, follows redirects
 * within the request's origin only (any other fails with `RedirectRefused`),
 * and stops the attempt at the call's deadline with `Timeout`.
 *
 * @example
 * ```ts
 * import { Logging, Middleware, OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
 * import { Effect, Layer, Ref } from "effect"
 *
 * // A middleware of your own: a request id on every attempt, from a counter built once per layer.
 * const requestId = Effect.map(Ref.make(0), (counter): Middleware.Middleware => (call, request, next) =>
 *   Effect.flatMap(Ref.updateAndGet(counter, (n) => n + 1), (n) =>
 *     next({ ...request, headers: { ...request.headers, "x-request-id": `req-${n}` } })))
 *
 * // Retry and logging take their fixed places whatever the order given.
 * export const OrderCloudLive = OrderCloudClient.layer({
 *   middleware: [Logging.middleware(), requestId, Retry.middleware()]
 * }).pipe(Layer.provide(OrderCloudConfig.layerConfig()))
 * ```
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { OrderCloudError } from "./OrderCloudError.js"
import type * as Session from "./Session.js"
import type * as Transport from "./Transport.js"

/**
 * What the client knows about a call in flight.
 *
 * @since 0.2.0
 * @category models
 */
export interface Call {
  /** The operation's name: `Products.get`, `Auth.token`. */
  readonly operationId: string
  /** The session the call acts as; `undefined` for operations that take no token. */
  readonly session: Session.Service | undefined
  /**
   * Whether resending is safe: GET, PUT, PATCH, DELETE, and a POST only when
   * it creates an object with a client-chosen ID (or asks for a token).
   */
  readonly idempotent: boolean
  /** Set for a POST that creates an object whose `ID` the body may choose. */
  readonly create: CreateInfo | undefined
  /** The time (Clock milliseconds) the call must end by. */
  readonly deadline: number
  /** The time the whole call is given (the config's `timeout`), in milliseconds. */
  readonly timeoutMillis: number
  /** The attempt being made, from 1; retry counts them. */
  readonly attempt: number
}

/**
 * What the client tells middleware about a create (`OrderCloudClient.Operation.create`).
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
 * Sends the request on; pass a changed `call` to tell the middleware inside
 * (retry numbers the attempts this way).
 *
 * @since 0.2.0
 * @category models
 */
export type Next = (
  request: Transport.Request,
  call?: Call
) => Effect.Effect<Transport.Response, OrderCloudError>

/**
 * @since 0.2.0
 * @category models
 */
export type Middleware = (
  call: Call,
  request: Transport.Request,
  next: Next
) => Effect.Effect<Transport.Response, OrderCloudError>

/**
 * A middleware, or an Effect that builds one when the client's layer is
 * built (for middleware with state, such as a retry budget).
 *
 * @since 0.2.0
 * @category models
 */
export type Definition = Middleware | Effect.Effect<Middleware>

const positionKey: unique symbol = Symbol.for("@ordercloud-effect/core/Middleware/position")

/**
 * The fixed places of the shipped middleware.
 *
 * @since 0.2.0
 * @category models
 */
export type Position = "retry" | "logging"

/**
 * Marks a middleware for a fixed place in the stack.
 *
 * @since 0.2.0
 * @category constructors
 */
export const placed = (position: Position, middleware: Middleware): Middleware =>
  Object.assign((call: Call, request: Transport.Request, next: Next) => middleware(call, request, next), {
    [positionKey]: position
  })

/**
 * The place of a middleware: its fixed one, or `undefined` for yours.
 *
 * @since 0.2.0
 * @category getters
 */
export const positionOf = (middleware: Middleware): Position | undefined =>
  (middleware as Middleware & { readonly [positionKey]?: Position })[positionKey]

/**
 * The handler one position stands for: the call, the request, the answer.
 *
 * @since 0.2.0
 * @category models
 */
export type Handler = (call: Call, request: Transport.Request) => Effect.Effect<Transport.Response, OrderCloudError>

/**
 * Wraps `inner` in the middleware, the first outermost.
 *
 * @since 0.2.0
 * @category combinators
 */
export const fold = (middleware: ReadonlyArray<Middleware>, inner: Handler): Handler =>
  middleware.reduceRight<Handler>(
    (next, outer) => (call, request) => outer(call, request, (sent, changed) => next(changed ?? call, sent)),
    inner
  )

const idempotentMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"])

/**
 * Whether a method is safe to resend by itself: GET, HEAD, OPTIONS, PUT,
 * DELETE, and PATCH (which sets fields in OrderCloud). Not POST.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isIdempotentMethod = (method: string): boolean => idempotentMethods.has(method)
