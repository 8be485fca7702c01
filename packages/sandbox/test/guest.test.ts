/**
 * Guest shopping through the SDK in both modes (CONVENTIONS 2.5): an
 * anonymous token's `orderid` names the guest's order, the cart follows
 * that token, and `PUT /me/orders?anonUserToken=` gives the order to a
 * profiled user.
 */
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import { Auth, Cart, LineItems, Me, Orders } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import { modes, suiteOptions } from "./utils/modes.js"
import { buyer } from "./utils/sessions.js"

/** A new guest's token, as the anonymous grant answers it. */
const guestToken = Effect.map(
  Auth.token({ grant_type: "client_credentials", client_id: Seed.storefrontClientID, scope: "Shopper" }),
  (answer) => answer.access_token ?? ""
)

const orderidOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")).orderid

const as = (token: string) => <A, E>(effect: Effect.Effect<A, E, Sandbox.Needs>) =>
  Effect.provide(effect, Session.layerAccessToken({ accessToken: Redacted.make(token) }))

for (const [mode, client] of modes) {
  describe(`guest orders (${mode})`, suiteOptions(mode), () => {
    it.effect("a guest's order takes the ID its token names, and its cart follows that token only", () =>
      Effect.gen(function*() {
        const first = yield* guestToken
        const second = yield* guestToken
        const created = yield* as(first)(Orders.create("Outgoing", {}))
        assert.strictEqual(created.ID, orderidOf(first))
        yield* as(first)(LineItems.create("Outgoing", created.ID ?? "", { ProductID: "tee-01", Quantity: 2 }))
        const cart = yield* as(first)(Cart.get())
        assert.strictEqual(cart.ID, orderidOf(first))
        assert.strictEqual(cart.LineItemCount, 1)
        // Another guest shares the default context user, not the order.
        assert.strictEqual((yield* as(second)(Me.listOrders())).Meta.TotalCount, 0)
        const hidden = yield* Effect.flip(as(second)(Orders.get("Outgoing", created.ID ?? "")))
        assert.strictEqual(hidden._tag, "NotFound")
        const otherCart = yield* as(second)(Cart.get())
        assert.strictEqual(otherCart.ID, orderidOf(second))
        assert.strictEqual(otherCart.LineItemCount, 0)
      }).pipe(Effect.provide(client)))

    it.effect("the cart: created on first use, line items added through /cart land on the guest's order", () =>
      Effect.gen(function*() {
        const token = yield* guestToken
        yield* as(token)(Cart.createLineItem({ ProductID: "mug-02", Quantity: 10 }))
        const order = yield* as(token)(Orders.get("Outgoing", orderidOf(token)))
        assert.strictEqual(order.Subtotal, 80)
        assert.deepStrictEqual((yield* as(token)(Cart.listLineItems())).Items.map((l) => l.ProductID), ["mug-02"])
      }).pipe(Effect.provide(client)))

    it.effect("PUT /me/orders?anonUserToken= transfers the guest's order to the profiled user", () =>
      Effect.gen(function*() {
        const token = yield* guestToken
        yield* as(token)(Cart.createLineItem({ ProductID: "tee-01", Quantity: 1 }))
        yield* Effect.provide(Me.transferAnonUserOrder({ anonUserToken: token }), buyer)
        const mine = yield* Effect.provide(Orders.get("Outgoing", orderidOf(token)), buyer)
        assert.strictEqual(mine.FromUserID, "buyer01")
        assert.strictEqual(mine.LineItemCount, 1)
        assert.deepStrictEqual((yield* Effect.provide(Me.listOrders(), buyer)).Items.map((o) => o.ID), [
          orderidOf(token)
        ])
        const gone = yield* Effect.flip(as(token)(Orders.get("Outgoing", orderidOf(token))))
        assert.strictEqual(gone._tag, "NotFound")
        // The old guest token cannot take the order back, nor give it to someone else.
        const again = yield* Effect.flip(Effect.provide(Me.transferAnonUserOrder({ anonUserToken: token }), buyer))
        assert.strictEqual(again._tag, "NotFound")
        const refused = yield* Effect.flip(
          Effect.provide(Me.transferAnonUserOrder({ anonUserToken: "not-a-token" }), buyer)
        )
        assert.strictEqual(
          refused._tag === "BadRequest" ? refused.errorCode : refused._tag,
          "Auth.MustPassAnonUserToken"
        )
      }).pipe(Effect.provide(client)))

    it.effect("PUT /me/register?anonUserToken= makes the guest a user of its buyer, with its order and a token of its own", () =>
      Effect.gen(function*() {
        const token = yield* guestToken
        yield* as(token)(Cart.createLineItem({ ProductID: "tee-01", Quantity: 3 }))
        const registered = yield* as(token)(Me.register(
          {
            ID: "new-shopper",
            Username: "new-shopper",
            Password: "New-Shopper-1",
            FirstName: "New",
            LastName: "Shopper",
            Email: "new@sandbox.test",
            Active: true
          },
          { anonUserToken: token }
        ))
        const asNew = as(registered.access_token ?? "")
        const me = yield* asNew(Me.get())
        assert.deepStrictEqual([me.ID, me.Username], ["new-shopper", "new-shopper"])
        const order = yield* asNew(Orders.get("Outgoing", orderidOf(token)))
        assert.deepStrictEqual([order.FromUserID, order.LineItemCount], ["new-shopper", 1])
        const taken = yield* Effect.flip(
          as(yield* guestToken)(Me.register(
            {
              Username: "new-shopper",
              FirstName: "Again",
              LastName: "Shopper",
              Email: "again@sandbox.test",
              Active: true
            },
            { anonUserToken: token }
          ))
        )
        assert.strictEqual(taken._tag === "Conflict" ? taken.errorCode : taken._tag, "User.UsernameMustBeUnique")
      }).pipe(Effect.provide(client)))
  })
}
