/**
 * One instance of a service for `tokenStore.ts`: a client-credentials
 * session over a file-system TokenStore. Prints `ready` once built, waits
 * for `go` on stdin (so all instances start their first call together),
 * makes one call and prints `ok`.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Session from "@ordercloud-effect/auth/Session"
import * as TokenStore from "@ordercloud-effect/auth/TokenStore"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as readline from "node:readline"

const getMe = OrderCloudClient.operation({
  id: "Me.get",
  method: "GET",
  path: "/me",
  body: undefined,
  response: Schema.Struct({ Username: Schema.String })
})

const go = Effect.async<void>((resume) => {
  const lines = readline.createInterface({ input: process.stdin })
  lines.on("line", (line) => {
    if (line.trim() === "go") {
      lines.close()
      resume(Effect.void)
    }
  })
})

const program = Effect.gen(function*() {
  // Build the session (and reach the store) before the start signal.
  yield* Effect.sync(() => process.stdout.write("ready\n"))
  yield* go
  const me = yield* OrderCloudClient.execute(getMe)
  yield* Effect.sync(() => process.stdout.write(`ok ${me.Username}\n`))
})

const live = Session.layerClientCredentialsConfig().pipe(
  Layer.provide(Layer.unwrapEffect(Effect.map(Config.string("TOKEN_STORE_DIR"), TokenStore.layerFileSystem))),
  Layer.provideMerge(OrderCloudClient.layer()),
  Layer.provide(OrderCloudConfig.layerConfig()),
  Layer.provide(NodeContext.layer)
)

Effect.runPromise(program.pipe(Effect.provide(live), Effect.scoped)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`failed: ${error instanceof Error ? error.message : "unknown"}\n`)
    process.exit(1)
  }
)
