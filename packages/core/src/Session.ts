/**
 * The perspective a call is made from: which access token it carries.
 *
 * Resource operations require a `Session` in their context, so acting as
 * another user is `Effect.provide(effect, otherSessionLayer)` on a
 * sub-effect. The auth package implements one session per OAuth grant; this
 * module holds the interface and the simplest implementation, a fixed token.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type { OrderCloudError } from "./OrderCloudError.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * The access token for the next request. Asked once per attempt, so a
   * retry after a refresh carries the fresh token.
   */
  readonly token: Effect.Effect<Redacted.Redacted<string>, OrderCloudError>
  /**
   * Told that OrderCloud answered 401 to a request that carried `rejected`.
   * Answers `true` when a different token can now be had (the cached one was
   * dropped), in which case the call is sent once more; `false` ends it with
   * the `Unauthorized` error.
   */
  readonly invalidate: (rejected: Redacted.Redacted<string>) => Effect.Effect<boolean>
  /**
   * Like `token`, for a call that must end by `deadline` (Clock
   * milliseconds): a session that may wait for a token request another call
   * started waits only until then, and fails with `onTimeout()`. Sessions
   * that never wait can leave it out.
   */
  readonly tokenWithin?: (
    deadline: number,
    onTimeout: () => OrderCloudError
  ) => Effect.Effect<Redacted.Redacted<string>, OrderCloudError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Session extends Context.Tag("@ordercloud-effect/core/Session")<Session, Service>() {}

/**
 * A session that always sends the same token and cannot renew it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromToken = (token: Redacted.Redacted<string> | string): Service => {
  const redacted = typeof token === "string" ? Redacted.make(token) : token
  return {
    token: Effect.succeed(redacted),
    invalidate: () => Effect.succeed(false)
  }
}

/**
 * @since 0.1.0
 * @category layers
 */
export const layerToken = (token: Redacted.Redacted<string> | string): Layer.Layer<Session> =>
  Layer.succeed(Session, fromToken(token))
