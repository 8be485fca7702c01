/**
 * The sandbox on a loopback port (Node), for clients that speak HTTP:
 * other SDKs, curl, the port-mode test suites. `pnpm sandbox` runs it.
 *
 * @since 0.1.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createServer } from "node:http"
import * as FaultInjection from "./internal/faults.js"
import * as Sandbox from "./Sandbox.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options extends Sandbox.Options {
  /** Default 127.0.0.1: the sandbox is for this machine only. */
  readonly host?: string | undefined
  /** Default 0: any free port. */
  readonly port?: number | undefined
}

/**
 * The running server's address.
 *
 * @since 0.1.0
 * @category tags
 */
export class SandboxServer extends Context.Tag("@ordercloud-effect/sandbox/Server/SandboxServer")<
  SandboxServer,
  { readonly url: string }
>() {}

/**
 * Serves a fresh sandbox until the layer's scope closes.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<SandboxServer, HttpServerError.ServeError> => {
  const host = options.host ?? "127.0.0.1"
  return Layer.scoped(
    SandboxServer,
    Effect.gen(function*() {
      const server = yield* HttpServer.HttpServer
      const port = server.address._tag === "TcpAddress" ? server.address.port : 0
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
      const sandbox = yield* Sandbox.make({ ...options, baseUrl: url, faults: undefined })
      const transport = FaultInjection.node(NodeHttpServerRequest.toServerResponse)
      yield* HttpServer.serveEffect(yield* FaultInjection.wrap(sandbox.app, options.faults, transport))
      return { url }
    })
  ).pipe(Layer.provide(NodeHttpServer.layer(createServer, { host, port: options.port ?? 0 })))
}
