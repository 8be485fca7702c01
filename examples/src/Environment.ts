/**
 * Where the examples run. With no `ORDERCLOUD_BASE_URL`, against a fresh
 * in-process sandbox with its seeded marketplace: no account, no network.
 * With it, against that marketplace, with sessions from these variables:
 *
 * | variable | used for | the API client / user needs |
 * |---|---|---|
 * | `ORDERCLOUD_BASE_URL` (and optionally `ORDERCLOUD_AUTH_URL`) | the marketplace | |
 * | `ORDERCLOUD_SELLER_CLIENT_ID`, `ORDERCLOUD_SELLER_CLIENT_SECRET` | the seller (client credentials) | a default context user with FullAccess (or the Admin roles of catalogs, products, price schedules, buyers, orders, impersonation configs and `BuyerImpersonation`) |
 * | `ORDERCLOUD_BUYER_CLIENT_ID`, `ORDERCLOUD_BUYER_USERNAME`, `ORDERCLOUD_BUYER_PASSWORD` | the buyer user (password) | `Shopper`, `MeAdmin` |
 * | `ORDERCLOUD_BUYER_ID`, `ORDERCLOUD_BUYER_USER_ID` | the buyer organisation and that user's ID | |
 * | `ORDERCLOUD_ANONYMOUS_CLIENT_ID` | guest shopping | an API client with `IsAnonBuyer` |
 * | `ORDERCLOUD_IMPERSONATION_PROFILE_ID` (default `shopper`) | the profile an impersonation config grants | |
 */
import * as HttpApp from "@effect/platform/HttpApp"
import { Session } from "@ordercloud-effect/auth"
import { OrderCloudClient, OrderCloudConfig, Transport } from "@ordercloud-effect/core"
import * as UndiciTransport from "@ordercloud-effect/core/UndiciTransport"
import { Sandbox, Seed } from "@ordercloud-effect/sandbox"
import { Config, Context, Effect, Layer, Option, Redacted } from "effect"

type SessionLayer = Layer.Layer<Session.Session, never, OrderCloudClient.OrderCloudClient>

export interface Service {
  /** Said in every example's first line. */
  readonly target: string
  readonly seller: SessionLayer
  readonly buyer: SessionLayer
  readonly anonymous: SessionLayer
  readonly buyerID: string
  readonly buyerUserID: string
  readonly storefrontClientID: string
  /** The buyer user's sign-in, for a storefront's own login form. */
  readonly buyerSignIn: { readonly username: string; readonly password: Redacted.Redacted<string> }
  /** The API client guests shop with (`IsAnonBuyer`). */
  readonly anonymousClientID: string
  /**
   * The in-process sandbox as a browser reaches it (its pages: single
   * sign-on's stand-in identity provider); none against a marketplace.
   */
  readonly sandboxWeb: Option.Option<{ readonly baseUrl: string; readonly handler: SandboxHandler }>
}

/** A fetch-style handler. */
export type SandboxHandler = (request: Request) => Promise<Response>

export class Environment extends Context.Tag("examples/Environment")<Environment, Service>() {}

const sandbox: Omit<Service, "sandboxWeb"> = {
  target: "the in-process sandbox (no ORDERCLOUD_* variables set)",
  seller: Session.layerClientCredentials({
    clientID: Seed.adminClientID,
    clientSecret: Redacted.make(Seed.adminClientSecret),
    scope: ["FullAccess"]
  }),
  buyer: Session.layerPassword({
    clientID: Seed.storefrontClientID,
    username: Seed.buyerUsername,
    password: Redacted.make(Seed.buyerPassword),
    scope: ["Shopper", "MeAdmin"]
  }),
  anonymous: Session.layerAnonymous({ clientID: Seed.storefrontClientID, scope: ["Shopper"] }),
  buyerID: Seed.buyerID,
  buyerUserID: "buyer01",
  storefrontClientID: Seed.storefrontClientID,
  buyerSignIn: { username: Seed.buyerUsername, password: Redacted.make(Seed.buyerPassword) },
  anonymousClientID: Seed.storefrontClientID
}

const marketplace = (baseUrl: string) =>
  Effect.gen(function*() {
    const sellerClientID = yield* Config.string("ORDERCLOUD_SELLER_CLIENT_ID")
    const sellerSecret = yield* Config.redacted("ORDERCLOUD_SELLER_CLIENT_SECRET")
    const buyerClientID = yield* Config.string("ORDERCLOUD_BUYER_CLIENT_ID")
    const buyerUsername = yield* Config.string("ORDERCLOUD_BUYER_USERNAME")
    const buyerPassword = yield* Config.redacted("ORDERCLOUD_BUYER_PASSWORD")
    const anonymousClientID = yield* Config.withDefault(Config.string("ORDERCLOUD_ANONYMOUS_CLIENT_ID"), buyerClientID)
    const service: Service = {
      target: `the marketplace at ${baseUrl}`,
      seller: Session.layerClientCredentials({
        clientID: sellerClientID,
        clientSecret: sellerSecret,
        scope: ["FullAccess"]
      }),
      buyer: Session.layerPassword({
        clientID: buyerClientID,
        username: buyerUsername,
        password: buyerPassword,
        scope: ["Shopper", "MeAdmin"]
      }),
      anonymous: Session.layerAnonymous({ clientID: anonymousClientID, scope: ["Shopper"] }),
      buyerID: yield* Config.string("ORDERCLOUD_BUYER_ID"),
      buyerUserID: yield* Config.string("ORDERCLOUD_BUYER_USER_ID"),
      storefrontClientID: buyerClientID,
      buyerSignIn: { username: buyerUsername, password: buyerPassword },
      anonymousClientID,
      sandboxWeb: Option.none()
    }
    return service
  })

/**
 * The client and the environment: the sandbox unless `ORDERCLOUD_BASE_URL`
 * is set.
 */
export const layer = Layer.unwrapEffect(
  Effect.gen(function*() {
    const baseUrl = yield* Config.option(Config.string("ORDERCLOUD_BASE_URL"))
    if (Option.isNone(baseUrl)) {
      // One sandbox, reached by the client and, for its pages, by the examples' browsers.
      const made = yield* Sandbox.make()
      const handler = HttpApp.toWebHandlerRuntime(yield* Effect.runtime<never>())(made.app)
      const fetch = (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init))
      const client = OrderCloudClient.layer().pipe(
        Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: made.baseUrl }))),
        Layer.provide(Transport.layerFetch(fetch as typeof globalThis.fetch))
      )
      return Layer.merge(
        client,
        Layer.succeed(Environment, { ...sandbox, sandboxWeb: Option.some({ baseUrl: made.baseUrl, handler }) })
      )
    }
    // The config from ORDERCLOUD_* variables; on Node, requests go straight to undici.
    const client = OrderCloudClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
    return Layer.merge(client, Layer.effect(Environment, marketplace(baseUrl.value)))
  })
)

/** Runs `effect` as one of the environment's perspectives. */
export const as = (perspective: "seller" | "buyer" | "anonymous") => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Environment, (env) => Effect.provide(effect, env[perspective]))
