/**
 * The transport: what sends one request and reads its whole answer. The
 * client owns everything above it (URLs, headers, redirects, the deadline,
 * retry, decoding); a transport only moves bytes.
 *
 * - The default is the runtime's global `fetch`, which works on Node, Bun,
 *   Deno, browsers and edge runtimes.
 * - On Node, `UndiciTransport.layer` (from `@ordercloud-effect/core/UndiciTransport`)
 *   goes straight to undici and costs the least CPU per call.
 * - `layerHttpClient` sends through any `@effect/platform` `HttpClient`
 *   (your own, with its own middleware, or a test double).
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
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
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
 * A transport from a function that sends with a promise. It is given a
 * signal that aborts at the call's deadline or when the call is
 * interrupted, and must settle soon after.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (send: (request: Request, signal: AbortSignal) => Promise<Response>): Service => ({
  send: (request, deadline) =>
    Effect.async<Response, TransportFailure>((resume) => {
      const controller = new AbortController()
      const onDeadline = () => {
        controller.abort(deadline.reason)
        // Settle now: a fetch that ignores its signal while reading a body
        // (a test double, a polyfill) must not hold the call past its deadline.
        resume(Effect.fail(new TransportFailure({ cause: deadline.reason })))
      }
      if (deadline.aborted) onDeadline()
      else deadline.addEventListener("abort", onDeadline, { once: true })
      send(request, controller.signal).then(
        (response) => {
          deadline.removeEventListener("abort", onDeadline)
          resume(Effect.succeed(response))
        },
        (cause: unknown) => {
          deadline.removeEventListener("abort", onDeadline)
          resume(Effect.fail(new TransportFailure({ cause })))
        }
      )
      return Effect.sync(() => controller.abort())
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

/**
 * A transport over an `@effect/platform` `HttpClient`. The platform's own
 * spans and trace headers are turned off: the client makes its own, only
 * when a tracer is installed.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromHttpClient = (client: HttpClient.HttpClient): Service => {
  const quiet = client.pipe(HttpClient.withTracerDisabledWhen(() => true), HttpClient.withTracerPropagation(false))
  return {
    send: (request, signal) => {
      let built = HttpClientRequest.make(request.method as "GET")(request.url).pipe(
        HttpClientRequest.setHeaders(request.headers)
      )
      if (request.body !== undefined) {
        built = HttpClientRequest.bodyText(built, request.body, request.headers["content-type"])
      }
      const read = Effect.flatMap(
        quiet.execute(built),
        (response) =>
          Effect.map(response.text, (text) => ({ status: response.status, headers: response.headers, text }))
      )
      // The platform's fetch client follows redirects unless told not to.
      const sent = Effect.flatMap(
        Effect.serviceOption(FetchHttpClient.RequestInit),
        (init) =>
          Effect.provideService(read, FetchHttpClient.RequestInit, {
            ...(init._tag === "Some" ? init.value : {}),
            redirect: "manual"
          })
      )
      const aborted = Effect.async<never, TransportFailure>((resume) => {
        const onAbort = () => resume(Effect.fail(new TransportFailure({ cause: signal.reason })))
        if (signal.aborted) return onAbort()
        signal.addEventListener("abort", onAbort, { once: true })
        return Effect.sync(() => signal.removeEventListener("abort", onAbort))
      })
      return Effect.raceFirst(
        Effect.mapError(sent, (error) => new TransportFailure({ cause: error.cause ?? error })),
        aborted
      )
    }
  }
}

/**
 * Sends through the `HttpClient` in context.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<Transport, never, HttpClient.HttpClient> =
  // Pure, so that a bundle not using it drops it and the platform's HttpClient with it (about 56 KB minified).
  /* @__PURE__ */ Layer.effect(Transport, /* @__PURE__ */ Effect.map(HttpClient.HttpClient, fromHttpClient))
