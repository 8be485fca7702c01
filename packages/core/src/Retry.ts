/**
 * The retry plugin: resends a request that failed for a passing reason, only
 * when resending cannot duplicate a write.
 *
 * - Retried: transport failures (connection refused or reset, DNS, a body
 *   cut short) and the statuses 408, 429, 500, 502, 503, 504. Never 400,
 *   401, 403, 404, 409 or 501.
 * - Only idempotent calls: GET, PUT, PATCH, DELETE, and a POST only when it
 *   creates an object with a client-chosen `ID`. Except after a 429: the
 *   request was turned away unprocessed, so any call is retried, POST included.
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
 * - Creates (`OrderCloudClient.Operation.create`): one sent without an `ID`
 *   gets one in OrderCloud's shape before its first attempt (`createIds`,
 *   default true), so it is resent like an idempotent call. When a resent
 *   create meets `409 IdExists` after an attempt whose answer was lost (not a
 *   429), the object under its ID is read back and, when it holds what was
 *   sent, the call succeeds with it; when the read fails for a passing
 *   reason, the call fails with that (the outcome is unknown); otherwise the
 *   `Conflict` stands.
 *
 * @example
 * ```ts
 * import { OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
 * import { Layer } from "effect"
 *
 * // Up to 5 attempts, backoff from 500 millis capped at 5 seconds, no retry budget.
 * export const OrderCloudLive = OrderCloudClient.layer({
 *   middleware: [Retry.middleware({ maxAttempts: 5, baseDelay: "500 millis", maxDelay: "5 seconds", budget: false })]
 * }).pipe(Layer.provide(OrderCloudConfig.layerConfig()))
 * ```
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as ApiError from "./ApiError.js"
import * as Body from "./internal/body.js"
import * as Create from "./internal/create.js"
import * as Middleware from "./Middleware.js"
import type { OrderCloudError } from "./OrderCloudError.js"
import type * as Transport from "./Transport.js"

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
  /**
   * Give a create sent without an `ID` one chosen here, in OrderCloud's own
   * shape, before its first attempt, so it can be resent like any
   * idempotent call. Default true; false leaves the ID to the server and
   * such a create is then resent only after a 429.
   */
  readonly createIds?: boolean | undefined
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

type Outcome = Either.Either<Transport.Response, OrderCloudError>

/** 429: the server turned the request away before processing it; resending cannot duplicate a write. */
const notProcessed = (outcome: Outcome): boolean => Either.isRight(outcome) && outcome.right.status === 429

/** A 409 whose first `ErrorCode` is `IdExists`: the ID a create names is taken. */
const isIdExists = (outcome: Outcome): boolean =>
  Either.isRight(outcome) && outcome.right.status === 409 &&
  ApiError.fromBody(outcome.right.text)[0]?.ErrorCode === "IdExists"

/** Only a failed exchange is worth resending; a deadline, a refused redirect or bad input is final. */
const isTransient = (error: OrderCloudError): boolean => error._tag === "TransportError"

/**
 * Builds a retry middleware with its own budget (shared by every call of
 * the client it is given to).
 *
 * @since 0.2.0
 * @category constructors
 */
