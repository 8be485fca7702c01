/**
 * Token storms and perspectives against an in-process sandbox that records
 * every request:
 *
 * - a storm: `calls` concurrent calls on a cold session of one grant; the
 *   token cache must make one token request for all of them;
 * - interleaving: the seller, the buyer and the buyer impersonated by the
 *   seller call concurrently over one client; every request must carry the
 *   bearer of the perspective that made it (told by the token's claims).
 *
 * @since 0.1.0
 */
import * as Session from "@ordercloud-effect/auth/Session"
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as CoreSession from "@ordercloud-effect/core/Session"
import * as Me from "@ordercloud-effect/resources/Me"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Targets from "./Targets.js"

type SessionLayer = Layer.Layer<CoreSession.Session, never, OrderCloudClient.OrderCloudClient>

/**
 * The grants a storm is run for.
 *
 * @since 0.1.0
 * @category constants
 */
export const grants: ReadonlyArray<readonly [string, (refreshToken: string) => SessionLayer]> = [
  ["password", () => Targets.buyer],
  ["client credentials", () => Targets.seller],
  [
    "elevated",
    () =>
      Session.layerElevated({
        clientID: Seed.adminClientID,
        username: Seed.adminUsername,
        password: Redacted.make(Seed.adminPassword),
        clientSecret: Redacted.make(Seed.adminClientSecret),
        scope: ["FullAccess"]
      })
  ],
  ["anonymous", () => Session.layerAnonymous({ clientID: Seed.storefrontClientID, scope: ["Shopper"] })],
  [
    "refresh token",
    (refreshToken) =>
      Session.layerRefreshToken({ clientID: Seed.storefrontClientID, refreshToken: Redacted.make(refreshToken) })
  ],
  ["impersonation", () => Layer.provide(Targets.impersonated, Targets.seller)]
]

/**
 * @since 0.1.0
 * @category models
 */
export interface Storm {
  readonly grant: string
  readonly calls: number
  readonly succeeded: number
  /** Requests for this grant's token (impersonation: to the accesstoken endpoint). */
  readonly tokenRequests: number
}

/** A grant's own token requests (impersonation's seller session has its own). */
const tokenRequestOf = (grant: string) => (request: Targets.Received) =>
  grant === "impersonation" ? request.path.endsWith("/accesstoken") : request.path === "/oauth/token"

/**
 * One storm per grant, each on a cold session of its own.
 *
 * @since 0.1.0
 * @category constructors
 */
export const storms = (calls: number): Effect.Effect<ReadonlyArray<Storm>> =>
  Effect.gen(function*() {
    const target = yield* Targets.recorded({ seed: Targets.seedWithImpersonation })
    const client = Targets.client(target)
    // A refresh token for the refresh-token session: the buyer's password grant issues one.
    yield* Effect.provide(Effect.ignore(Me.get()), Layer.provideMerge(Targets.buyer, client))
    const refreshToken = target.issued.find((token) => !token.includes(".")) ?? ""
    const results: Array<Storm> = []
    for (const [grant, session] of grants) {
      const isTokenRequest = tokenRequestOf(grant)
      const before = target.received.filter(isTokenRequest).length
      const exits = yield* Effect.all(Array.from({ length: calls }, () => Effect.exit(Me.get())), {
        concurrency: "unbounded"
      }).pipe(Effect.provide(Layer.provideMerge(session(refreshToken), client)))
      results.push({
        grant,
        calls,
        succeeded: exits.filter(Exit.isSuccess).length,
        tokenRequests: target.received.filter(isTokenRequest).length - before
      })
    }
    return results
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface Interleaving {
  readonly calls: number
  readonly succeeded: number
  /** API requests whose bearer belongs to another perspective than the caller's. */
  readonly wrongBearer: number
}

type Perspective = "seller" | "buyer" | "impersonated"

/** Which perspective a sandbox token stands for. */
const perspectiveOf = (bearer: string | undefined): Perspective | "none" => {
  if (bearer === undefined) return "none"
  const claims = Targets.claimsOf(bearer)
  if (claims["cid"] === Seed.adminClientID) return "seller"
  return claims["imp"] === undefined ? "buyer" : "impersonated"
}

/**
 * `perPerspective` calls of each perspective, all at once over one client;
 * each request names its caller in a header the sandbox ignores.
 *
 * @since 0.1.0
 * @category constructors
 */
export const interleave = (perPerspective: number): Effect.Effect<Interleaving> =>
  Effect.scoped(
    Effect.gen(function*() {
      const target = yield* Targets.recorded({ seed: Targets.seedWithImpersonation })
      const client = yield* Layer.build(Targets.client(target))
      const sessions = {
        seller: yield* Layer.build(Targets.seller).pipe(Effect.provide(client)),
        buyer: yield* Layer.build(Targets.buyer).pipe(Effect.provide(client)),
        impersonated: yield* Layer.build(Layer.provide(Targets.impersonated, Targets.seller)).pipe(
          Effect.provide(client)
        )
      }
      const order: ReadonlyArray<Perspective> = ["seller", "buyer", "impersonated"]
      const exits = yield* Effect.all(
        Array.from({ length: perPerspective * 3 }, (_, i) => {
          const who = order[i % 3]!
          return Effect.exit(
            Me.get({ headers: { "x-perspective": who } }).pipe(Effect.provide(sessions[who]), Effect.provide(client))
          )
        }),
        { concurrency: "unbounded" }
      )
      const calls = target.received.filter((request) => request.headers.has("x-perspective"))
      return {
        calls: exits.length,
        succeeded: exits.filter(Exit.isSuccess).length,
        wrongBearer: calls.filter((request) => request.headers.get("x-perspective") !== perspectiveOf(request.bearer))
          .length
      }
    })
  )
