/**
 * Where and how to reach OrderCloud: the API base URL, the auth base URL, the
 * API version and the deadline of one call.
 *
 * Environment variables read by `layerConfig`:
 *
 * | variable | default |
 * |---|---|
 * | `ORDERCLOUD_BASE_URL` | `https://sandboxapi.ordercloud.io` |
 * | `ORDERCLOUD_AUTH_URL` | the base URL |
 * | `ORDERCLOUD_API_VERSION` | `v1` |
 * | `ORDERCLOUD_TIMEOUT` | `60 seconds` (any positive Effect duration up to about 24 days: `30 seconds`, `1500 millis`) |
 *
 * @example
 * ```ts
 * import { OrderCloudConfig } from "@ordercloud-effect/core"
 * import { Config, Effect } from "effect"
 *
 * // Options in code; a URL that is not https (except on loopback) fails with InvalidConfig.
 * export const europe = OrderCloudConfig.layer({ baseUrl: "https://westeurope-production.ordercloud.io", timeout: "30 seconds" })
 *
 * // From ORDERCLOUD_* variables, with one of them replaced by another Config.
 * export const fromEnv = OrderCloudConfig.layerConfig({ baseUrl: Config.string("API_URL") })
 *
 * // The config as a value, checked the same way.
 * export const local = Effect.runSync(OrderCloudConfig.make({ baseUrl: "http://localhost:8080" }))
 * console.log(local.apiVersion) // "v1"
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"

/**
 * The public sandbox environment (US West), OrderCloud's place for trying things.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://sandboxapi.ordercloud.io"

/**
 * The JavaScript SDK's default, kept so behaviour matches what users know.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(60)

/**
 * The longest deadline a timer can wait for (2^31 - 1 ms, about 24.8 days);
 * a longer `timeout` is refused, since it would never fire.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxTimeoutMillis = 2 ** 31 - 1

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Origin (and optional path prefix) of the API, without a trailing slash. */
  readonly baseUrl: string
  /** Origin of the OAuth endpoints (`/oauth/token` lives at its root). */
  readonly authUrl: string
  /** The path segment before every resource path (`v1`). */
  readonly apiVersion: string
  /** The deadline of one whole call, retries included: positive and finite. */
  readonly timeout: Duration.Duration
}

/**
 * @since 0.1.0
 * @category tags
 */
export class OrderCloudConfig extends Context.Tag("@ordercloud-effect/core/OrderCloudConfig")<
  OrderCloudConfig,
  Service
>() {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly baseUrl?: string | undefined
  readonly authUrl?: string | undefined
  readonly apiVersion?: string | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The configuration was refused: a URL that does not parse, that is not
 * `https:` (only loopback hosts may use `http:`), or that carries
 * credentials, a query or a fragment; an API version that is not `vN`; a
 * timeout that is not a positive, finite duration of at most
 * `maxTimeoutMillis` (zero, negative, `NaN`, `Infinity`: there is no "no
 * deadline" setting).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidConfig extends Schema.TaggedError<InvalidConfig>()("InvalidConfig", {
  field: Schema.Literal("baseUrl", "authUrl", "apiVersion", "timeout"),
  detail: Schema.String
}) {
  override get message(): string {
    return `InvalidConfig (${this.field}): ${this.detail}`
  }
}

const isLoopback = (hostname: string): boolean =>
  hostname === "localhost" ||
  hostname.endsWith(".localhost") ||
  hostname === "[::1]" ||
  /^127(?:\.\d{1,3}){3}$/.test(hostname)

const validateUrl = (field: "baseUrl" | "authUrl", input: string): Effect.Effect<string, InvalidConfig> => {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return Effect.fail(new InvalidConfig({ field, detail: "not an absolute URL" }))
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    return Effect.fail(
      new InvalidConfig({
        field,
        detail:
          `OrderCloud accepts HTTPS only; "${url.protocol}//${url.host}" is refused (http is allowed for loopback hosts)`
      })
    )
  }
  if (url.username !== "" || url.password !== "") {
    return Effect.fail(new InvalidConfig({ field, detail: "credentials in the URL are refused" }))
  }
  if (url.search !== "" || url.hash !== "") {
    return Effect.fail(new InvalidConfig({ field, detail: "a query or fragment is not allowed" }))
  }
  return Effect.succeed(`${url.origin}${url.pathname.replace(/\/+$/, "")}`)
}

/**
 * Validates options and fills in defaults.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, InvalidConfig> =>
  Effect.gen(function*() {
    const baseUrl = yield* validateUrl("baseUrl", options.baseUrl ?? defaultBaseUrl)
    const authUrl = options.authUrl === undefined ? baseUrl : yield* validateUrl("authUrl", options.authUrl)
    const apiVersion = options.apiVersion ?? "v1"
    if (!/^v\d+$/.test(apiVersion)) {
      return yield* new InvalidConfig({ field: "apiVersion", detail: `expected "v" and a number, got "${apiVersion}"` })
    }
    const timeout = Duration.decodeUnknown(options.timeout ?? defaultTimeout)
    const millis = timeout._tag === "None" ? Number.NaN : Duration.toMillis(timeout.value)
    // NaN and negative numbers decode to zero; Infinity would turn the deadline
    // off, and so would anything beyond what a timer can wait (Effect treats it
    // as infinite).
    if (timeout._tag === "None" || !(millis > 0 && millis <= maxTimeoutMillis)) {
      return yield* new InvalidConfig({
        field: "timeout",
        detail: `expected a positive, finite duration of at most ${maxTimeoutMillis} ms (about 24 days)`
      })
    }
    return { baseUrl, authUrl, apiVersion, timeout: timeout.value }
  })

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<OrderCloudConfig, InvalidConfig> =>
  Layer.effect(OrderCloudConfig, make(options))

/**
 * Reads `ORDERCLOUD_BASE_URL`, `ORDERCLOUD_AUTH_URL`, `ORDERCLOUD_API_VERSION`
 * and `ORDERCLOUD_TIMEOUT`; each may be replaced by another `Config`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  configs: {
    readonly baseUrl?: Config.Config<string | undefined>
    readonly authUrl?: Config.Config<string | undefined>
    readonly apiVersion?: Config.Config<string | undefined>
    readonly timeout?: Config.Config<Duration.Duration | undefined>
  } = {}
): Layer.Layer<OrderCloudConfig, InvalidConfig | ConfigError.ConfigError> =>
  Layer.effect(
    OrderCloudConfig,
    Effect.flatMap(
      Config.all({
        baseUrl: configs.baseUrl ?? optional(Config.string("ORDERCLOUD_BASE_URL")),
        authUrl: configs.authUrl ?? optional(Config.string("ORDERCLOUD_AUTH_URL")),
        apiVersion: configs.apiVersion ?? optional(Config.string("ORDERCLOUD_API_VERSION")),
        timeout: configs.timeout ?? optional(Config.duration("ORDERCLOUD_TIMEOUT"))
      }),
      make
    )
  )

const optional = <A>(config: Config.Config<A>): Config.Config<A | undefined> => Config.withDefault(config, undefined)
