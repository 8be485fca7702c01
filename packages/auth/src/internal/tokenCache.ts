import * as Middleware from "@ordercloud-effect/core/Middleware"
import type * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import type * as CoreSession from "@ordercloud-effect/core/Session"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Equal from "effect/Equal"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import { claimsEither, type TokenResponse } from "../AccessToken.js"

type Token = Redacted.Redacted<string>
type Failure = OrderCloudError.OrderCloudError

/**
 * How a session gets its tokens.
 * @internal
 */
export interface Grant {
  /** The configured grant (password, client credentials, impersonation...). */
  readonly request: Effect.Effect<TokenResponse, Failure>
  /**
   * The `refresh_token` grant, for sessions that may use refresh tokens;
   * `undefined` for sessions that always repeat `request` (impersonation).
   */
  readonly refresh: ((refreshToken: Token) => Effect.Effect<TokenResponse, Failure>) | undefined
  /**
   * The refresh token `request` itself sends (the refresh-token session),
   * kept when a response carries none and never retried as a "fallback" of
   * itself.
   */
  readonly configuredRefreshToken: Token | undefined
  /** How long before expiry a token stops being reused. */
  readonly expiryMargin: Duration.Duration
}

/** A token in the cache and when it stops being handed out. */
interface Cached {
  readonly accessToken: Token
  readonly refreshAt: number
}

interface State {
  readonly current: Option.Option<Cached>
  readonly refreshToken: Option.Option<Token>
  readonly inflight: Option.Option<Deferred.Deferred<Token, Failure>>
}

/**
 * When the token stops being reused, in Clock milliseconds. The lifetime is
 * `expires_in` (relative, so immune to clock skew between this machine and
 * OrderCloud), counted from before the request was sent; the JWT `exp` is
 * used only when `expires_in` is missing or not positive. The margin is
 * capped at half the lifetime so a short-lived token is still reused.
 * @internal
 */
export const refreshAt = (response: TokenResponse, requestedAt: number, margin: Duration.Duration): number => {
  let lifetime = Number.isFinite(response.expires_in) && response.expires_in > 0 ? response.expires_in * 1000 : 0
  if (lifetime === 0) {
    const claims = claimsEither(response.access_token)
    if (Either.isRight(claims) && claims.right.exp !== undefined) {
      lifetime = Math.max(0, claims.right.exp * 1000 - requestedAt)
    }
  }
  const marginMillis = Math.min(Math.max(0, Duration.toMillis(margin)), lifetime / 2)
  return requestedAt + lifetime - marginMillis
}

/**
 * The token request is shared by every caller waiting for it, so it does
 * not run under the deadline of the call that happened to start it (each
 * caller still waits only as long as its own deadline allows; the request
 * has its own, from `send`). Core's `send` already drops the caller's
 * session, operation and attempt number.
 */
const ownDeadline = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.locally(effect, Middleware.currentDeadline, Option.none())

/**
 * A session backed by a token cache:
 * - a token is reused until `expiryMargin` before it expires;
 * - a new one comes from the refresh token when one was issued (the old
 *   refresh token is kept when the response has none; if the refresh grant
 *   fails, the configured grant is tried once), else from the grant again;
 * - single flight: however many callers find the cache cold or expiring,
 *   one token request is made and they all wait for it. The request runs in
 *   the session's scope, so a caller that is interrupted does not cancel it
 *   for the others, and closing the scope does; it is bounded by the config
 *   timeout, and a failure clears it so the next call starts afresh;
 * - `invalidate` drops the cached token only when it is the rejected one and
 *   answers `true`: a fresh token can be had, core sends the call once more.
 * @internal
 */
export const make = (grant: Grant): Effect.Effect<CoreSession.Service, never, Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    const state = yield* Ref.make<State>({
      current: Option.none(),
      refreshToken: Option.none(),
      inflight: Option.none()
    })

    const obtain = (refreshToken: Option.Option<Token>) => {
      const fromRequest = Effect.map(grant.request, (response) => ({
        response,
        refreshToken: Option.fromNullable(response.refresh_token ?? grant.configuredRefreshToken)
      }))
      if (grant.refresh === undefined || Option.isNone(refreshToken)) return fromRequest
      const used = refreshToken.value
      const refreshed = Effect.map(grant.refresh(used), (response) => ({
        response,
        refreshToken: Option.some(response.refresh_token ?? used)
      }))
      // The refresh-token session's own grant is this same request: no fallback.
      const isConfigured = grant.configuredRefreshToken !== undefined &&
        Equal.equals(grant.configuredRefreshToken, used)
      return isConfigured ? refreshed : Effect.orElse(refreshed, () => fromRequest)
    }

    const fetch = (deferred: Deferred.Deferred<Token, Failure>) =>
      Effect.gen(function*() {
        const { refreshToken } = yield* Ref.get(state)
        const requestedAt = yield* Clock.currentTimeMillis
        // Forked from inside `uninterruptibleMask`, this fiber starts
        // uninterruptible; the request must not be, or neither its deadline
        // nor closing the session's scope could stop it.
        const exit = yield* Effect.exit(Effect.interruptible(obtain(refreshToken)))
        if (Exit.isSuccess(exit)) {
          const { response } = exit.value
          const cached: Cached = {
            accessToken: response.access_token,
            refreshAt: refreshAt(response, requestedAt, grant.expiryMargin)
          }
          yield* Ref.set(state, {
            current: Option.some(cached),
            refreshToken: exit.value.refreshToken,
            inflight: Option.none()
          })
          yield* Deferred.succeed(deferred, cached.accessToken)
        } else {
          yield* Ref.update(state, (s) => ({ ...s, inflight: Option.none() }))
          yield* Deferred.failCause(deferred, exit.cause)
        }
      }).pipe(
        Effect.onInterrupt(() =>
          Effect.zipRight(Ref.update(state, (s) => ({ ...s, inflight: Option.none() })), Deferred.interrupt(deferred))
        )
      )

    const fresh = (now: number) => (s: State): Option.Option<Token> =>
      Option.isSome(s.current) && now < s.current.value.refreshAt
        ? Option.some(s.current.value.accessToken)
        : Option.none()

    const service: CoreSession.Service = {
      token: Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const hit = fresh(now)(yield* Ref.get(state))
        if (Option.isSome(hit)) return hit.value
        const candidate = yield* Deferred.make<Token, Failure>()
        return yield* Effect.uninterruptibleMask((restore) =>
          Effect.gen(function*() {
            const decision = yield* Ref.modify(state, (s): [
              { readonly _tag: "Hit"; readonly token: Token } | {
                readonly _tag: "Wait" | "Start"
                readonly deferred: Deferred.Deferred<Token, Failure>
              },
              State
            ] => {
              const token = fresh(now)(s)
              if (Option.isSome(token)) return [{ _tag: "Hit", token: token.value }, s]
              if (Option.isSome(s.inflight)) return [{ _tag: "Wait", deferred: s.inflight.value }, s]
              return [{ _tag: "Start", deferred: candidate }, { ...s, inflight: Option.some(candidate) }]
            })
            if (decision._tag === "Hit") return decision.token
            if (decision._tag === "Start") {
              yield* Effect.forkIn(ownDeadline(fetch(decision.deferred)), scope)
            }
            return yield* restore(Deferred.await(decision.deferred))
          })
        )
      }),
      invalidate: (rejected) =>
        Ref.update(state, (s) =>
          Option.isSome(s.current) && Equal.equals(s.current.value.accessToken, rejected)
            ? { ...s, current: Option.none() }
            : s).pipe(Effect.as(true))
    }
    return service
  })
