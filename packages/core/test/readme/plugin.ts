import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Logging, Middleware, Retry } from "@ordercloud-effect/core"
import { Effect, Layer } from "effect"

// A plugin is an HttpClient => HttpClient transform in a named slot. In the
// `observe` slot it runs once per attempt, inside retry.
export const requestId = Middleware.make(
  "request-id",
  "observe",
  (client) =>
    HttpClient.mapRequestEffect(
      client,
      (request) => Effect.sync(() => HttpClientRequest.setHeader(request, "x-request-id", crypto.randomUUID()))
    )
)

// Provided like the shipped plugins; order across slots is fixed by the slots.
export const RequestIdLive = Middleware.layer(requestId)

// Plugin layers combine like any layers, and none is lost.
export const PluginsLive = Layer.mergeAll(RequestIdLive, Retry.layer({ maxAttempts: 4 }), Logging.layer())
