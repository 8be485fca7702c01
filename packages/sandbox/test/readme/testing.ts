import { Session } from "@ordercloud-effect/auth"
import { Me, Orders } from "@ordercloud-effect/resources"
import { Sandbox, Seed } from "@ordercloud-effect/sandbox"
import { Effect, Layer, Redacted } from "effect"

// The buyer seeded in every sandbox, logging in with the password grant.
const Buyer = Session.layerPassword({
  clientID: Seed.storefrontClientID,
  username: Seed.buyerUsername,
  password: Redacted.make(Seed.buyerPassword),
  scope: ["Shopper"]
})

// Your code under test, unchanged: it only needs the client and a session.
export const firstOrder = Effect.gen(function*() {
  const { Items } = yield* Me.listProducts({ search: "mug" })
  const order = yield* Orders.create("Outgoing", {})
  return { product: Items[0]?.ID, status: order.Status }
})

// In a test: a fresh in-process sandbox (no socket, no network) per run.
export const inTest = firstOrder.pipe(Effect.provide(Layer.provideMerge(Buyer, Sandbox.layerClient())))
