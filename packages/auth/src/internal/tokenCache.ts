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
import * as Random from "effect/Random"
import type * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import { claimsEither, type TokenResponse } from "../AccessToken.js"
import type * as Store from "./store.js"

type Token = Redacted.Redacted<string>
type Failure = OrderCloudError.OrderCloudError

/**
 * A token pair the session obtained, as reported to `onTokens`: the access
 * token, the refresh token it renews with next (rotated or kept), and when
 * the access token expires (Clock milliseconds).
 * @internal
 */
export interface Tokens {
  readonly accessToken: Token
  readonly refreshToken: Token | undefined
  readonly expiresAt: number
}

/**
 * Where tokens are shared beyond this session: a store entry for its
 * credential set (`undefined` when the key cannot be computed), and how long
 * a claim holds before others may ask in its place.
 * @internal
 */
export interface Shared {
  readonly entry: Effect.Effect<Store.Entry | undefined>
  readonly lease: Duration.Duration
}

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
  /** A saved token to use first (a resumed session). */
  readonly initial?: Held | undefined
  /** Told of every token pair the session requests, before any call uses it. */
  readonly onTokens?: ((tokens: Tokens) => Effect.Effect<void>) | undefined
  /** A store shared with other sessions and processes. */
  readonly shared?: Shared | undefined
}

/**
 * A token held (in memory or in a store) with its validity, in Clock
 * milliseconds.
 * @internal
 */
export interface Held {
  readonly accessToken: Token
  readonly refreshToken: Option.Option<Token>
  readonly issuedAt: number
  readonly expiresAt: number
}

interface State {
  readonly current: Option.Option<Held>
  readonly refreshToken: Option.Option<Token>
  readonly inflight: Option.Option<Deferred.Deferred<Token, Failure>>
  /** The last token OrderCloud refused: never taken back from a store. */
  readonly rejected: Option.Option<Token>
}

/**
 * When the token expires, in Clock milliseconds. The lifetime is
 * `expires_in` (relative, so immune to clock skew between this machine and
 * OrderCloud), counted from before the request was sent; the JWT `exp` is
 * used only when `expires_in` is missing or not positive.
 * @internal
 */
export const expiresAt = (response: TokenResponse, requestedAt: number): number => {
  let lifetime = Number.isFinite(response.expires_in) && response.expires_in > 0 ? response.expires_in * 1000 : 0
  if (lifetime === 0) {
    const claims = claimsEither(response.access_token)
    if (Either.isRight(claims) && claims.right.exp !== undefined) {
      lifetime = Math.max(0, claims.right.exp * 1000 - requestedAt)
    }
  }
  return requestedAt + lifetime
}

/**
 * When a held token stops being reused: `margin` before it expires, the
 * margin capped at half the lifetime so a short-lived token is still reused.
 */
const refreshAt = (held: Held, margin: Duration.Duration): number => {
  const lifetime = Math.max(0, held.expiresAt - held.issuedAt)
  return held.expiresAt - Math.min(Math.max(0, Duration.toMillis(margin)), lifetime / 2)
}

/** How long a claimer waits for others' claims to land before reading back. */
const claimSettle = Duration.millis(100)
/**
 * How long a waiting process waits before looking again for the token the
 * claimer writes: 50 ms, doubling up to 1 s (a token request usually takes
 * less than a second; one that hangs costs few reads).
 */
const claimPoll = (waits: number): Duration.Duration => Duration.millis(Math.min(50 * 2 ** Math.min(waits, 5), 1000))

const toStored = (held: Held): Store.StoredToken => ({
  accessToken: held.accessToken,
  ...(Option.isSome(held.refreshToken) ? { refreshToken: held.refreshToken.value } : {}),
  issuedAt: held.issuedAt,
  expiresAt: held.expiresAt
})

