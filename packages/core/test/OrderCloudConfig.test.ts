import { assert, describe, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as OrderCloudConfig from "../src/OrderCloudConfig.js"

const refused = (
  result: Either.Either<OrderCloudConfig.Service, OrderCloudConfig.InvalidConfig | ConfigError.ConfigError>,
  field: OrderCloudConfig.InvalidConfig["field"]
): OrderCloudConfig.InvalidConfig => {
  if (Either.isRight(result)) {
    return assert.fail(`expected InvalidConfig (${field}), got ${JSON.stringify(result.right)}`)
  }
  const error = result.left
  if (!(error instanceof OrderCloudConfig.InvalidConfig)) {
    return assert.fail(`expected InvalidConfig, got ${String(error)}`)
  }
  assert.strictEqual(error._tag, "InvalidConfig")
  assert.strictEqual(error.field, field)
  return error
}

/** The config `layerConfig` builds when the environment holds exactly `env`. */
const fromEnv = (
  env: ReadonlyArray<readonly [string, string]>,
  configs?: Parameters<typeof OrderCloudConfig.layerConfig>[0]
) =>
  OrderCloudConfig.OrderCloudConfig.pipe(
    Effect.provide(OrderCloudConfig.layerConfig(configs)),
    Effect.either,
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(env)))
  )

