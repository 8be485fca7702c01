/**
 * End to end: the sandbox sends webhooks and checkout integration events,
 * signed, to a receiver built with this package (answered in-process: the
 * sandbox's outbound client is the receiver's web handler).
 */
import { FetchHttpClient, HttpApp, HttpClient, HttpRouter, HttpServerResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import { CheckoutIntegration, Signature, Webhook } from "@ordercloud-effect/receive"
import { ApiClients, IntegrationEvents, LineItems, Orders, Webhooks } from "@ordercloud-effect/resources"
import { LineItem } from "@ordercloud-effect/resources/models/LineItem"
import { Order } from "@ordercloud-effect/resources/models/Order"
import { Sandbox, Seed } from "@ordercloud-effect/sandbox"
import { Effect, Layer, Redacted } from "effect"

const webhookKey = "webhook-key"
const integrationKey = "integration-key"
const receiverUrl = "https://receiver.test"

const seller = Session.layerClientCredentials({
  clientID: Seed.adminClientID,
  clientSecret: Redacted.make(Seed.adminClientSecret),
  scope: ["FullAccess"]
})
const buyer = Session.layerPassword({
  clientID: Seed.storefrontClientID,
  username: Seed.buyerUsername,
  password: Redacted.make(Seed.buyerPassword),
  scope: ["Shopper", "MeAdmin"]
})

/** A receiver for the sandbox to call, recording what it verified. */
const receiver = () => {
  const log: Array<string> = []
  let submitted: (orderID: string) => void = () => {}
  const submittedOrder = new Promise<string>((resolve) => {
    submitted = resolve
  })
  const webhooks = Webhook.app([
    Webhook.preHook(
      { operation: "LineItems.create", request: LineItem },
      (delivery) =>
        Effect.sync(() => {
          log.push(`pre ${delivery.verb} ${delivery.route} quantity ${delivery.request.body.Quantity}`)
          return (delivery.request.body.Quantity ?? 0) > 10
            ? Webhook.reject({ Reason: "At most 10 of an item." })
            : Webhook.proceed
        })
    ),
    Webhook.postHook(
      { operation: "Orders.submit", response: Order },
      (delivery) =>
        Effect.sync(() => {
          log.push(
            `post ${delivery.params["orderID"]} ${delivery.response.body.Status} token ${
              delivery.userToken !== undefined
            }`
          )
          submitted(delivery.response.body.ID ?? "")
        })
    )
  ])
  const integration = CheckoutIntegration.app({
    shippingRates: ({ worksheet }) =>
      Effect.sync(() => {
        log.push(`shippingRates ${worksheet.Order?.ID}`)
        return {
          ShipEstimates: [{
            ID: "receiver-estimate",
            ShipEstimateItems: (worksheet.LineItems ?? []).map((l) => ({ LineItemID: l.ID!, Quantity: l.Quantity! })),
            ShipMethods: [{ ID: "pigeon", Name: "Pigeon", Cost: 7, EstimatedTransitDays: 2 }]
          }]
        }
      }),
    orderCalculate: ({ worksheet }) =>
      Effect.sync(() => {
        log.push(`orderCalculate ${worksheet.Order?.ID}`)
        return { TaxTotal: 1.5, ShippingTotal: 7 }
      }),
    orderSubmit: ({ session, worksheet }) =>
      Effect.sync(() => {
        log.push(`orderSubmit ${worksheet.Order?.ID} session ${session !== undefined}`)
        return { xp: { erpID: "ERP-1" } }
      })
  })
  const router = HttpRouter.empty.pipe(
    HttpRouter.post("/webhooks", webhooks),
    HttpRouter.post("/integration/:event", integration),
    HttpRouter.post("/broken", Effect.succeed(HttpServerResponse.text("down", { status: 500 }))),
    HttpRouter.post("/slow", Effect.never)
  )
  const handler = HttpApp.toWebHandler(
    Effect.provide(router, Signature.layer([Redacted.make(webhookKey), Redacted.make(integrationKey)]))
  )
  const outbound = Effect.provide(
    HttpClient.HttpClient,
    FetchHttpClient.layer.pipe(
      Layer.provide(Layer.succeed(
        FetchHttpClient.Fetch,
        ((input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init))) as typeof fetch
      ))
    )
  )
  return { log, submittedOrder, outbound }
}

