import { Session } from "@ordercloud-effect/auth"
import { OrderCloudClient } from "@ordercloud-effect/core"
import { Products } from "@ordercloud-effect/resources"
import { Effect, Layer } from "effect"

// Where your marketplace is (ORDERCLOUD_BASE_URL, default https://sandboxapi.ordercloud.io), reached with fetch.
const OrderCloud = OrderCloudClient.layerConfig()
// Who calls it: an API client of yours (ORDERCLOUD_CLIENT_ID, ORDERCLOUD_CLIENT_SECRET, ORDERCLOUD_SCOPE).
const Seller = Session.layerClientCredentialsConfig()
const activeProducts = Products.list({ filters: { Active: true }, sortBy: ["Name"] })
export const main = Effect.runPromise(activeProducts.pipe(Effect.provide(Layer.provideMerge(Seller, OrderCloud))))
main.then((page) => console.log(page.Items.map((product) => product.Name)))
