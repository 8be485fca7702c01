/**
 * In-process HTTP for the resource tests: a `fetch` handler as the client's
 * `Transport` (no socket) that records every request.
 */
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Session from "@ordercloud-effect/core/Session"
import * as Transport from "@ordercloud-effect/core/Transport"
import * as Layer from "effect/Layer"

export const baseUrl = "https://api.test.example"
export const authUrl = "https://auth.test.example"
export const token = "table-token"

export interface Recorded {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
  readonly body: string
}

export type Handler = (request: Recorded) => Response

export const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

export const recorder = (handler: Handler) => {
  const requests: Array<Recorded> = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const recorded: Recorded = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text()
    }
    requests.push(recorded)
    return handler(recorded)
  }
  const layer = Layer.merge(
    OrderCloudClient.layer().pipe(
      Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl, authUrl }))),
      Layer.provide(Transport.layerFetch(fetch))
    ),
    Session.layerToken(token)
  )
  return { requests, layer }
}