describe("the sandbox sends webhooks and integration events", { timeout: 30_000 }, () => {
  it.scoped("a buyer checkout fires a pre-hook, the checkout integration and a post-hook, all verified", () =>
    Effect.gen(function*() {
      const received = receiver()
      // One sandbox for the seller's setup and the buyer's checkout.
      const client = Layer.succeedContext(
        yield* Layer.build(Sandbox.layerClient({ outbound: yield* received.outbound }))
      )
      yield* Effect.gen(function*() {
        yield* Webhooks.create({
          ID: "checkout-hooks",
          Name: "Line items",
          Url: `${receiverUrl}/webhooks`,
          HashKey: webhookKey,
          BeforeProcessRequest: true,
          ApiClientIDs: [Seed.storefrontClientID],
          WebhookRoutes: [{ Route: "v1/orders/{direction}/{orderID}/lineitems", Verb: "POST" }]
        })
        yield* Webhooks.create({
          ID: "submitted",
          Name: "Submitted",
          Url: `${receiverUrl}/webhooks`,
          HashKey: webhookKey,
          ApiClientIDs: [Seed.storefrontClientID],
          WebhookRoutes: [{ Route: "v1/orders/{direction}/{orderID}/submit", Verb: "POST" }]
        })
        // A receiver that fails and one that never answers: neither may affect the call.
        for (const [id, path] of [["broken", "broken"], ["slow", "slow"]] as const) {
          yield* Webhooks.create({
            ID: id,
            Name: id,
            Url: `${receiverUrl}/${path}`,
            HashKey: webhookKey,
            ApiClientIDs: [Seed.storefrontClientID],
            WebhookRoutes: [{ Route: "v1/orders/{direction}/{orderID}/submit", Verb: "POST" }]
          })
        }
        yield* IntegrationEvents.create({
          ID: "checkout",
          Name: "Checkout",
          EventType: "OrderCheckout",
          CustomImplementationUrl: `${receiverUrl}/integration`,
          HashKey: integrationKey
        })
        yield* ApiClients.patch(Seed.storefrontClientID, { OrderCheckoutIntegrationEventID: "checkout" })
      }).pipe(Effect.provide(Layer.provideMerge(seller, client)))

      yield* Effect.gen(function*() {
        yield* Orders.create("Outgoing", { ID: "o1" })
        yield* LineItems.create("Outgoing", "o1", { ID: "line-1", ProductID: "tee-01", Quantity: 2 })
        const refused = yield* Effect.flip(
          LineItems.create("Outgoing", "o1", { ID: "line-2", ProductID: "tee-01", Quantity: 50 })
        )
        assert.strictEqual(refused._tag, "BadRequest")
        assert.strictEqual(refused._tag === "BadRequest" ? refused.errorCode : undefined, "Webhook.PreHookRejected")
        assert.deepStrictEqual(refused._tag === "BadRequest" ? refused.errors[0]?.Data : undefined, {
          Reason: "At most 10 of an item."
        })
        // The refused write did not happen.
        assert.deepStrictEqual((yield* LineItems.list("Outgoing", "o1")).Items.map((l) => l.ID), ["line-1"])

        const estimated = yield* IntegrationEvents.estimateShipping("Outgoing", "o1")
        const estimate = estimated.ShipEstimateResponse
        assert.deepStrictEqual(estimate?.ShipEstimates?.map((e) => [e.ID, e.ShipMethods?.map((m) => m.ID)]), [[
          "receiver-estimate",
          ["pigeon"]
        ]])
        assert.deepStrictEqual([estimate?.HttpStatusCode, estimate?.Succeeded], [200, true])
        yield* IntegrationEvents.selectShipmethods("Outgoing", "o1", {
          ShipMethodSelections: [{ ShipEstimateID: "receiver-estimate", ShipMethodID: "pigeon" }]
        })
        const calculated = yield* IntegrationEvents.calculate("Outgoing", "o1")
        assert.strictEqual(calculated.OrderCalculateResponse?.TaxTotal, 1.5)
        assert.deepStrictEqual([calculated.Order?.TaxCost, calculated.Order?.ShippingCost], [1.5, 7])
        const order = yield* Orders.submit("Outgoing", "o1")
        assert.strictEqual(order.Status, "Open")
        const worksheet = yield* IntegrationEvents.getWorksheet("Outgoing", "o1")
        assert.deepStrictEqual(worksheet.OrderSubmitResponse?.xp, { erpID: "ERP-1" })
        assert.isTrue(worksheet.OrderSubmitResponse?.Succeeded)
      }).pipe(Effect.provide(Layer.provideMerge(buyer, client)))

      // Post-hooks go out after the answer, on their own fiber.
      assert.strictEqual(yield* Effect.promise(() => received.submittedOrder), "o1")
      assert.deepStrictEqual(received.log, [
        "pre POST v1/orders/{direction}/{orderID}/lineitems quantity 2",
        "pre POST v1/orders/{direction}/{orderID}/lineitems quantity 50",
        "shippingRates o1",
        "orderCalculate o1",
        "orderSubmit o1 session true",
        "post o1 Open token true"
      ])
    }))

  it.scoped("a failing integration is recorded in the worksheet; the call still answers", () =>
    Effect.gen(function*() {
      const received = receiver()
      const client = Layer.succeedContext(
        yield* Layer.build(Sandbox.layerClient({ outbound: yield* received.outbound }))
      )
      yield* Effect.gen(function*() {
        // Signed with a key the receiver does not know: it answers 401.
        yield* IntegrationEvents.create({
          ID: "checkout",
          Name: "Checkout",
          EventType: "OrderCheckout",
          CustomImplementationUrl: `${receiverUrl}/integration`,
          HashKey: "wrong-key"
        })
        yield* ApiClients.patch(Seed.storefrontClientID, { OrderCheckoutIntegrationEventID: "checkout" })
      }).pipe(Effect.provide(Layer.provideMerge(seller, client)))
      const estimated = yield* Effect.gen(function*() {
        yield* Orders.create("Outgoing", { ID: "o2" })
        yield* LineItems.create("Outgoing", "o2", { ID: "line-1", ProductID: "tee-01", Quantity: 1 })
        return yield* IntegrationEvents.estimateShipping("Outgoing", "o2")
      }).pipe(Effect.provide(Layer.provideMerge(buyer, client)))
      const response = estimated.ShipEstimateResponse
      assert.deepStrictEqual([response?.HttpStatusCode, response?.Succeeded], [401, false])
      assert.include(response?.UnhandledErrorBody ?? "", "InvalidSignature")
      assert.deepStrictEqual(received.log, [])
    }))
})
