/**
 * The Effect floor: one `@effect/platform` `HttpClient` GET on
 * `NodeHttpClient.layerUndici` through one `ManagedRuntime`, the body parsed
 * as JSON. No OrderCloud client, no Schema decode.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"

export const make = ({ url, token }) => {
  const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const options = { headers: { accept: "application/json", authorization: `Bearer ${token}` } }
  const call = (target) =>
    runtime.runPromise(Effect.flatMap(HttpClient.get(target, options), (response) => response.json))
  return {
    get: (id) => call(`${url}/v1/products/${encodeURIComponent(id)}`),
    list: () => call(`${url}/v1/products?pageSize=100`),
    close: () => runtime.dispose()
  }
}
