/** The seeded marketplace's seller and buyer, as sessions of the auth package. */
import { Session } from "@ordercloud-effect/auth"
import * as Redacted from "effect/Redacted"
import * as Seed from "../../src/Seed.js"

export const seller = Session.layerClientCredentials({
  clientID: Seed.adminClientID,
  clientSecret: Redacted.make(Seed.adminClientSecret),
  scope: ["FullAccess"]
})

export const buyer = Session.layerPassword({
  clientID: Seed.storefrontClientID,
  username: Seed.buyerUsername,
  password: Redacted.make(Seed.buyerPassword),
  scope: ["Shopper", "MeAdmin"]
})
