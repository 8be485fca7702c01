import { FetchHttpClient } from "@effect/platform"
import { Logging, Middleware, OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
import { Layer } from "effect"

// The client, its plugins (each goes to its slot), the config from
// ORDERCLOUD_* variables, and the platform's fetch client underneath.
export const OrderCloudLive = OrderCloudClient.layer().pipe(
  Layer.provide(Middleware.layer(Retry.middleware({ maxAttempts: 4 }), Logging.middleware())),
  Layer.provide(OrderCloudConfig.layerConfig()),
  Layer.provide(FetchHttpClient.layer)
)
