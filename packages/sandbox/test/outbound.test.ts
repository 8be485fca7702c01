/**
 * What the sandbox sends (CONVENTIONS 9): webhooks for matching writes by
 * listed API clients, signed with X-oc-hash; pre-hooks that can reject the
 * call; post-hooks that cannot break it; the checkout integration's events
 * with their answers in the worksheet. The receiver here checks signatures
 * with node:crypto, independently of the sandbox's WebCrypto signer.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import { ApiClients, IntegrationEvents, LineItems, Orders, Products, Webhooks } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createHmac } from "node:crypto"
import * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import { approverSession, setUpApproval } from "./utils/approval.js"
import { buyer, seller } from "./utils/sessions.js"

interface Received {
  readonly path: string
  readonly verified: boolean
  readonly body: Record<string, unknown>
}

/**
 * A receiver answering the sandbox's outbound calls in-process: `answer`
 * decides each response by path; every request is recorded with whether
 * its signature verified under `key`.
 */
const receiver = (
  key: string,
  answer: (path: string, body: Record<string, unknown>) => Promise<Response> | Response
) => {
  const received: Array<Received> = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const raw = await request.text()
    const expected = createHmac("sha256", key).update(raw, "utf8").digest("base64")
    const body = JSON.parse(raw) as Record<string, unknown>
    const path = new URL(request.url).pathname
    received.push({ path, verified: request.headers.get("x-oc-hash") === expected, body })
    return answer(path, body)
  }
  const client = Effect.provide(
    HttpClient.HttpClient,
    FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch as typeof globalThis.fetch)))
  )
  return { received, client }
}

/** A second buyer user, who approves orders over the approval rule `big-orders`. */
const approver = approverSession(["Shopper", "MeAdmin", "OrderAdmin"])

/** Runs the seller's setup and the buyers' calls against one sandbox. */
const oneSandbox = (outbound: HttpClient.HttpClient) =>
  Effect.map(Layer.build(Sandbox.layerClient({ outbound })), (context) => {
    const client: Layer.Layer<OrderCloudClient.OrderCloudClient> = Layer.succeedContext(context)
    const as =
      (session: Layer.Layer<Session.Session, never, OrderCloudClient.OrderCloudClient>) =>
      <A, E>(effect: Effect.Effect<A, E, Sandbox.Needs>) => Effect.provide(effect, Layer.provideMerge(session, client))
    return { asSeller: as(seller), asBuyer: as(buyer), asApprover: as(approver) }
  })

const hook = (
  id: string,
  options: { before?: boolean; route: string; verb: "POST" | "PUT" | "PATCH" | "DELETE"; path?: string }
) =>
  Webhooks.create({
    ID: id,
    Name: id,
    Url: `https://receiver.test/${options.path ?? id}`,
    HashKey: "hook-key",
    BeforeProcessRequest: options.before ?? false,
    ConfigData: { from: id },
    ApiClientIDs: [Seed.storefrontClientID],
    WebhookRoutes: [{ Route: options.route, Verb: options.verb }]
  })

const macrotask = Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))

/** Lets the post-hooks' daemon fibers run until `done` holds (turns of the event loop, not time), then a few more. */
const settle = (done: () => boolean) =>
  Effect.zipRight(
    Effect.repeat(macrotask, { until: () => done(), times: 10_000 }),
    Effect.repeatN(macrotask, 10)
  )

