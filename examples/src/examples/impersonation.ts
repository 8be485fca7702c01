/**
 * Impersonation: the seller acts as a buyer user without that user's
 * password. An impersonation config says who may be impersonated, through
 * which API client and with which roles; `Session.layerImpersonation`, given
 * the seller's session, then asks OrderCloud for the buyer user's token.
 *
 * Against a real marketplace the config's security profile is read from
 * `ORDERCLOUD_IMPERSONATION_PROFILE_ID` (default `shopper`); it must grant
 * `Shopper` and `MeAdmin`, and the seller needs `BuyerImpersonation`.
 */
import { AccessToken, Session } from "@ordercloud-effect/auth"
import { ImpersonationConfigs, Me } from "@ordercloud-effect/resources"
import { Config, Console, Effect, Layer, Option } from "effect"
import { as, Environment } from "../Environment.js"
import type { Example } from "../Example.js"

// The seeded sandbox has a buyer security profile called "shopper"; on a
// real marketplace, name yours.
const securityProfileID = Effect.gen(function*() {
  const baseUrl = yield* Config.option(Config.string("ORDERCLOUD_BASE_URL"))
  return Option.isNone(baseUrl)
    ? "shopper"
    : yield* Config.withDefault(Config.string("ORDERCLOUD_IMPERSONATION_PROFILE_ID"), "shopper")
})

const program = Effect.gen(function*() {
  const env = yield* Environment
  // IDs unique to this run, so the example can run again against a real marketplace.
  const run = Math.random().toString(36).slice(2, 8)
  const configID = `imp-${run}`

  // The buyer user as a session: every call made with it carries a token the
  // seller obtained for that user. Building the layer sends nothing; the first
  // call asks for the token.
  const buyerUser = Session.layerImpersonation({
    buyerID: env.buyerID,
    userID: env.buyerUserID,
    clientID: env.storefrontClientID,
    scope: ["Shopper", "MeAdmin"]
  }).pipe(Layer.provide(env.seller))

  yield* Console.log(`1. Seller asks for ${env.buyerUserID}'s token before any config allows it`)
  const before = yield* Me.get().pipe(
    Effect.provide(buyerUser),
    Effect.as("allowed already: another impersonation config covers this user"),
    Effect.catchTag("Forbidden", (error) => Effect.succeed(`refused: Forbidden (${error.errorCode})`))
  )
  yield* Console.log(`   ${before}`)

  // Create the config, use it, and delete it however the middle part ends.
  yield* Effect.acquireUseRelease(
    Effect.gen(function*() {
      const profile = yield* securityProfileID
      // Narrow on purpose: this buyer, this user, this API client.
      const config = yield* as("seller")(ImpersonationConfigs.create({
        ID: configID,
        BuyerID: env.buyerID,
        UserID: env.buyerUserID,
        SecurityProfileID: profile,
        ClientID: env.storefrontClientID
      }))
      yield* Console.log(
        `2. Seller created impersonation config ${config.ID} (profile ${profile}, client ${config.ClientID})`
      )
      return config
    }),
    () =>
      Effect.gen(function*() {
        yield* Console.log(`3. Acting as ${env.buyerUserID} through the seller's session`)
        const me = yield* Me.get()
        yield* Console.log(`   Me.get: ${me.Username} (${me.FirstName} ${me.LastName})`)
        // The token is the buyer's, and says who obtained it: the `imp` claim.
        const claims = yield* Effect.flatMap(Session.Session, (session) => session.token).pipe(
          Effect.flatMap(AccessToken.claims)
        )
        yield* Console.log(`   token: usr ${claims.usr}, usrtype ${claims.usrtype}, impersonated by user ${claims.imp}`)
        const products = yield* Me.listProducts({ sortBy: ["Name"] })
        yield* Console.log(
          `   Me.listProducts: ${products.Meta.TotalCount} products (${
            products.Items.slice(0, 3).map((p) => p.Name).join(", ")
          }, ...)`
        )
      }).pipe(Effect.provide(buyerUser)),
    () =>
      as("seller")(ImpersonationConfigs.delete(configID)).pipe(
        Effect.zipRight(Console.log(`4. Seller deleted impersonation config ${configID}`)),
        Effect.ignore
      )
  )
})

export const impersonation: Example = {
  name: "impersonation",
  description: "Seller creates an impersonation config and acts as a buyer user with Session.layerImpersonation",
  program
}
