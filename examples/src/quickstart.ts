import { Session } from "@ordercloud-effect/auth"
import { Products } from "@ordercloud-effect/resources"
import { Sandbox, Seed } from "@ordercloud-effect/sandbox"
import { Effect, Layer, Redacted } from "effect"

// Act as the seller of a local, in-process sandbox (for your own marketplace, see below).
const Seller = Session.layerClientCredentials({
  clientID: Seed.adminClientID,
  clientSecret: Redacted.make(Seed.adminClientSecret),
  scope: ["FullAccess"]
})
const activeProducts = Products.list({ filters: { Active: true }, sortBy: ["Name"] })
export const main = Effect.runPromise(
  activeProducts.pipe(Effect.provide(Layer.provideMerge(Seller, Sandbox.layerClient())))
)
main.then((page) => console.log(page.Items.map((product) => product.Name)))