describe("outbound: webhooks and integration events", () => {
  it.scoped("webhooks fire, signed, for matching writes by listed API clients", () =>
    Effect.gen(function*() {
      const { client, received } = receiver("hook-key", () => new Response(null, { status: 204 }))
      const { asBuyer, asSeller } = yield* oneSandbox(yield* client)
      yield* asSeller(hook("orders", { route: "v1/orders/{direction}", verb: "POST" }))
      yield* asSeller(hook("products", { route: "v1/products", verb: "POST" }))
      yield* asBuyer(Orders.create("Outgoing", { ID: "o1", xp: { note: "hi" } }))
      // A read, and a write by an API client the webhook does not list, fire nothing.
      yield* asBuyer(Orders.get("Outgoing", "o1"))
      yield* asSeller(Products.create({ ID: "p1", Name: "P1" }))
      yield* settle(() => received.length >= 1)
      assert.deepStrictEqual(received.map((r) => [r.path, r.verified]), [["/orders", true]])
      const envelope = received[0]!.body
      assert.deepStrictEqual(
        [envelope["Route"], envelope["RouteParams"], envelope["Verb"], envelope["ConfigData"]],
        ["v1/orders/{direction}", { direction: "Outgoing" }, "POST", { from: "orders" }]
      )
      assert.deepStrictEqual((envelope["Request"] as Record<string, unknown>)["Body"], { ID: "o1", xp: { note: "hi" } })
      assert.strictEqual(((envelope["Response"] as Record<string, Record<string, unknown>>)["Body"])!["ID"], "o1")
      assert.isString(envelope["UserToken"])
      assert.isString(envelope["LogID"])
      assert.isString(envelope["Date"])
    }))

  it.scoped("a pre-hook answering proceed: false rejects the call with its body; the write does not happen", () =>
    Effect.gen(function*() {
      const { client, received } = receiver("hook-key", (_path, envelope) => {
        const body = (envelope["Request"] as Record<string, Record<string, unknown>>)["Body"]!
        return Response.json(
          body["Quantity"] === 1 ? { proceed: true } : { proceed: false, body: { Reason: "One at a time." } }
        )
      })
      const { asBuyer, asSeller } = yield* oneSandbox(yield* client)
      yield* asSeller(hook("check", { before: true, route: "v1/orders/{direction}/{orderID}/lineitems", verb: "POST" }))
      yield* asBuyer(Orders.create("Outgoing", { ID: "o1" }))
      yield* asBuyer(LineItems.create("Outgoing", "o1", { ID: "ok", ProductID: "tee-01", Quantity: 1 }))
      const refused = yield* Effect.flip(
        asBuyer(LineItems.create("Outgoing", "o1", { ID: "no", ProductID: "tee-01", Quantity: 3 }))
      )
      assert.strictEqual(refused._tag, "BadRequest")
      if (refused._tag === "BadRequest") {
        assert.strictEqual(refused.errorCode, "Webhook.PreHookRejected")
        assert.deepStrictEqual(refused.errors[0]?.Data, { Reason: "One at a time." })
      }
      const lines = yield* asBuyer(LineItems.list("Outgoing", "o1"))
      assert.deepStrictEqual(lines.Items.map((l) => l.ID), ["ok"])
      assert.deepStrictEqual(received.map((r) => [r.path, r.verified, r.body["Response"]]), [
        ["/check", true, null],
        ["/check", true, null]
      ])
    }))

  it.scoped("a failing or slow post-hook receiver never affects the call", () =>
    Effect.gen(function*() {
      const { client, received } = receiver("hook-key", (path) =>
        path === "/slow"
          ? new Promise<Response>(() => {})
          : path === "/broken"
          ? new Response("down", { status: 500 })
          : Promise.reject(new Error("connection refused")))
      const { asBuyer, asSeller } = yield* oneSandbox(yield* client)
      for (const id of ["slow", "broken", "unreachable"]) {
        yield* asSeller(hook(id, { route: "v1/orders/{direction}/{orderID}/submit", verb: "POST" }))
      }
      yield* asBuyer(Orders.create("Outgoing", { ID: "o1" }))
      yield* asBuyer(LineItems.create("Outgoing", "o1", { ID: "l1", ProductID: "tee-01", Quantity: 1 }))
      const submitted = yield* asBuyer(Orders.submit("Outgoing", "o1"))
      assert.strictEqual(submitted.Status, "Open")
      yield* settle(() => received.length >= 3)
      assert.deepStrictEqual(received.map((r) => r.path).sort(), ["/broken", "/slow", "/unreachable"])
    }))

  it.scoped("integration events are called on estimate shipping, calculate and submit; answers land in the worksheet", () =>
    Effect.gen(function*() {
      const { client, received } = receiver("integration-key", (path) => {
        switch (path.toLowerCase()) {
          case "/checkout/shippingrates":
            return Response.json({
              ShipEstimates: [{
                ID: "e1",
                ShipEstimateItems: [{ LineItemID: "l1", Quantity: 2 }],
                ShipMethods: [{ ID: "ground", Name: "Ground", Cost: 9, EstimatedTransitDays: 4 }]
              }]
            })
          case "/checkout/ordercalculate":
            return Response.json({ TaxTotal: 2.4, ShippingTotal: 9 })
          default:
            return Response.json({ Errors: [{ ErrorCode: "ERP.Down", Message: "Try later." }] }, { status: 503 })
        }
      })
      const { asBuyer, asSeller } = yield* oneSandbox(yield* client)
      yield* asSeller(IntegrationEvents.create({
        ID: "checkout",
        Name: "Checkout",
        EventType: "OrderCheckout",
        CustomImplementationUrl: "https://receiver.test/checkout",
        HashKey: "integration-key",
        ConfigData: { region: "eu" }
      }))
      yield* asSeller(ApiClients.patch(Seed.storefrontClientID, { OrderCheckoutIntegrationEventID: "checkout" }))
      yield* asBuyer(Orders.create("Outgoing", { ID: "o1" }))
      yield* asBuyer(LineItems.create("Outgoing", "o1", { ID: "l1", ProductID: "tee-01", Quantity: 2 }))
      const estimated = yield* asBuyer(IntegrationEvents.estimateShipping("Outgoing", "o1"))
      assert.deepStrictEqual(estimated.ShipEstimateResponse?.ShipEstimates?.[0]?.ShipMethods?.map((m) => m.ID), [
        "ground"
      ])
      yield* asBuyer(IntegrationEvents.selectShipmethods("Outgoing", "o1", {
        ShipMethodSelections: [{ ShipEstimateID: "e1", ShipMethodID: "ground" }]
      }))
      const calculated = yield* asBuyer(IntegrationEvents.calculate("Outgoing", "o1"))
      assert.deepStrictEqual(
        [calculated.OrderCalculateResponse?.TaxTotal, calculated.Order?.TaxCost, calculated.Order?.ShippingCost],
        [2.4, 2.4, 9]
      )
      // A failing integration does not stop the submit; its answer is recorded.
      assert.strictEqual((yield* asBuyer(Orders.submit("Outgoing", "o1"))).Status, "Open")
      const worksheet = yield* asBuyer(IntegrationEvents.getWorksheet("Outgoing", "o1"))
      assert.deepStrictEqual(
        [worksheet.OrderSubmitResponse?.HttpStatusCode, worksheet.OrderSubmitResponse?.Succeeded],
        [503, false]
      )
      assert.include(worksheet.OrderSubmitResponse?.UnhandledErrorBody ?? "", "ERP.Down")
      assert.deepStrictEqual(received.map((r) => [r.path, r.verified]), [
        ["/checkout/ShippingRates", true],
        ["/checkout/OrderCalculate", true],
        ["/checkout/OrderSubmit", true]
      ])
      const payload = received[0]!.body
      assert.deepStrictEqual([payload["Environment"], payload["ConfigData"]], ["Sandbox", { region: "eu" }])
      assert.isString(payload["OrderCloudAccessToken"])
      assert.strictEqual((payload["OrderWorksheet"] as Record<string, Record<string, unknown>>)["Order"]!["ID"], "o1")
    }))

  it.scoped("an order that needs approval calls OrderSubmitForApproval, and approving it OrderApproved", () =>
    Effect.gen(function*() {
      const { client, received } = receiver("integration-key", (path) => Response.json({ xp: { seen: path } }))
      const { asApprover, asBuyer, asSeller } = yield* oneSandbox(yield* client)
      yield* asSeller(Effect.gen(function*() {
        yield* IntegrationEvents.create({
          ID: "checkout",
          Name: "Checkout",
          EventType: "OrderCheckout",
          CustomImplementationUrl: "https://receiver.test/checkout",
          HashKey: "integration-key"
        })
        yield* ApiClients.patch(Seed.storefrontClientID, { OrderCheckoutIntegrationEventID: "checkout" })
        yield* setUpApproval
      }))
      yield* asBuyer(Orders.create("Outgoing", { ID: "big" }))
      yield* asBuyer(LineItems.create("Outgoing", "big", { ID: "l1", ProductID: "tee-01", Quantity: 20 }))
      assert.strictEqual((yield* asBuyer(Orders.submit("Outgoing", "big"))).Status, "AwaitingApproval")
      yield* asApprover(Orders.approve("Incoming", "big", { Comments: "fine" }))
      const worksheet = yield* asBuyer(IntegrationEvents.getWorksheet("Outgoing", "big"))
      assert.deepStrictEqual(worksheet.OrderSubmitForApprovalResponse?.xp, { seen: "/checkout/OrderSubmitForApproval" })
      assert.deepStrictEqual(worksheet.OrderApprovedResponse?.xp, { seen: "/checkout/OrderApproved" })
      assert.isNull(worksheet.OrderSubmitResponse)
      assert.deepStrictEqual(received.map((r) => [r.path, r.verified]), [
        ["/checkout/OrderSubmitForApproval", true],
        ["/checkout/OrderApproved", true]
      ])
    }))
})
