/**
 * The retry plugin: resends a request that failed for a passing reason, only
 * when resending cannot duplicate a write.
 *
 * - Retried: transport failures (connection refused or reset, DNS, a body
 *   cut short) and the statuses 408, 429, 500, 502, 503, 504. Never 400,
 *   401, 403, 404, 409 or 501.
 * - Only idempotent calls: GET, PUT, PATCH, DELETE, and a POST only when it
 *   creates an object with a client-chosen `ID`.
 * - At most `maxAttempts` attempts (3). Waits grow exponentially from
 *   `baseDelay`, capped at `maxDelay`, with full jitter (a random wait between
 *   0 and the cap of that step).
 * - `Retry-After` (seconds or an HTTP date) replaces the backoff, clamped to
 *   `maxRetryAfter`; an invalid value falls back to the backoff. A wait that
 *   would not end before the call's deadline is not taken: the call ends at
 *   once with the last answer.
 * - A retry budget (a token bucket shared by every call of one client, as
 *   the AWS SDKs do): each retry spends tokens, each success earns some back,
 *   so during an outage calls fail fast instead of multiplying the load.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
 * import { Layer } from "effect"
 *
 * // Up to 5 attempts, backoff from 500 millis capped at 5 seconds, no retry budget.
 * export const OrderCloudLive = OrderCloudClient.layer.pipe(
 *   Layer.provide(Retry.layer({ maxAttempts: 5, baseDelay: "500 millis", maxDelay: "5 seconds", budget: false })),
 *   Layer.provide(OrderCloudConfig.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import { Tunneled } from "./internal/tunnel.js"
import * as Middleware from "./Middleware.js"

/**
 * The retry budget: a bucket of `capacity` tokens. A retry after an error
 * status costs `retryCost`, after a transport failure `transportErrorCost`; a
 * call that succeeds on its first attempt adds `successReward`, one that
 * succeeds after retrying gives back what its last retry cost.
 *
 * @since 0.1.0
 * @category models
 */
export interface Budget {
  readonly capacity: number
  readonly retryCost: number
  readonly transportErrorCost: number
  readonly successReward: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Attempts in all, the first included. Default 3. */
  readonly maxAttempts?: number | undefined
  /** The backoff of the first retry. Default 200 millis. */
  readonly baseDelay?: Duration.DurationInput | undefined
  /** The cap of the backoff. Default 10 seconds. */
  readonly maxDelay?: Duration.DurationInput | undefined
  /** The longest `Retry-After` honoured. Default 60 seconds. */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
  /** Full jitter on the backoff. Default true; false waits the whole step. */
  readonly jitter?: boolean | undefined
  /** Statuses worth retrying. Default 408, 429, 500, 502, 503, 504. */
  readonly statuses?: ReadonlyArray<number> | undefined
  /** The retry budget, or `false` for none. */
  readonly budget?: Partial<Budget> | false | undefined
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultBudget: Budget = { capacity: 500, retryCost: 5, transportErrorCost: 10, successReward: 1 }

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultStatuses: ReadonlyArray<number> = [408, 429, 500, 502, 503, 504]

/**
 * Reads a `Retry-After` value: whole seconds, or an HTTP date (relative to
 * `now`, in milliseconds). `None` for anything else.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseRetryAfter = (value: string, now: number): Option.Option<Duration.Duration> => {
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Option.some(Duration.seconds(Number(trimmed)))
  // Date.parse also reads bare numbers ("1.5") as dates; HTTP dates name a weekday and month.
  if (!/[a-z]{3}/i.test(trimmed)) return Option.none()
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? Option.none() : Option.some(Duration.millis(Math.max(0, at - now)))
}

type Outcome = Either.Either<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>

const isTransient = (error: HttpClientError.HttpClientError): boolean =>
  error._tag === "RequestError" && error.reason === "Transport" && !(error.cause instanceof Tunneled)

/**
 * Builds a retry plugin with its own budget.
 *
 * @since 0.1.0
 * @category constructors
 */
export const plugin = (options: Options = {}): Effect.Effect<Middleware.Plugin> =>
  Effect.gen(function*() {
    const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3))
    const baseDelay = Duration.toMillis(options.baseDelay ?? Duration.millis(200))
    const maxDelay = Duration.toMillis(options.maxDelay ?? Duration.seconds(10))
    const maxRetryAfter = Duration.toMillis(options.maxRetryAfter ?? Duration.seconds(60))
    const jitter = options.jitter ?? true
    const statuses: ReadonlySet<number> = new Set(options.statuses ?? defaultStatuses)
    const budget = options.budget === false ? undefined : { ...defaultBudget, ...options.budget }
    const tokens = yield* Ref.make(budget?.capacity ?? 0)

    const spend = (cost: number): Effect.Effect<boolean> =>
      budget === undefined
        ? Effect.succeed(true)
        : Ref.modify(tokens, (left) => left >= cost ? [true, left - cost] : [false, left])

    const earn = (amount: number): Effect.Effect<void> =>
      budget === undefined ? Effect.void : Ref.update(tokens, (left) => Math.min(budget.capacity, left + amount))

    const backoff = (retry: number): Effect.Effect<number> => {
      const step = Math.min(maxDelay, baseDelay * 2 ** (retry - 1))
      return jitter ? Random.nextIntBetween(0, Math.floor(step) + 1) : Effect.succeed(step)
    }

    const delayFor = (outcome: Outcome, retry: number): Effect.Effect<number> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const header = Either.isRight(outcome) ? outcome.right.headers["retry-after"] : undefined
        const hinted = header === undefined ? Option.none() : parseRetryAfter(header, now)
        return Option.match(hinted, {
          onNone: () => backoff(retry),
          onSome: (wait) => Effect.succeed(Math.min(maxRetryAfter, Duration.toMillis(wait)))
        })
      })

    const fitsDeadline = (delay: number): Effect.Effect<boolean> =>
      Effect.flatMap(FiberRef.get(Middleware.currentDeadline), (deadline) =>
        Option.isNone(deadline)
          ? Effect.succeed(true)
          : Effect.map(Clock.currentTimeMillis, (now) => now + delay < deadline.value))

    return Middleware.make("retry", "retry", (client) =>
      HttpClient.transform(client, (effect, request) =>
        Effect.gen(function*() {
          const idempotent = yield* Middleware.isIdempotent(request.method)
          let lastCost = 0
          for (let attempt = 1;; attempt++) {
            const outcome: Outcome = yield* Effect.either(Effect.locally(effect, Middleware.currentAttempt, attempt))
            const retryable = Either.isRight(outcome) ? statuses.has(outcome.right.status) : isTransient(outcome.left)
            if (!retryable) {
              if (Either.isRight(outcome)) yield* earn(attempt === 1 ? (budget?.successReward ?? 0) : lastCost)
              return yield* outcome
            }
            if (!idempotent || attempt >= maxAttempts) return yield* outcome
            const delay = yield* delayFor(outcome, attempt)
            if (!(yield* fitsDeadline(delay))) return yield* outcome
            const cost = Either.isLeft(outcome) ? (budget?.transportErrorCost ?? 0) : (budget?.retryCost ?? 0)
            if (!(yield* spend(cost))) return yield* outcome
            lastCost = cost
            yield* Effect.sleep(Duration.millis(delay))
          }
        })))
  })

/**
 * The retry plugin as a Layer (slot `retry`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Middleware.Plugins> => Middleware.layer(plugin(options))
