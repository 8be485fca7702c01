import { Session } from "@ordercloud-effect/auth"
import { OrderCloudClient } from "@ordercloud-effect/core"
import { Effect, Schema } from "effect"

// One OrderCloud client for the whole program (ORDERCLOUD_BASE_URL, ...), over the runtime's fetch.
export const OrderCloudLive = OrderCloudClient.layerConfig()

// A buyer user from ORDERCLOUD_CLIENT_ID, ORDERCLOUD_USERNAME,
// ORDERCLOUD_PASSWORD and ORDERCLOUD_SCOPE. No token is fetched until a call needs one.
export const BuyerLive = Session.layerPasswordConfig()

const getMe = OrderCloudClient.operation({
  id: "Me.get",
  method: "GET",
  path: "/me",
  body: undefined,
  response: Schema.Struct({ ID: Schema.String, Username: Schema.String })
})

export const whoAmI = OrderCloudClient.execute(getMe).pipe(
  Effect.map((me) => me.Username),
  Effect.provide(BuyerLive)
)

// Effect.runPromise(whoAmI.pipe(Effect.provide(OrderCloudLive)))
