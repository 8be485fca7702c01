import { Session } from "@ordercloud-effect/auth"
import { OrderCloudClient } from "@ordercloud-effect/core"
import { Config, Effect, Layer, Schema } from "effect"

const OrderList = Schema.Struct({ Items: Schema.Array(Schema.Struct({ ID: Schema.String })) })
const listIncoming = OrderCloudClient.operation({
  id: "Orders.list",
  method: "GET",
  path: "/orders/{direction}",
  body: undefined,
  response: OrderList
})
const listMyOrders = OrderCloudClient.operation({
  id: "Me.listOrders",
  method: "GET",
  path: "/me/orders",
  body: undefined,
  response: OrderList
})

// Two users from one environment: the seller from ORDERCLOUD_*, the buyer from BUYER_*.
export const SellerLive = Session.layerPasswordConfig()
export const BuyerLive = Session.layerPasswordConfig({
  clientID: Config.string("BUYER_CLIENT_ID"),
  username: Config.string("BUYER_USERNAME"),
  password: Config.redacted("BUYER_PASSWORD"),
  scope: Config.succeed(["Shopper"])
})

// Switch for a sub-effect: one call as the buyer, the rest as the seller.
export const compare = Effect.gen(function*() {
  const incoming = yield* OrderCloudClient.execute(listIncoming, { path: { direction: "Incoming" } })
  const mine = yield* OrderCloudClient.execute(listMyOrders).pipe(Effect.provide(BuyerLive))
  return { incoming: incoming.Items.length, mine: mine.Items.length }
}).pipe(Effect.provide(SellerLive))

// Both at once over one client: build each session once, provide it per call.
export const sideBySide = Effect.gen(function*() {
  const seller = yield* Layer.build(SellerLive)
  const buyer = yield* Layer.build(BuyerLive)
  return yield* Effect.all({
    incoming: OrderCloudClient.execute(listIncoming, { path: { direction: "Incoming" } }).pipe(Effect.provide(seller)),
    mine: OrderCloudClient.execute(listMyOrders).pipe(Effect.provide(buyer))
  }, { concurrency: "unbounded" })
}).pipe(Effect.scoped)
