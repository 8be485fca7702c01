/**
 * The core commerce flow through the SDK against one sandbox: the buyer
 * shops and submits, the seller sees and patches the incoming order.
 */
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import { ImpersonationConfigs, LineItems, Me, Orders, Products } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import { modes, suiteOptions } from "./utils/modes.js"
import { buyer, seller } from "./utils/sessions.js"

for (const [mode, client] of modes) {
  /** One sandbox shared by the whole flow; each step picks its perspective. */
  const flow = <A, E>(
    steps: (
      asBuyer: <X, Y>(e: Effect.Effect<X, Y, Sandbox.Needs>) => Effect.Effect<X, Y, Sandbox.Client>,
      asSeller: <X, Y>(e: Effect.Effect<X, Y, Sandbox.Needs>) => Effect.Effect<X, Y, Sandbox.Client>
    ) => Effect.Effect<A, E, Sandbox.Client>
  ) =>
    steps(
      (effect) => Effect.provide(effect, buyer),
      (effect) => Effect.provide(effect, seller)
    ).pipe(Effect.provide(client))

  describe(`buyer shopping (${mode})`, suiteOptions(mode), () => {
    it.effect("sees the catalog's active products with their prices, searchable and filterable", () =>
      flow((asBuyer) =>
        Effect.gen(function*() {
          const page = yield* asBuyer(Me.listProducts())
          assert.strictEqual(page.Meta.TotalCount, 5)
          const mug = page.Items.find((p) => p.ID === "mug-02")!
          assert.deepStrictEqual(mug.PriceSchedule?.PriceBreaks?.map((b) => [b.Quantity, b.Price]), [
            [1, 9.5],
            [10, 8],
            [50, 6.5]
          ])
          const searched = yield* asBuyer(Me.listProducts({ search: "mug" }))
          assert.deepStrictEqual(searched.Items.map((p) => p.ID), ["mug-02"])
          const red = yield* asBuyer(Me.listProducts({ filters: { xp: { Color: "red" } } }))
          assert.deepStrictEqual(red.Items.map((p) => p.ID), ["tee-01", "cap-03"])
        })
      ))

    it.effect("does not see a product outside its catalog, or an inactive one", () =>
      flow((asBuyer, asSeller) =>
        Effect.gen(function*() {
          yield* asSeller(Products.create({ ID: "secret-99", Name: "Not in the catalog", Active: true }))
          yield* asSeller(Products.patch("tee-01", { Active: false }))
          const ids = (yield* asBuyer(Me.listProducts())).Items.map((p) => p.ID)
          assert.notInclude(ids, "secret-99")
          assert.notInclude(ids, "tee-01")
          const error = yield* Effect.flip(asBuyer(Me.getProduct("secret-99")))
          assert.strictEqual(error._tag, "NotFound")
        })
      ))

    it.effect("orders, gets prices from quantity breaks and totals, submits; the seller sees it incoming and patches it", () =>
      flow((asBuyer, asSeller) =>
        Effect.gen(function*() {
          const order = yield* asBuyer(Orders.create("Outgoing", { ID: "order-1" }))
          assert.strictEqual(order.Status, "Unsubmitted")
          assert.strictEqual(order.FromUserID, "buyer01")
          assert.strictEqual(order.ToCompanyID, Seed.marketplaceID)

          const mugs = yield* asBuyer(LineItems.create("Outgoing", "order-1", { ProductID: "mug-02", Quantity: 12 }))
          assert.strictEqual(mugs.UnitPrice, 8)
          assert.strictEqual(mugs.LineSubtotal, 96)
          yield* asBuyer(LineItems.create("Outgoing", "order-1", { ProductID: "tee-01", Quantity: 2 }))
          const priced = yield* asBuyer(Orders.get("Outgoing", "order-1"))
          assert.strictEqual(priced.LineItemCount, 2)
          assert.strictEqual(priced.Subtotal, 120)
          assert.strictEqual(priced.Total, 120)

          // Unsubmitted orders are not the seller's yet.
          assert.strictEqual((yield* asSeller(Orders.list("Incoming"))).Meta.TotalCount, 0)

          const submitted = yield* asBuyer(Orders.submit("Outgoing", "order-1"))
          assert.strictEqual(submitted.Status, "Open")
          assert.isTrue(submitted.IsSubmitted)
          assert.instanceOf(submitted.DateSubmitted, Date)

          const incoming = yield* asSeller(Orders.list("Incoming"))
          assert.deepStrictEqual(incoming.Items.map((o) => o.ID), ["order-1"])
          const patched = yield* asSeller(
            Orders.patch("Incoming", "order-1", { Comments: "Packed", xp: { Priority: "high" } })
          )
          assert.strictEqual(patched.Comments, "Packed")
          assert.deepStrictEqual((yield* asBuyer(Me.listOrders())).Items.map((o) => o.Comments), ["Packed"])
        })
      ))

    it.effect("quantity limits and an empty order are refused with OrderCloud's codes", () =>
      flow((asBuyer) =>
        Effect.gen(function*() {
          yield* asBuyer(Orders.create("Outgoing", { ID: "order-2" }))
          const tooMany = yield* Effect.flip(
            asBuyer(LineItems.create("Outgoing", "order-2", { ProductID: "mug-02", Quantity: 101 }))
          )
          assert.strictEqual(
            tooMany._tag === "BadRequest" ? tooMany.errorCode : tooMany._tag,
            "PriceSchedule.CannotExceedMax"
          )
          const empty = yield* Effect.flip(asBuyer(Orders.submit("Outgoing", "order-2")))
          assert.strictEqual(
            empty._tag === "BadRequest" ? empty.errorCode : empty._tag,
            "Order.CannotSubmitWithNoLineItems"
          )
          const unknown = yield* Effect.flip(
            asBuyer(LineItems.create("Outgoing", "order-2", { ProductID: "nope", Quantity: 1 }))
          )
          assert.strictEqual(unknown._tag, "NotFound")
        })
      ))

    it.effect("another buyer's order is not found, not forbidden", () =>
      flow((asBuyer, asSeller) =>
        Effect.gen(function*() {
          yield* asSeller(Orders.create("Outgoing", { ID: "seller-order" }))
          const error = yield* Effect.flip(asBuyer(Orders.get("Outgoing", "seller-order")))
          assert.strictEqual(error._tag, "NotFound")
        })
      ))
  })

  describe(`impersonation (${mode})`, suiteOptions(mode), () => {
    const impersonated = Session.layerImpersonation({
      buyerID: Seed.buyerID,
      userID: "buyer01",
      clientID: Seed.storefrontClientID,
      scope: ["Shopper"]
    })

    it.effect("a seller allowed by an impersonation config acts as the buyer user", () =>
      Effect.gen(function*() {
        yield* Effect.provide(
          ImpersonationConfigs.create({
            ID: "support",
            BuyerID: Seed.buyerID,
            SecurityProfileID: "shopper",
            ClientID: Seed.storefrontClientID
          }),
          seller
        )
        const me = yield* Effect.provide(Me.get(), Layer.provide(impersonated, seller))
        assert.strictEqual(me.Username, Seed.buyerUsername)
        const products = yield* Effect.provide(Me.listProducts(), Layer.provide(impersonated, seller))
        assert.strictEqual(products.Meta.TotalCount, 5)
      }).pipe(Effect.provide(client)))

    it.effect("without a config that allows it, the impersonation token is refused", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Effect.provide(Me.get(), Layer.provide(impersonated, seller)))
        assert.strictEqual(error._tag, "Forbidden")
      }).pipe(Effect.provide(client)))

    it.effect("a buyer lacking BuyerImpersonation gets 403 InsufficientRoles", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Effect.provide(Me.get(), Layer.provide(impersonated, buyer)))
        assert.strictEqual(error._tag === "Forbidden" ? error.errorCode : error._tag, "InsufficientRoles")
      }).pipe(Effect.provide(client)))
  })
}
