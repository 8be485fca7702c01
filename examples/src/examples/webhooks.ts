/**
 * Webhooks and checkout integration events, both ends: a receiver built
 * with `@ordercloud-effect/receive` on a loopback port, and the sandbox
 * calling it. The seller configures a pre-hook on line items, a post-hook on
 * submit and a checkout integration; a buyer checks out; the receiver
 * verifies every `X-oc-hash` signature and answers with typed responses.
 * Last, a delivery with a tampered body is refused with 401.
 *
 * It needs the sandbox: OrderCloud itself cannot reach a loopback port.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import { CheckoutIntegration, Signature, Webhook } from "@ordercloud-effect/receive"
import { ApiClients, IntegrationEvents, LineItems, Orders, Webhooks } from "@ordercloud-effect/resources"
import { LineItem } from "@ordercloud-effect/resources/models/LineItem"
import { Order } from "@ordercloud-effect/resources/models/Order"
import { Config, Console, Context, Deferred, Effect, Layer, Option, Redacted } from "effect"
import { createServer } from "node:http"
import { as, Environment } from "../Environment.js"
import type { Example } from "../Example.js"

// The hash keys, as the receiver would read them from Config (ORDERCLOUD_HASH_KEY).
const webhookKey = "example-webhook-key"
const integrationKey = "example-integration-key"

const money = (value: number | null | undefined) => `$${(value ?? 0).toFixed(2)}`

/** The receiver: what it verified and handled, in order, and a signal for the post-hook. */
const receiver = (seen: Array<string>, submitted: Deferred.Deferred<string>) => {
  const webhooks = Webhook.app([
    // A pre-hook: OrderCloud asks before it adds a line item.
    Webhook.preHook({ operation: "LineItems.create", request: LineItem }, (delivery) =>
      Effect.sync(() => {
        const quantity = delivery.request.body.Quantity ?? 0
        const allowed = quantity <= 10
        seen.push(
          `pre-hook  ${delivery.verb} ${delivery.route}: ${quantity} x ${delivery.request.body.ProductID} -> proceed ${allowed}`
        )
        return allowed ? Webhook.proceed : Webhook.reject({ Reason: "At most 10 of an item per order." })
      })),
    // A post-hook: told after an order was submitted, with the order as OrderCloud answered it.
    Webhook.postHook({ operation: "Orders.submit", response: Order }, (delivery) =>
      Effect.zipRight(
        Effect.sync(() =>
          seen.push(
            `post-hook ${delivery.verb} ${delivery.route}: order ${
              delivery.params["orderID"]
            } is ${delivery.response.body.Status}, total ${money(delivery.response.body.Total)}`
          )
        ),
        Deferred.succeed(submitted, delivery.response.body.ID ?? "")
      ))
  ])
  const integration = CheckoutIntegration.app({
    shippingRates: ({ worksheet }) =>
      Effect.sync(() => {
        seen.push(`integration ShippingRates for ${worksheet.Order?.ID}: offering pigeon post at $7.00`)
        return {
          ShipEstimates: [{
            ID: "pigeon-estimate",
            ShipEstimateItems: (worksheet.LineItems ?? []).map((l) => ({ LineItemID: l.ID!, Quantity: l.Quantity! })),
            ShipMethods: [{ ID: "pigeon", Name: "Pigeon post", Cost: 7, EstimatedTransitDays: 2 }]
          }]
        }
      }),
    orderCalculate: ({ worksheet }) =>
      Effect.sync(() => {
        const tax = Math.round((worksheet.Order?.Subtotal ?? 0) * 8) / 100
        seen.push(`integration OrderCalculate for ${worksheet.Order?.ID}: tax ${money(tax)} (8%)`)
        return { TaxTotal: tax }
      }),
    orderSubmit: ({ worksheet }) =>
      Effect.sync(() => {
        seen.push(`integration OrderSubmit for ${worksheet.Order?.ID}: sent to the ERP as ERP-0001`)
        return { xp: { ErpOrderID: "ERP-0001" } }
      })
  })
  return HttpRouter.empty.pipe(
    HttpRouter.post("/webhooks", webhooks),
    HttpRouter.post("/integration/:event", integration)
  )
}

