/**
 * Fault injection: a sandbox that misbehaves the way a real network and a
 * busy platform do, reproducibly, to exercise retries, deadlines and error
 * handling.
 *
 * Pass `faults` in the sandbox options (`Sandbox.layer`, `Sandbox.layerClient`,
 * `Sandbox.make`, `Server.layer`), or flags to `pnpm sandbox` (`--latency 200`,
 * `--unavailable 0.2`, `--fault-seed 42`, ...). Without `faults`, nothing is
 * injected.
 *
 * How a request is decided:
 *
 * - Only eligible requests are affected: those whose path matches `paths`
 *   (every path by default), except the auth endpoints (`/oauth/...`) unless
 *   `auth` is `true`, so sessions can always sign in.
 * - Each eligible request, in order of arrival, draws three numbers from a
 *   PRNG (mulberry32) seeded with `seed`: one for its latency, one for its
 *   fault, one for where a truncated body is cut. The same seed, options and
 *   request order give the same latencies and faults.
 * - Latency first: the answer waits (on the Effect `Clock`, so `TestClock`
 *   drives it in-process). Then at most one fault, the rates being shares of
 *   one draw, taken in this order: `throttle` (429), `unavailable` (503),
 *   `reset`, `truncate`. Rates are clamped to [0, 1]; when they add up to
 *   more than 1, the later ones get what is left.
 * - After `maxFaults` faults, requests still draw (so the sequence does not
 *   shift) but are answered normally; latency still applies.
 *
 * What each fault looks like:
 *
 * | fault | in-process (`Sandbox.layer`) | port mode (`Server.layer`) | the request is processed |
 * |---|---|---|---|
 * | `throttle` | 429, `Retry-After`, `ErrorCode` `TooManyRequests` | same | no |
 * | `unavailable` | 503, `Retry-After`, `ErrorCode` `ServiceUnavailable` | same | no |
 * | `reset` | the fetch rejects with a `TypeError` (cause `ECONNRESET`) | the socket is reset (RST) before any answer | no |
 * | `truncate` | the body stream errors after part of the body | headers with the full `Content-Length`, part of the body, then the socket is closed | yes |
 *
 * Error answers carry OrderCloud's body, `{ Errors: [{ ErrorCode, Message,
 * Data }] }`. A truncated answer with no body (a 204) is sent whole. The app
 * of `Sandbox.make` has no transport under it: there, resets and truncation
 * draw but answer normally.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"

/**
 * A delay drawn uniformly (in whole milliseconds) between `min` and `max`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Range {
  readonly min: Duration.DurationInput
  readonly max: Duration.DurationInput
}

/**
 * An error answer injected at `rate`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Throttle {
  /** The share of eligible requests answered so, from 0 to 1. */
  readonly rate: number
  /** The `Retry-After` header, in whole seconds, or `false` for none. Default 1. */
  readonly retryAfter?: number | false | undefined
}

/**
 * A transport fault injected at `rate`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Rate {
  /** The share of eligible requests, from 0 to 1. */
  readonly rate: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Seeds the PRNG that decides. Default: a random seed (logged at debug level). */
  readonly seed?: number | undefined
  /** Added before each eligible answer: a fixed delay or a range. Default none. */
  readonly latency?: Duration.DurationInput | Range | undefined
  /** 429 Too Many Requests. */
  readonly throttle?: Throttle | undefined
  /** 503 Service Unavailable. */
  readonly unavailable?: Throttle | undefined
  /** The connection is reset before any answer. */
  readonly reset?: Rate | undefined
  /** The answer's body is cut short and the connection closed. */
  readonly truncate?: Rate | undefined
  /**
   * Which requests are eligible: a string matches a path and everything
   * under it (`"/v1/products"` matches `/v1/products/tee-01`, not
   * `/v1/productfacets`); a RegExp is tested against the path (no query).
   * Default every path.
   */
  readonly paths?: ReadonlyArray<string | RegExp> | undefined
  /** Whether the auth endpoints (`/oauth/...`) are eligible too. Default false. */
  readonly auth?: boolean | undefined
  /** Faults injected at most, in all (latency is not counted). Default no limit. */
  readonly maxFaults?: number | undefined
}
