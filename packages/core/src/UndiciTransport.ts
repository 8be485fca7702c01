/**
 * The transport for Node: requests go straight to undici (the HTTP client
 * inside Node's own `fetch`), without the `Request`/`Response` objects and
 * streams of fetch. It costs the least CPU per call; needs the `undici`
 * package installed next to this one.
 *
 * @example
 * ```ts
 * import { OrderCloudClient, OrderCloudConfig } from "@ordercloud-effect/core"
 * import * as UndiciTransport from "@ordercloud-effect/core/UndiciTransport"
 * import { Layer } from "effect"
 *
 * export const OrderCloudLive = OrderCloudClient.layer().pipe(
 *   Layer.provide(UndiciTransport.layer()),
 *   Layer.provide(OrderCloudConfig.layerConfig())
 * )
 * ```
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { type Dispatcher, getGlobalDispatcher, request as undiciRequest } from "undici"
import * as Transport from "./Transport.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** The undici dispatcher (an `Agent`, a `ProxyAgent`, a `Pool`); the global one by default. */
  readonly dispatcher?: Dispatcher | undefined
}

const headersOf = (raw: Record<string, string | Array<string> | undefined>): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const name in raw) {
    const value = raw[name]
    if (value !== undefined) headers[name] = typeof value === "string" ? value : value.join(", ")
  }
  return headers
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options = {}): Transport.Service => {
  const send = (request: Transport.Request, signal: AbortSignal) =>
    undiciRequest(request.url, {
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body ?? null,
      signal,
      // Looked up per request, as undici does: a dispatcher set globally later is the one used.
      dispatcher: options.dispatcher ?? getGlobalDispatcher()
    })
  return {
    // undici stops the request and rejects when `signal` aborts, the body's
    // read included, so the call needs no abort listener of its own.
    send: (request, signal) =>
      Effect.async<Transport.Response, Transport.TransportFailure>((resume) => {
        const failed = (cause: unknown) => resume(Effect.fail(new Transport.TransportFailure({ cause })))
        send(request, signal).then(
          (response) =>
            response.body.text().then(
              (text) =>
                resume(Effect.succeed({ status: response.statusCode, headers: headersOf(response.headers), text })),
              failed
            ),
          failed
        )
      })
  }
}

/**
 * @since 0.2.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Transport.Transport> => Transport.layer(make(options))