const program = Effect.gen(function*() {
  if (Option.isSome(yield* Config.option(Config.string("ORDERCLOUD_BASE_URL")))) {
    return yield* Console.log("This example needs the sandbox: OrderCloud cannot call a receiver on a loopback port.")
  }
  const env = yield* Environment
  const seen: Array<string> = []
  const submitted = yield* Deferred.make<string>()

  // 1. The receiver, on a free loopback port, until this example ends.
  const keys = Signature.layer([Redacted.make(webhookKey), Redacted.make(integrationKey)])
  const context = yield* Layer.build(
    HttpServer.serve(receiver(seen, submitted)).pipe(
      Layer.provide(keys),
      Layer.provideMerge(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 }))
    )
  )
  const address = Context.get(context, HttpServer.HttpServer).address
  const url = `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
  yield* Console.log(`1. Receiver listening at ${url}`)

  // 2. The seller configures two webhooks and the checkout integration for the storefront client.
  yield* as("seller")(Effect.gen(function*() {
    yield* Webhooks.save("example-line-items", {
      Name: "Check quantities",
      Url: `${url}/webhooks`,
      HashKey: webhookKey,
      BeforeProcessRequest: true,
      ApiClientIDs: [env.storefrontClientID],
      WebhookRoutes: [{ Route: "v1/orders/{direction}/{orderID}/lineitems", Verb: "POST" }]
    })
    yield* Webhooks.save("example-submitted", {
      Name: "Order submitted",
      Url: `${url}/webhooks`,
      HashKey: webhookKey,
      ApiClientIDs: [env.storefrontClientID],
      WebhookRoutes: [{ Route: "v1/orders/{direction}/{orderID}/submit", Verb: "POST" }]
    })
    yield* IntegrationEvents.save("example-checkout", {
      Name: "Checkout",
      EventType: "OrderCheckout",
      CustomImplementationUrl: `${url}/integration`,
      HashKey: integrationKey
    })
    yield* ApiClients.patch(env.storefrontClientID, { OrderCheckoutIntegrationEventID: "example-checkout" })
  }))
  yield* Console.log("2. Seller configured a pre-hook, a post-hook and a checkout integration")

  // 3. The buyer checks out.
  const orderID = yield* as("buyer")(Effect.gen(function*() {
    const order = yield* Orders.create("Outgoing", {})
    yield* LineItems.create("Outgoing", order.ID!, { ProductID: "tee-01", Quantity: 2 })
    const refused = yield* Effect.flip(LineItems.create("Outgoing", order.ID!, { ProductID: "mug-02", Quantity: 50 }))
    yield* Console.log(
      `3. Buyer checks out order ${order.ID}\n   adding 50 mugs was refused: ${refused._tag} ${
        "errorCode" in refused ? refused.errorCode : ""
      }`
    )
    const estimated = yield* IntegrationEvents.estimateShipping("Outgoing", order.ID!)
    const estimate = estimated.ShipEstimateResponse?.ShipEstimates?.[0]
    yield* IntegrationEvents.selectShipmethods("Outgoing", order.ID!, {
      ShipMethodSelections: [{ ShipEstimateID: estimate?.ID ?? "", ShipMethodID: estimate?.ShipMethods?.[0]?.ID ?? "" }]
    })
    const calculated = yield* IntegrationEvents.calculate("Outgoing", order.ID!)
    yield* Console.log(
      `   shipping ${money(calculated.Order?.ShippingCost)}, tax ${money(calculated.Order?.TaxCost)}, total ${
        money(calculated.Order?.Total)
      }`
    )
    yield* Orders.submit("Outgoing", order.ID!)
    const worksheet = yield* IntegrationEvents.getWorksheet("Outgoing", order.ID!)
    yield* Console.log(
      `   submitted; the worksheet records the integration's answer: ${
        JSON.stringify(worksheet.OrderSubmitResponse?.xp)
      }`
    )
    return order.ID!
  }))
  // The post-hook is sent after the submit answered: wait for it to arrive.
  yield* Deferred.await(submitted)

  yield* Console.log("4. The receiver verified and handled:")
  for (const line of seen) yield* Console.log(`   ${line}`)

  // 5. A delivery whose body was changed after signing.
  const body = JSON.stringify({
    Route: "v1/orders/{direction}/{orderID}/submit",
    RouteParams: { direction: "Incoming", orderID },
    Verb: "POST",
    Request: { Body: {} },
    Response: { Body: { ID: orderID, Status: "Open", Total: 1 } }
  })
  const signature = yield* Signature.sign(body, Redacted.make(webhookKey))
  const tampered = yield* Effect.promise(() =>
    fetch(`${url}/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-oc-hash": signature },
      body: body.replace("\"Total\":1", "\"Total\":0")
    }).then(async (response) => `${response.status} ${await response.text()}`)
  )
  yield* Console.log(`5. A tampered delivery was answered ${tampered}`)
  yield* Console.log(`   handlers run: ${seen.length} (the tampered delivery reached none)`)

  // Cleanup: the storefront client goes back to no integration.
  yield* as("seller")(Effect.gen(function*() {
    yield* ApiClients.patch(env.storefrontClientID, { OrderCheckoutIntegrationEventID: null })
    yield* Webhooks.delete("example-line-items")
    yield* Webhooks.delete("example-submitted")
    yield* IntegrationEvents.delete("example-checkout")
  }))
}).pipe(Effect.scoped)

export const webhooks: Example = {
  name: "webhooks",
  description: "a receiver on a loopback port verifies the sandbox's webhooks and checkout integration events",
  program
}
