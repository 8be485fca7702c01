import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Middleware } from "@ordercloud-effect/core"
import { Effect } from "effect"

// A plugin is an HttpClient => HttpClient transform in a named slot. In the
// `observe` slot it runs once per attempt, inside retry.
export const requestId = Middleware.make("request-id", "observe", (client) =>
  HttpClient.mapRequestEffect(client, (request) =>
    Effect.sync(() => HttpClientRequest.setHeader(request, "x-request-id", crypto.randomUUID()))))

// Provided like the shipped plugins; order across slots is fixed by the slots.
export const RequestIdLive = Middleware.layer(requestId)
