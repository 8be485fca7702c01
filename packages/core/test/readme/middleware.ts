import { Logging, Middleware, OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
import { Effect, Layer, Ref } from "effect"

// A middleware gets the call, the request, and `next` to send it on.
export const requestId: Middleware.Middleware = (_call, request, next) =>
  next({ ...request, headers: { ...request.headers, "x-request-id": crypto.randomUUID() } })

// One with state is given as an Effect, run once when the layer is built.
export const numbered = Effect.map(
  Ref.make(0),
  (counter): Middleware.Middleware => (call, request, next) =>
    Effect.flatMap(
      Ref.updateAndGet(counter, (n) => n + 1),
      (n) => next({ ...request, headers: { ...request.headers, "x-request-number": `${n} (${call.operationId})` } })
    )
)

// Yours run in the order given, once per attempt; retry and logging take
// their fixed places wherever they are listed.
export const OrderCloudLive = OrderCloudClient.layer({
  middleware: [requestId, numbered, Retry.middleware({ maxAttempts: 4 }), Logging.middleware()]
}).pipe(Layer.provide(OrderCloudConfig.layerConfig()))
