/**
 * In-process HTTP for tests: a `fetch` handler behind `Transport.layerFetch`,
 * no socket, recording every request it receives.
 */
import * as Layer from "effect/Layer"
import type * as Middleware from "../../src/Middleware.js"
import * as OrderCloudClient from "../../src/OrderCloudClient.js"
import * as OrderCloudConfig from "../../src/OrderCloudConfig.js"
import * as Session from "../../src/Session.js"
import * as Transport from "../../src/Transport.js"

export interface Recorded {
  readonly method: string
  readonly url: string
  readonly headers: Headers
  readonly body: string
}

export type Handler = (request: Request, index: number) => Response | Promise<Response>

export interface Server {
  readonly requests: Array<Recorded>
  readonly fetch: typeof globalThis.fetch
  readonly layer: Layer.Layer<Transport.Transport>
}

export const server = (handler: Handler): Server => {
  const requests: Array<Recorded> = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    // undici's Request follows init.signal through a weak reference that GC may
    // drop; handlers see the signal fetch was given, as a server sees the socket.
    if (init?.signal) Object.defineProperty(request, "signal", { value: init.signal })
    const body = await request.clone().text()
    const index = requests.length
    requests.push({ method: request.method, url: request.url, headers: request.headers, body })
    return handler(request, index)
  }
  return {
    requests,
    fetch: fetch as typeof globalThis.fetch,
    layer: Transport.layerFetch(fetch as typeof globalThis.fetch)
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

export const baseUrl = "https://api.test.example"

/** The client over `srv`, with `middleware`, acting with a fixed token. */
export const clientLayer = (
  srv: Server,
  options: {
    readonly middleware?: ReadonlyArray<Middleware.Definition>
    readonly config?: OrderCloudConfig.Options
    readonly token?: string
  } = {}
) => {
  const client = OrderCloudClient.layer({ middleware: options.middleware ?? [] }).pipe(
    Layer.provide(OrderCloudConfig.layer({ baseUrl, ...options.config })),
    Layer.provide(srv.layer)
  )
  return Layer.merge(client, Session.layerToken(options.token ?? "test-access-token"))
}