describe("OrderCloudConfig.make", () => {
  it.effect("defaults to the sandbox, v1 and 60 seconds, with authUrl equal to the base URL", () =>
    Effect.gen(function*() {
      const config = yield* OrderCloudConfig.make()
      assert.strictEqual(config.baseUrl, "https://sandboxapi.ordercloud.io")
      assert.strictEqual(config.baseUrl, OrderCloudConfig.defaultBaseUrl)
      assert.strictEqual(config.authUrl, "https://sandboxapi.ordercloud.io")
      assert.strictEqual(config.apiVersion, "v1")
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(60)))
    }))

  it.effect("authUrl defaults to the given base URL, not to the sandbox", () =>
    Effect.gen(function*() {
      const config = yield* OrderCloudConfig.make({ baseUrl: "https://useast-production.ordercloud.io/" })
      assert.strictEqual(config.baseUrl, "https://useast-production.ordercloud.io")
      assert.strictEqual(config.authUrl, "https://useast-production.ordercloud.io")
    }))

  const normalized: ReadonlyArray<readonly [string, string]> = [
    ["https://api.example.com", "https://api.example.com"],
    ["https://api.example.com/", "https://api.example.com"],
    ["https://api.example.com///", "https://api.example.com"],
    ["https://proxy.example.com/ordercloud/", "https://proxy.example.com/ordercloud"],
    ["https://api.example.com:8443/", "https://api.example.com:8443"],
    ["https://api.example.com:443/", "https://api.example.com"],
    ["HTTPS://API.Example.COM/", "https://api.example.com"],
    ["http://localhost:4000/", "http://localhost:4000"],
    ["http://127.0.0.1:4000", "http://127.0.0.1:4000"],
    ["http://[::1]:4000/", "http://[::1]:4000"]
  ]
  for (const [input, expected] of normalized) {
    it.effect(`accepts ${input} as ${expected}`, () =>
      Effect.gen(function*() {
        const config = yield* OrderCloudConfig.make({ baseUrl: input, authUrl: input })
        assert.strictEqual(config.baseUrl, expected)
        assert.strictEqual(config.authUrl, expected)
      }))
  }

  const badUrls: ReadonlyArray<readonly [string, string]> = [
    ["plain http to a public host", "http://api.ordercloud.io"],
    ["plain http to a host that only starts with localhost", "http://localhost.evil.example"],
    ["plain http to a private address", "http://10.0.0.1"],
    ["another scheme", "ftp://api.example.com"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a host without a scheme", "api.ordercloud.io"],
    ["a relative path", "/v1"],
    ["an empty string", ""],
    ["not a URL", "not a url"],
    ["credentials", "https://user:secret@api.example.com"],
    ["a user name", "https://user@api.example.com"],
    ["a query", "https://api.example.com/?x=1"],
    ["a fragment", "https://api.example.com/#top"]
  ]
  for (const [name, url] of badUrls) {
    it.effect(`refuses a baseUrl with ${name} (InvalidConfig, field baseUrl)`, () =>
      Effect.gen(function*() {
        refused(yield* Effect.either(OrderCloudConfig.make({ baseUrl: url })), "baseUrl")
      }))
    it.effect(`refuses an authUrl with ${name} (InvalidConfig, field authUrl)`, () =>
      Effect.gen(function*() {
        refused(yield* Effect.either(OrderCloudConfig.make({ authUrl: url })), "authUrl")
      }))
  }

  it.effect("never repeats credentials from a refused URL in the error", () =>
    Effect.gen(function*() {
      for (const url of ["https://admin:hunter22@api.example.com", "http://admin:hunter22@api.example.com"]) {
        const error = refused(yield* Effect.either(OrderCloudConfig.make({ baseUrl: url })), "baseUrl")
        assert.notInclude(error.detail, "hunter22")
        assert.notInclude(error.message, "hunter22")
      }
    }))

  for (const apiVersion of ["v1", "v2", "v10"]) {
    it.effect(`accepts the API version ${apiVersion}`, () =>
      Effect.gen(function*() {
        assert.strictEqual((yield* OrderCloudConfig.make({ apiVersion })).apiVersion, apiVersion)
      }))
  }
  for (const apiVersion of ["1", "V1", "v", "v1.0", "v1/", "/v1", "", "v1 "]) {
    it.effect(`refuses the API version ${JSON.stringify(apiVersion)} (field apiVersion)`, () =>
      Effect.gen(function*() {
        refused(yield* Effect.either(OrderCloudConfig.make({ apiVersion })), "apiVersion")
      }))
  }

  it.effect("accepts a positive timeout in any duration form", () =>
    Effect.gen(function*() {
      for (const [input, millis] of [["30 seconds", 30_000], [1500, 1500], [Duration.minutes(2), 120_000]] as const) {
        const config = yield* OrderCloudConfig.make({ timeout: input })
        assert.strictEqual(Duration.toMillis(config.timeout), millis)
      }
    }))

  it.effect("accepts the longest timeout a timer can wait for", () =>
    Effect.gen(function*() {
      const config = yield* OrderCloudConfig.make({ timeout: OrderCloudConfig.maxTimeoutMillis })
      assert.strictEqual(Duration.toMillis(config.timeout), 2 ** 31 - 1)
    }))

  // Infinity (and anything a timer treats as infinite) would turn the deadline off.
  const badTimeouts: ReadonlyArray<readonly [string, Duration.DurationInput]> = [
    ["zero", 0],
    ["zero seconds", "0 seconds"],
    ["a negative number", -5],
    ["negative seconds", "-5 seconds"],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["Duration.infinity", Duration.infinity],
    ["[Infinity, 0] (seconds, nanos)", [Number.POSITIVE_INFINITY, 0]],
    ["a negative bigint of nanos", BigInt(-5)],
    ["more than a timer can wait (25 days)", "25 days"],
    ["one millisecond over the timer limit", 2 ** 31],
    ["Duration.zero", Duration.zero],
    ["a malformed string", "soon" as Duration.DurationInput]
  ]
  for (const [name, timeout] of badTimeouts) {
    it.effect(`refuses a timeout of ${name} (field timeout)`, () =>
      Effect.gen(function*() {
        refused(yield* Effect.either(OrderCloudConfig.make({ timeout })), "timeout")
      }))
    it.effect(`layer refuses a timeout of ${name} (field timeout)`, () =>
      Effect.gen(function*() {
        const result = yield* OrderCloudConfig.OrderCloudConfig.pipe(
          Effect.provide(OrderCloudConfig.layer({ timeout })),
          Effect.either
        )
        refused(result, "timeout")
      }))
  }

  it.effect("layer provides the validated config, and fails with InvalidConfig on bad options", () =>
    Effect.gen(function*() {
      const config = yield* OrderCloudConfig.OrderCloudConfig.pipe(
        Effect.provide(OrderCloudConfig.layer({ baseUrl: "https://api.example.com/", apiVersion: "v2" }))
      )
      assert.deepStrictEqual({ ...config, timeout: Duration.toMillis(config.timeout) }, {
        baseUrl: "https://api.example.com",
        authUrl: "https://api.example.com",
        apiVersion: "v2",
        timeout: 60_000
      })
      const failed = yield* Effect.either(
        OrderCloudConfig.OrderCloudConfig.pipe(
          Effect.provide(OrderCloudConfig.layer({ baseUrl: "http://api.example.com" }))
        )
      )
      refused(failed, "baseUrl")
    }))
})

