import { Logging, OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
import * as UndiciTransport from "@ordercloud-effect/core/UndiciTransport"
import { Layer } from "effect"

// The client with its middleware, the config from ORDERCLOUD_* variables, and
// the runtime's fetch underneath (Node, browsers, Bun, Deno, edge runtimes).
export const OrderCloudLive = OrderCloudClient.layer({
  middleware: [Retry.middleware({ maxAttempts: 4 }), Logging.middleware()]
}).pipe(Layer.provide(OrderCloudConfig.layerConfig()))

// On Node, the same client straight over undici: the least CPU per call.
export const OrderCloudNodeLive = OrderCloudLive.pipe(Layer.provide(UndiciTransport.layer()))