const fromStored = (stored: Store.StoredToken): Held => ({
  accessToken: stored.accessToken,
  refreshToken: Option.fromNullable(stored.refreshToken),
  issuedAt: stored.issuedAt,
  expiresAt: stored.expiresAt
})

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
 * - with a shared store, a token another session or process saved is taken
 *   before anything is requested, and of several processes finding none,
 *   the one whose claim stands asks while the others wait for its entry;
 * - `invalidate` drops the cached token only when it is the rejected one and
 *   answers `true`: a fresh token can be had, core sends the call once more.
 * @internal
 */
export const make = (grant: Grant): Effect.Effect<CoreSession.Service, never, Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    const state = yield* Ref.make<State>({
      current: Option.fromNullable(grant.initial),
      refreshToken: grant.initial === undefined ? Option.none() : grant.initial.refreshToken,
      inflight: Option.none(),
      rejected: Option.none()
    })
    // Tells this session's claims from every other's.
    const owner = `${(yield* Random.nextInt).toString(36)}-${(yield* Random.nextInt).toString(36)}`

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

    /** One token request; `onTokens` hears of its answer before anyone uses it. */
    const requestNew = (refreshToken: Option.Option<Token>) =>
      Effect.gen(function*() {
        const requestedAt = yield* Clock.currentTimeMillis
        const obtained = yield* obtain(refreshToken)
        const held: Held = {
          accessToken: obtained.response.access_token,
          refreshToken: obtained.refreshToken,
          issuedAt: requestedAt,
          expiresAt: expiresAt(obtained.response, requestedAt)
        }
        if (grant.onTokens !== undefined) {
          const report = grant.onTokens({
            accessToken: held.accessToken,
            refreshToken: Option.getOrUndefined(held.refreshToken),
            expiresAt: held.expiresAt
          })
          // The callback is the app's: its failure must not lose the token.
          yield* Effect.catchAllCause(report, () => Effect.logWarning("Session: onTokens failed; the session goes on"))
        }
        return held
      })

    const usable = (held: Held, now: number, rejected: Option.Option<Token>): boolean =>
      now < refreshAt(held, grant.expiryMargin) &&
      !(Option.isSome(rejected) && Equal.equals(rejected.value, held.accessToken))

    /**
     * The token through a shared store: a usable entry is taken as it is;
     * else this session claims the request, waits for other claims to land,
     * and asks only if its claim still stands. The others poll for the
     * entry until the claim's lease runs out. Bounded: after two leases
     * without a token, it asks without coordination. Fails with
     * `Unavailable` (before any token request) when the store fails.
     */
    const throughStore = (entry: Store.Entry, lease: Duration.Duration) =>
      Effect.gen(function*() {
        const leaseMillis = Duration.toMillis(lease)
        const startedAt = yield* Clock.currentTimeMillis
        let waits = 0
        const usableNow = (stored: Option.Option<Store.StoredToken>) =>
          Effect.gen(function*() {
            const now = yield* Clock.currentTimeMillis
            const { rejected } = yield* Ref.get(state)
            return Option.filter(Option.map(stored, fromStored), (held) => usable(held, now, rejected))
          })
        // Once asked, the token is the session's whatever the store does next.
        const requestAndShare = (stored: Option.Option<Store.StoredToken>) =>
          Effect.gen(function*() {
            const own = (yield* Ref.get(state)).refreshToken
            const held = yield* requestNew(
              Option.orElse(Option.flatMapNullable(stored, (token) => token.refreshToken), () => own)
            )
            yield* Effect.ignore(entry.writeToken(toStored(held)))
            return held
          })
        while (true) {
          const stored = yield* entry.readToken
          const reusable = yield* usableNow(stored)
          if (Option.isSome(reusable)) return reusable.value
          const now = yield* Clock.currentTimeMillis
          if (now - startedAt >= 2 * leaseMillis) return yield* requestAndShare(stored)
          const claim = yield* entry.readClaim
          if (Option.isSome(claim) && claim.value.owner !== owner && claim.value.until > now) {
            yield* Effect.sleep(claimPoll(waits++))
            continue
          }
          yield* entry.writeClaim({ owner, until: now + leaseMillis })
          yield* Effect.sleep(claimSettle)
          const standing = yield* entry.readClaim
          if (Option.isNone(standing) || standing.value.owner !== owner) {
            yield* Effect.sleep(claimPoll(waits++))
            continue
          }
          // Ours: one last look (an entry may have landed while claiming), then ask.
          const latest = yield* entry.readToken
          const landed = yield* usableNow(latest)
          if (Option.isSome(landed)) {
            yield* Effect.ignore(entry.removeClaim)
            return landed.value
          }
          return yield* Effect.ensuring(requestAndShare(latest), Effect.ignore(entry.removeClaim))
        }
      })

    const acquire = Effect.gen(function*() {
      const shared = grant.shared
      const entry = shared === undefined ? undefined : yield* shared.entry
      const alone = Effect.flatMap(Ref.get(state), (s) => requestNew(s.refreshToken))
      if (entry === undefined || shared === undefined) return yield* alone
      return yield* Effect.catchTag(throughStore(entry, shared.lease), "Unavailable", () => alone)
    })

    const fetch = (deferred: Deferred.Deferred<Token, Failure>) =>
      Effect.gen(function*() {
        // Forked from inside `uninterruptibleMask`, this fiber starts
        // uninterruptible; the request must not be, or neither its deadline
        // nor closing the session's scope could stop it.
        const exit = yield* Effect.exit(Effect.interruptible(acquire))
        if (Exit.isSuccess(exit)) {
          const held = exit.value
          yield* Ref.update(state, (s) => ({
            ...s,
            current: Option.some(held),
            refreshToken: held.refreshToken,
            inflight: Option.none()
          }))
          yield* Deferred.succeed(deferred, held.accessToken)
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
      Option.isSome(s.current) && now < refreshAt(s.current.value, grant.expiryMargin)
        ? Option.some(s.current.value.accessToken)
        : Option.none()

    /**
     * The cached token while it is fresh; else the token request in flight,
     * or a new one. `bound` limits only the wait for a request (the cached
     * path is the hot one and stays free of timers).
     */
    const token = (
      bound: <A>(wait: Effect.Effect<A, Failure>) => Effect.Effect<A, Failure>
    ): Effect.Effect<Token, Failure> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.flatMap(Ref.get(state), (current) => {
          const hit = fresh(now)(current)
          if (Option.isSome(hit)) return Effect.succeed(hit.value)
          return Effect.flatMap(Deferred.make<Token, Failure>(), (candidate) =>
            Effect.uninterruptibleMask((restore) =>
              Effect.flatMap(
                Ref.modify(state, (s): [
                  { readonly _tag: "Hit"; readonly token: Token } | {
                    readonly _tag: "Wait" | "Start"
                    readonly deferred: Deferred.Deferred<Token, Failure>
                  },
                  State
                ] => {
                  const token = fresh(now)(s)
                  if (Option.isSome(token)) return [{ _tag: "Hit", token: token.value }, s]
                  if (Option.isSome(s.inflight)) {
                    return [{ _tag: "Wait", deferred: s.inflight.value }, s]
                  }
                  return [{ _tag: "Start", deferred: candidate }, { ...s, inflight: Option.some(candidate) }]
                }),
                (decision) => {
                  if (decision._tag === "Hit") {
                    return Effect.succeed(decision.token)
                  }
                  const wait = restore(bound(Deferred.await(decision.deferred)))
                  // The request runs in the session's scope, under its own deadline.
                  return decision._tag === "Start"
                    ? Effect.zipRight(Effect.forkIn(fetch(decision.deferred), scope), wait)
                    : wait
                }
              )
            ))
        }))

    const service: CoreSession.Service = {
      token: token((wait) =>
        wait
      ),
      tokenWithin: (deadline, onTimeout) =>
        token((wait) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.timeoutFail(wait, { duration: Duration.millis(Math.max(0, deadline - now)), onTimeout }))
        ),
      invalidate: (rejected) =>
        Ref.update(state, (s) =>
          Option.isSome(s.current) && Equal.equals(s.current.value.accessToken, rejected)
            ? { ...s, current: Option.none(), rejected: Option.some(rejected) }
            : s).pipe(Effect.as(true))
    }
    return service
  })
