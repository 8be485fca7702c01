import { Session } from "@ordercloud-effect/auth"
import { OrderCloudClient } from "@ordercloud-effect/core"
import { Effect, Layer, Schema } from "effect"

// The seller: needs the BuyerImpersonation role and an impersonation config
// that covers the buyer user.
const SellerLive = Session.layerClientCredentialsConfig()

// Buyer user "buyer01" of buyer "acme", as the seller obtains it.
export const Buyer01Live = Session.layerImpersonation({
  buyerID: "acme",
  userID: "buyer01",
  clientID: "storefront-client-id",
  scope: ["Shopper"]
}).pipe(Layer.provide(SellerLive))

const listMyOrders = OrderCloudClient.operation({
  id: "Me.listOrders",
  method: "GET",
  path: "/me/orders",
  body: undefined,
  response: Schema.Struct({ Items: Schema.Array(Schema.Struct({ ID: Schema.String })) })
})

// What buyer01 sees in "my orders".
export const ordersOfBuyer01 = OrderCloudClient.execute(listMyOrders).pipe(Effect.provide(Buyer01Live))