describe("OrderCloudConfig.layerConfig", () => {
  it.effect("with no variables set, uses the defaults", () =>
    Effect.gen(function*() {
      const result = yield* fromEnv([])
      if (Either.isLeft(result)) return assert.fail(String(result.left))
      assert.strictEqual(result.right.baseUrl, "https://sandboxapi.ordercloud.io")
      assert.strictEqual(result.right.authUrl, "https://sandboxapi.ordercloud.io")
      assert.strictEqual(result.right.apiVersion, "v1")
      assert.strictEqual(Duration.toMillis(result.right.timeout), 60_000)
    }))

  it.effect("reads ORDERCLOUD_BASE_URL, ORDERCLOUD_AUTH_URL, ORDERCLOUD_API_VERSION and ORDERCLOUD_TIMEOUT", () =>
    Effect.gen(function*() {
      const result = yield* fromEnv([
        ["ORDERCLOUD_BASE_URL", "https://useast-production.ordercloud.io/"],
        ["ORDERCLOUD_AUTH_URL", "https://auth.example.com/"],
        ["ORDERCLOUD_API_VERSION", "v2"],
        ["ORDERCLOUD_TIMEOUT", "1500 millis"]
      ])
      if (Either.isLeft(result)) return assert.fail(String(result.left))
      assert.strictEqual(result.right.baseUrl, "https://useast-production.ordercloud.io")
      assert.strictEqual(result.right.authUrl, "https://auth.example.com")
      assert.strictEqual(result.right.apiVersion, "v2")
      assert.strictEqual(Duration.toMillis(result.right.timeout), 1500)
    }))

  it.effect("ORDERCLOUD_AUTH_URL defaults to ORDERCLOUD_BASE_URL", () =>
    Effect.gen(function*() {
      const result = yield* fromEnv([["ORDERCLOUD_BASE_URL", "http://localhost:4000"]])
      if (Either.isLeft(result)) return assert.fail(String(result.left))
      assert.strictEqual(result.right.authUrl, "http://localhost:4000")
    }))

  it.effect("works with Layer.setConfigProvider too", () =>
    Effect.gen(function*() {
      const config = yield* OrderCloudConfig.OrderCloudConfig.pipe(
        Effect.provide(
          OrderCloudConfig.layerConfig().pipe(
            Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ORDERCLOUD_API_VERSION", "v3"]]))))
          )
        )
      )
      assert.strictEqual(config.apiVersion, "v3")
    }))

  it.effect("each variable can be replaced by another Config", () =>
    Effect.gen(function*() {
      const result = yield* fromEnv(
        [["MY_API", "https://api.example.com"], ["ORDERCLOUD_BASE_URL", "https://ignored.example.com"]],
        { baseUrl: Config.string("MY_API"), timeout: Config.succeed(Duration.seconds(5)) }
      )
      if (Either.isLeft(result)) return assert.fail(String(result.left))
      assert.strictEqual(result.right.baseUrl, "https://api.example.com")
      assert.strictEqual(Duration.toMillis(result.right.timeout), 5000)
    }))

  const invalid: ReadonlyArray<readonly [string, string, OrderCloudConfig.InvalidConfig["field"]]> = [
    ["ORDERCLOUD_BASE_URL", "http://api.ordercloud.io", "baseUrl"],
    ["ORDERCLOUD_BASE_URL", "not a url", "baseUrl"],
    ["ORDERCLOUD_AUTH_URL", "https://auth.example.com/?client_id=x", "authUrl"],
    ["ORDERCLOUD_API_VERSION", "1", "apiVersion"],
    ["ORDERCLOUD_TIMEOUT", "0 seconds", "timeout"],
    ["ORDERCLOUD_TIMEOUT", "-1 seconds", "timeout"],
    ["ORDERCLOUD_TIMEOUT", "30 days", "timeout"],
    ["ORDERCLOUD_TIMEOUT", `${"9".repeat(400)} days`, "timeout"]
  ]
  for (const [name, value, field] of invalid) {
    it.effect(`${name}=${JSON.stringify(value)} fails with InvalidConfig (field ${field})`, () =>
      Effect.gen(function*() {
        refused(yield* fromEnv([[name, value]]), field)
      }))
  }

  const infiniteConfigs: ReadonlyArray<readonly [string, Config.Config<Duration.Duration | undefined>]> = [
    ["Duration.infinity", Config.succeed(Duration.infinity)],
    ["Infinity millis", Config.succeed(Duration.millis(Number.POSITIVE_INFINITY))],
    ["NaN millis", Config.succeed(Duration.millis(Number.NaN))],
    ["negative millis", Config.succeed(Duration.millis(-1))]
  ]
  for (const [name, timeout] of infiniteConfigs) {
    it.effect(`a timeout Config of ${name} fails with InvalidConfig (field timeout)`, () =>
      Effect.gen(function*() {
        refused(yield* fromEnv([], { timeout }), "timeout")
      }))
  }

  for (const value of ["soon", "10 parsecs", "10"]) {
    it.effect(`a malformed ORDERCLOUD_TIMEOUT ${JSON.stringify(value)} fails with a ConfigError naming it`, () =>
      Effect.gen(function*() {
        const result = yield* fromEnv([["ORDERCLOUD_TIMEOUT", value]])
        if (Either.isRight(result)) return assert.fail("expected a ConfigError")
        assert.isTrue(ConfigError.isConfigError(result.left), `expected a ConfigError, got ${String(result.left)}`)
        assert.include(String(result.left), "ORDERCLOUD_TIMEOUT")
      }))
  }
})
