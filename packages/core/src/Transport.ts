/**
 * The transport: what sends one request and reads its whole answer. The
 * client owns everything above it (URLs, headers, redirects, the deadline,
 * retry, decoding); a transport only moves bytes.
 *
 * - The default is the runtime's global `fetch`, which works on Node, Bun,
 *   Deno, browsers and edge runtimes.
 * - On Node, `UndiciTransport.layer` (from `@ordercloud-effect/core/UndiciTransport`)
 *   goes straight to undici and costs the least CPU per call.
 * - `HttpClientTransport.layer` (from `@ordercloud-effect/core/HttpClientTransport`)
 *   sends through any `@effect/platform` `HttpClient` (your own, with its
 *   own middleware, or a test double).
 * - `layerFetch(fetch)` takes any fetch-shaped function: the sandbox's
 *   in-process handler, a fetch with a proxy agent, a recording double.
 *
 * A transport never follows redirects (the client does, within the
 * request's origin only) and must stop when `signal` aborts: that is how the
 * call's deadline and interruption reach the wire.
 *
 * @example
 * ```ts
 * import { OrderCloudClient, OrderCloudConfig, Transport } from "@ordercloud-effect/core"
 * import { Layer } from "effect"
 *
 * // A fetch of your own (a proxy, a recording double): everything else stays the same.
 * const myFetch: typeof fetch = (input, init) => fetch(input, init)
 *
 * export const OrderCloudLive = OrderCloudClient.layer().pipe(
 *   Layer.provide(Transport.layerFetch(myFetch)),
 *   Layer.provide(OrderCloudConfig.layerConfig())
 * )
 * ```
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * A request as the client hands it to the transport: the URL complete
 * (query included), the headers final, the body already text.
 *
 * @since 0.2.0
 * @category models
 */
export interface Request {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
}

/**
 * An answer, read whole: the status, the headers (names in lower case) and
 * the body as text (empty when there is none).
 *
 * @since 0.2.0
 * @category models
 */
export interface Response {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly text: string
}

/**
 * The request got no complete answer: the connection failed, was reset, or
 * the body was cut short. Also how a transport reports that `signal`
 * aborted it. The client turns it into `TransportError` or `Timeout`.
 *
 * @since 0.2.0
 * @category errors
 */
export class TransportFailure extends Data.TaggedError("TransportFailure")<{ readonly cause: unknown }> {}

/**
 * @since 0.2.0
 * @category models
 */
export interface Service {
  readonly send: (request: Request, signal: AbortSignal) => Effect.Effect<Response, TransportFailure>
}

/**
 * A transport from a function that sends with a promise. The client hands
 * every send a signal of its own that aborts at the call's deadline and
 * when the call is interrupted; the promise should settle soon after.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (send: (request: Request, signal: AbortSignal) => Promise<Response>): Service => ({
  send: (request, signal) =>
    Effect.async<Response, TransportFailure>((resume) => {
      // Settle when the signal aborts, even if `send` ignores it (a test
      // double, a polyfill): the call must not outlive its deadline.
      const onAbort = () => resume(Effect.fail(new TransportFailure({ cause: signal.reason })))
      if (signal.aborted) return onAbort()
      signal.addEventListener("abort", onAbort, { once: true })
      send(request, signal).then(
        (response) => {
          signal.removeEventListener("abort", onAbort)
          resume(Effect.succeed(response))
        },
        (cause: unknown) => {
          signal.removeEventListener("abort", onAbort)
          resume(Effect.fail(new TransportFailure({ cause })))
        }
      )
    })
})

/**
 * A transport over a fetch-shaped function. Redirects are not followed
 * (`redirect: "manual"`): the client judges them.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromFetch = (fetchFn: typeof globalThis.fetch): Service =>
  make(async (request, signal) => {
    const response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      redirect: "manual",
      signal
    })
    const text = await response.text()
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      headers[name] = value
    })
    return { status: response.status, headers, text }
  })

/**
 * The default: the runtime's global `fetch`, looked up when a request is
 * sent (so a fetch installed later, or replaced in a test, is the one used).
 *
 * @since 0.2.0
 * @category constructors
 */
export const globalFetch: Service = fromFetch((input, init) => globalThis.fetch(input, init))

/**
 * The transport calls use; `globalFetch` unless a layer provides another.
 *
 * @since 0.2.0
 * @category tags
 */
export class Transport extends Context.Reference<Transport>()("@ordercloud-effect/core/Transport", {
  defaultValue: (): Service => globalFetch
}) {}

/**
 * @since 0.2.0
 * @category layers
 */
export const layer = (service: Service): Layer.Layer<Transport> => Layer.succeed(Transport, service)

/**
 * Sends over a fetch-shaped function.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerFetch = (fetchFn: typeof globalThis.fetch): Layer.Layer<Transport> => layer(fromFetch(fetchFn))
