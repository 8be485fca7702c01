/**
 * A transport over an `@effect/platform` `HttpClient`: for runtimes and
 * setups where you already have one (with its own middleware, a proxy, a
 * test double). It costs more CPU per call than `UndiciTransport` or the
 * default fetch transport, and loads the platform's HTTP modules, which is
 * why it is a module of its own.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { OrderCloudClient, OrderCloudConfig } from "@ordercloud-effect/core"
 * import * as HttpClientTransport from "@ordercloud-effect/core/HttpClientTransport"
 * import { Layer } from "effect"
 *
 * export const OrderCloudLive = OrderCloudClient.layer().pipe(
 *   Layer.provide(HttpClientTransport.layer),
 *   Layer.provide(FetchHttpClient.layer),
 *   Layer.provide(OrderCloudConfig.layerConfig())
 * )
 * ```
 *
 * @since 0.2.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Transport from "./Transport.js"

/**
 * A transport over an `@effect/platform` `HttpClient`. The platform's own
 * spans and trace headers are turned off: the client makes its own, only
 * when a tracer is installed.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (client: HttpClient.HttpClient): Transport.Service => {
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
      const aborted = Effect.async<never, Transport.TransportFailure>((resume) => {
        const onAbort = () => resume(Effect.fail(new Transport.TransportFailure({ cause: signal.reason })))
        if (signal.aborted) return onAbort()
        signal.addEventListener("abort", onAbort, { once: true })
        return Effect.sync(() => signal.removeEventListener("abort", onAbort))
      })
      return Effect.raceFirst(
        Effect.mapError(sent, (error) => new Transport.TransportFailure({ cause: error.cause ?? error })),
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
export const layer: Layer.Layer<Transport.Transport, never, HttpClient.HttpClient> = /* @__PURE__ */ Layer.effect(
  Transport.Transport,
  /* @__PURE__ */ Effect.map(HttpClient.HttpClient, make)
)