export const middleware = (options: Options = {}): Effect.Effect<Middleware.Middleware> => {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3))
  const baseDelay = Duration.toMillis(options.baseDelay ?? Duration.millis(200))
  const maxDelay = Duration.toMillis(options.maxDelay ?? Duration.seconds(10))
  const maxRetryAfter = Duration.toMillis(options.maxRetryAfter ?? Duration.seconds(60))
  const jitter = options.jitter ?? true
  const createIds = options.createIds ?? true
  const statuses: ReadonlySet<number> = new Set(options.statuses ?? defaultStatuses)
  const budget = options.budget === false ? undefined : { ...defaultBudget, ...options.budget }
  return Effect.map(Ref.make(budget?.capacity ?? 0), (tokens) => {
    const spend = (cost: number): Effect.Effect<boolean> =>
      budget === undefined
        ? Effect.succeed(true)
        : Ref.modify(tokens, (left) => left >= cost ? [true, left - cost] : [false, left])

    const earn = (amount: number): Effect.Effect<void> =>
      budget === undefined || amount === 0
        ? Effect.void
        : Ref.update(tokens, (left) => Math.min(budget.capacity, left + amount))

    const backoff = (retry: number): Effect.Effect<number> => {
      const step = Math.min(maxDelay, baseDelay * 2 ** (retry - 1))
      return jitter ? Random.nextIntBetween(0, Math.floor(step) + 1) : Effect.succeed(step)
    }

    const delayFor = (outcome: Outcome, retry: number, now: number): Effect.Effect<number> => {
      const header = Either.isRight(outcome) ? outcome.right.headers["retry-after"] : undefined
      const hinted = header === undefined ? Option.none() : parseRetryAfter(header, now)
      return Option.match(hinted, {
        onNone: () => backoff(retry),
        onSome: (wait) => Effect.succeed(Math.min(maxRetryAfter, Duration.toMillis(wait)))
      })
    }

    /**
     * Sends until an answer is final or retrying stops paying. `unsure` tells
     * whether an earlier attempt may have been processed although its answer
     * was lost (anything but a 429, which is turned away unprocessed).
     */
    const attempts = (
      call: Middleware.Call,
      request: Transport.Request,
      next: Middleware.Next,
      resendable: boolean
    ): Effect.Effect<{ readonly outcome: Outcome; readonly unsure: boolean }> => {
      const loop = (
        attempt: number,
        lastCost: number,
        unsure: boolean
      ): Effect.Effect<{ readonly outcome: Outcome; readonly unsure: boolean }> =>
        Effect.flatMap(
          Effect.either(next(request, attempt === call.attempt ? call : { ...call, attempt })),
          (outcome) => {
            const retryable = Either.isRight(outcome) ? statuses.has(outcome.right.status) : isTransient(outcome.left)
            if (!retryable) {
              const settled = Effect.succeed({ outcome, unsure })
              return Either.isRight(outcome)
                ? Effect.zipRight(earn(attempt === 1 ? (budget?.successReward ?? 0) : lastCost), settled)
                : settled
            }
            if ((!resendable && !notProcessed(outcome)) || attempt >= maxAttempts) {
              return Effect.succeed({ outcome, unsure })
            }
            return Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Effect.flatMap(delayFor(outcome, attempt, now), (delay) => {
                // A wait that would not end before the deadline is not taken.
                if (now + delay >= call.deadline) {
                  return Effect.succeed({ outcome, unsure })
                }
                const cost = Either.isLeft(outcome) ? (budget?.transportErrorCost ?? 0) : (budget?.retryCost ?? 0)
                return Effect.flatMap(spend(cost), (spent) =>
                  spent
                    ? Effect.zipRight(
                      Effect.sleep(Duration.millis(delay)),
                      loop(attempt + 1, cost, unsure || !notProcessed(outcome))
                    )
                    : Effect.succeed({ outcome, unsure }))
              }))
          }
        )
      return loop(call.attempt, 0, false)
    }

    /**
     * After `IdExists` on a resent create: reads the object under the
     * create's ID. When it holds what was sent, the call answers with it
     * (201), as the lost answer of the attempt that wrote it would have. When
     * the read itself fails for a passing reason (its own attempts spent),
     * whether the create was written is unknown: the call answers with that
     * failure, not with a `Conflict` that would say it was not. `None`: the
     * object differs (or is not there), so the `Conflict` stands.
     */
    const readBack = (
      call: Middleware.Call,
      next: Middleware.Next,
      readUrl: string,
      create: Create.Prepared
    ): Effect.Effect<Option.Option<Outcome>> => {
      const { "content-type": _, ...headers } = create.request.headers
      const read: Transport.Request = {
        method: "GET",
        url: `${readUrl}/${encodeURIComponent(create.id)}`,
        headers,
        body: undefined
      }
      return Effect.map(attempts({ ...call, idempotent: true, attempt: 1 }, read, next, true), ({ outcome }) => {
        if (Either.isLeft(outcome)) return isTransient(outcome.left) ? Option.some(outcome) : Option.none()
        const { status, text } = outcome.right
        if (status < 200 || status >= 300) return statuses.has(status) ? Option.some(outcome) : Option.none()
        const found = Body.parseJson(text)
        if (!found.ok || !Create.holds(found.json, create.fields)) return Option.none()
        return Option.some(Either.right({ ...outcome.right, status: 201 }))
      })
    }

    const retrying: Middleware.Middleware = (call, request, next) =>
      Effect.flatMap(
        call.create === undefined ? Effect.succeed(undefined) : Create.prepare(request, createIds),
        (create) => {
          const sent = create?.request ?? request
          const resent = create !== undefined && create.request !== request ? { ...call, idempotent: true } : call
          const resendable = create !== undefined || call.idempotent
          return Effect.flatMap(attempts(resent, sent, next, resendable), ({ outcome, unsure }) => {
            const readUrl = call.create?.readUrl
            if (create !== undefined && unsure && readUrl !== undefined && isIdExists(outcome)) {
              return Effect.flatMap(
                readBack(resent, next, readUrl, create),
                Option.match({ onNone: () => outcome, onSome: (found) => found })
              )
            }
            return outcome
          })
        }
      )

    return Middleware.placed("retry", retrying)
  })
}
