/**
 * A handler registered by operation name is typed by that operation: its
 * bodies by the operation's Schemas, its params by its route. Checked by
 * `pnpm check` (each `@ts-expect-error` line must fail to compile), and the
 * typed body is the decoded one at runtime.
 */
import { HttpApp } from "@effect/platform"
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import { Signature, Webhook } from "@ordercloud-effect/receive"
import type { OperationTable } from "@ordercloud-effect/resources"
import type { LineItem, LineItemWrite } from "@ordercloud-effect/resources/models/LineItem"
import type { Order, OrderPatch } from "@ordercloud-effect/resources/models/Order"
import { Product } from "@ordercloud-effect/resources/models/Product"
import * as Xp from "@ordercloud-effect/resources/Xp"
import { Effect, Redacted, Schema } from "effect"
import { postSigned } from "./utils/http.js"

const key = "webhook-hash-key"

describe("Webhook handlers typed by operation name", () => {
  it("the operation table's types name each operation's route, verb and Schemas", () => {
    type Submit = OperationTable.Operations["Orders.submit"]
    expectTypeOf<Submit["route"]>().toEqualTypeOf<"/orders/{direction}/{orderID}/submit">()
    expectTypeOf<Submit["verb"]>().toEqualTypeOf<"POST">()
    expectTypeOf<Submit["body"]>().toEqualTypeOf<undefined>()
    expectTypeOf<Schema.Schema.Type<Submit["response"]>>().toEqualTypeOf<Order>()
  })

  it("a pre-hook for an operation gets its request body and route params typed", () => {
    Webhook.preHook({ operation: "Orders.patch" }, (delivery) => {
      expectTypeOf(delivery.request.body).toEqualTypeOf<OrderPatch>()
      expectTypeOf(delivery.params).toEqualTypeOf<{ readonly direction: string; readonly orderID: string }>()
      expectTypeOf(delivery.params).not.toHaveProperty("productID")
      return Effect.succeed(Webhook.proceed)
    })
    Webhook.preHook({ operation: "Orders.submit" }, (delivery) => {
      // Orders.submit sends no body: what arrives is checked against nothing.
      expectTypeOf(delivery.request.body).toEqualTypeOf<unknown>()
      expectTypeOf(delivery.params.orderID).toEqualTypeOf<string>()
      return Effect.succeed(Webhook.proceed)
    })
  })

  it("a post-hook for an operation gets its request and response bodies typed", () => {
    Webhook.postHook({ operation: "LineItems.create" }, (delivery) => {
      expectTypeOf(delivery.request.body).toEqualTypeOf<LineItemWrite>()
      expectTypeOf(delivery.response.body).toEqualTypeOf<LineItem>()
      expectTypeOf(delivery.params).toEqualTypeOf<{ readonly direction: string; readonly orderID: string }>()
      return Effect.void
    })
    Webhook.postHook({ operation: "Products.delete" }, (delivery) => {
      expectTypeOf(delivery.response.body).toEqualTypeOf<unknown>()
      expectTypeOf(delivery.params).toEqualTypeOf<{ readonly productID: string }>()
      return Effect.void
    })
  })

  it("a name that is not an operation, or not a write, does not compile", () => {
    // @ts-expect-error: no such operation
    Webhook.postHook({ operation: "Orders.sumbit" }, () => Effect.void)
    // @ts-expect-error: names are matched as the functions are named
    Webhook.postHook({ operation: "orders.submit" }, () => Effect.void)
    // @ts-expect-error: OrderCloud fires webhooks for writes only
    Webhook.postHook({ operation: "Products.get" }, () => Effect.void)
  })

  it("explicit Schemas override the operation's, typed xp included", () => {
    // @ts-expect-error: a request that is not a Schema
    Webhook.preHook({ operation: "Products.save", request: 42 }, () => Effect.succeed(Webhook.proceed))
    const ProductXp = Schema.Struct({ color: Schema.String })
    Webhook.postHook(
      { operation: "Products.save", request: Product, response: Xp.withXp(Product, ProductXp) },
      (delivery) => {
        expectTypeOf(delivery.request.body).toEqualTypeOf<Product>()
        expectTypeOf(delivery.response.body.xp).toEqualTypeOf<{ readonly color: string } | null | undefined>()
        expectTypeOf(delivery.params).toEqualTypeOf<{ readonly productID: string }>()
        return Effect.void
      }
    )
    Webhook.preHook(
      { operation: "Products.save", configData: Schema.Struct({ channel: Schema.String }) },
      (delivery) => {
        expectTypeOf(delivery.configData).toEqualTypeOf<{ readonly channel: string }>()
        return Effect.succeed(Webhook.proceed)
      }
    )
  })

  it.effect("the typed body is the one decoded with the operation's Schema", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const handler = HttpApp.toWebHandler(Effect.provide(
        Webhook.app([
          Webhook.preHook({ operation: "LineItems.create" }, (delivery) =>
            Effect.sync(() => {
              seen.push(
                `${delivery.params.orderID}: ${delivery.request.body.ProductID} x ${delivery.request.body.Quantity}`
              )
              return Webhook.proceed
            }))
        ]),
        Signature.layer(Redacted.make(key))
      ))
      const envelope = {
        Route: "v1/orders/{direction}/{orderID}/lineitems",
        RouteParams: { direction: "Outgoing", orderID: "order-1" },
        Verb: "POST",
        Request: { Body: { ProductID: "mug", Quantity: 2 } }
      }
      const answer = yield* postSigned(handler, "https://receiver.test/webhooks", envelope, key)
      assert.strictEqual(answer.status, 200)
      assert.deepStrictEqual(seen, ["order-1: mug x 2"])
      const invalid = yield* postSigned(handler, "https://receiver.test/webhooks", {
        ...envelope,
        Request: { Body: { ProductID: "mug", Quantity: "two" } }
      }, key)
      assert.strictEqual(invalid.status, 400)
      assert.include(invalid.text, "Request.Body")
    }))
})
