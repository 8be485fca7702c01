/**
 * Configuration from environment variables: `OrderCloudConfig.layerConfig`
 * reads where OrderCloud is (ORDERCLOUD_BASE_URL, ORDERCLOUD_TIMEOUT, ...)
 * and `Session.layerClientCredentialsConfig` who calls it
 * (ORDERCLOUD_CLIENT_ID, ORDERCLOUD_CLIENT_SECRET, ORDERCLOUD_SCOPE).
 *
 * In real use these come from the process's environment (Effect's default
 * ConfigProvider). On the sandbox this example hands the same layers a
 * ConfigProvider built from a Map, so the run needs nothing set.
 */
import { Session } from "@ordercloud-effect/auth"
import { OrderCloudClient, OrderCloudConfig } from "@ordercloud-effect/core"
import * as UndiciTransport from "@ordercloud-effect/core/UndiciTransport"
import { Me, Products } from "@ordercloud-effect/resources"
import { Sandbox, Seed } from "@ordercloud-effect/sandbox"
import { Config, ConfigProvider, Console, Duration, Effect, Layer, Option, type Redacted } from "effect"
import type { Example } from "../Example.js"

// What the environment would hold to reach the in-process sandbox as its seller.
const sandboxVariables = new Map([
  ["ORDERCLOUD_BASE_URL", Sandbox.defaultBaseUrl],
  ["ORDERCLOUD_TIMEOUT", "20 seconds"],
  ["ORDERCLOUD_CLIENT_ID", Seed.adminClientID],
  ["ORDERCLOUD_CLIENT_SECRET", Seed.adminClientSecret],
  ["ORDERCLOUD_SCOPE", "FullAccess"]
])

// Where the variables come from, and the transport to use with them.
const source = Effect.gen(function*() {
  const baseUrl = yield* Config.option(Config.string("ORDERCLOUD_BASE_URL"))
  if (Option.isNone(baseUrl)) {
    return {
      from: "a Map standing in for the environment",
      provider: ConfigProvider.fromMap(sandboxVariables),
      transport: Sandbox.layer()
    }
  }
  // A real marketplace: the environment as it is. The other examples name the
  // seller's API client ORDERCLOUD_SELLER_CLIENT_*, so those are read as a
  // fallback, and FullAccess is asked for unless ORDERCLOUD_SCOPE says otherwise.
  const current = yield* Effect.configProviderWith(Effect.succeed)
  const seller = ConfigProvider.mapInputPath(
    current,
    (name) => name.replace(/^ORDERCLOUD_CLIENT_/, "ORDERCLOUD_SELLER_CLIENT_")
  )
  return {
    from: "the environment",
    provider: current.pipe(
      ConfigProvider.orElse(() => seller),
      ConfigProvider.orElse(() => ConfigProvider.fromMap(new Map([["ORDERCLOUD_SCOPE", "FullAccess"]])))
    ),
    transport: UndiciTransport.layer()
  }
})

// A provider that notes every variable asked for, to show what the layers read.
const recording = (provider: ConfigProvider.ConfigProvider, read: Set<string>) =>
  ConfigProvider.mapInputPath(provider, (name) => {
    read.add(name)
    return name
  })

const isSecret = (name: string) => /SECRET|PASSWORD|TOKEN$/.test(name)

const program = Effect.gen(function*() {
  const { from, provider, transport } = yield* source
  const read = new Set<string>()

  // The whole stack from variables: the config, the client over it, and a
  // client-credentials session on top. Nothing is read until it is built.
  const live = Session.layerClientCredentialsConfig().pipe(
    Layer.provideMerge(OrderCloudClient.layer()),
    Layer.provideMerge(OrderCloudConfig.layerConfig()),
    Layer.provide(transport)
  )

  yield* Console.log(`1. Build the client and the session from ${from}`)
  yield* Effect.gen(function*() {
    const config = yield* OrderCloudConfig.OrderCloudConfig
    yield* Console.log(
      `   OrderCloudConfig: baseUrl ${config.baseUrl}, authUrl ${config.authUrl}, apiVersion ${config.apiVersion}, timeout ${
        Duration.format(config.timeout)
      }`
    )
    const me = yield* Me.get()
    const products = yield* Products.list({ pageSize: 1 })
    yield* Console.log(
      `   signed in with client credentials as ${me.Username}; ${products.Meta.TotalCount} products visible`
    )
  }).pipe(Effect.provide(live), Effect.withConfigProvider(recording(provider, read)))

  yield* Console.log("2. The variables the layers read")
  for (const name of read) {
    // Secrets are read as Redacted: printing one shows `<redacted>`, never the value.
    const variable: Config.Config<string | Redacted.Redacted> = isSecret(name)
      ? Config.redacted(name)
      : Config.string(name)
    const value = yield* Effect.withConfigProvider(Config.option(variable), provider)
    yield* Console.log(`   ${name} = ${Option.match(value, { onNone: () => "(not set: default)", onSome: String })}`)
  }

  yield* Console.log("3. A required variable missing")
  // A secret but no client ID: building the session fails before any request,
  // with a ConfigError naming the variable.
  const incomplete = ConfigProvider.fromMap(new Map([["ORDERCLOUD_CLIENT_SECRET", "not-printed"]]))
  yield* Me.get().pipe(
    Effect.zipRight(Console.log("   unexpectedly built")),
    Effect.provide(Session.layerClientCredentialsConfig()),
    Effect.withConfigProvider(incomplete),
    Effect.catchTag("ConfigError", (error) => Console.log(`   ConfigError (${error._op}): ${String(error)}`))
  )
})

export const config: Example = {
  name: "config",
  description: "Client and session from ORDERCLOUD_* variables with layerConfig; secrets stay redacted",
  program
}
