/**
 * The two ways to run the sandbox, as layers of the OrderCloud client: the
 * suites that take `modes` run once in each. Each build is a fresh sandbox.
 */
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Sandbox from "../../src/Sandbox.js"
import * as Server from "../../src/Server.js"

/** The client over a sandbox on a loopback port, with the runtime's fetch (the default transport). */
const overPort = (options: Sandbox.Options): Layer.Layer<OrderCloudClient.OrderCloudClient> =>
  Layer.unwrapScoped(
    Effect.map(Server.SandboxServer, ({ url }) =>
      OrderCloudClient.layer().pipe(Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: url })))))
  ).pipe(Layer.provide(Layer.orDie(Server.layer(options))))

/** Both modes over sandboxes built with `options`. */
export const modesWith = (
  options: Sandbox.Options
): ReadonlyArray<readonly [string, Layer.Layer<OrderCloudClient.OrderCloudClient>]> => [
  ["in-process", Sandbox.layerClient(options)],
  ["port", overPort(options)]
]

export const modes = modesWith({})

/**
 * The limit of a test over a real socket: generous and explicit, since the
 * server starts and every call crosses the loopback, on a machine that may
 * be busy. In-process tests keep the default.
 */
export const socketTimeout = 30_000

/** Suite options for `mode`: the socket limit for "port", the defaults otherwise. */
export const suiteOptions = (mode: string): { readonly timeout?: number } =>
  mode === "port" ? { timeout: socketTimeout } : {}
