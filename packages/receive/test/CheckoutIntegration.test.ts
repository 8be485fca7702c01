import { HttpApp } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { CheckoutIntegration, Signature } from "@ordercloud-effect/receive"
import { Effect, Redacted, Schema } from "effect"
import { post, postSigned } from "./utils/http.js"

const key = "integration-hash-key"
const base = "https://receiver.test/integration"

const payload = {
  Environment: "Sandbox",
  OrderCloudAccessToken: "buyer.jwt.token",
  ConfigData: { taxRate: 0.1 },
  OrderWorksheet: {
    Order: { ID: "order-1", Subtotal: 20, DateCreated: "2026-12-01T10:00:00.000Z" },
    LineItems: [{ ID: "line-1", ProductID: "mug", Quantity: 2, UnitPrice: 10, LineSubtotal: 20 }]
  }
}

const Config = Schema.Struct({ taxRate: Schema.Number })

const seen: Array<string> = []

const handlers: CheckoutIntegration.Handlers<typeof Config.Type, CheckoutIntegration.Rejected, never> = {
  shippingRates: ({ event, worksheet }) =>
    Effect.sync(() => {
      seen.push(event)
      return {
        ShipEstimates: [{
          ID: "all",
          ShipEstimateItems: (worksheet.LineItems ?? []).map((line) => ({
            LineItemID: line.ID!,
            Quantity: line.Quantity!
          })),
          ShipMethods: [{ ID: "ground", Name: "Ground", Cost: 5, EstimatedTransitDays: 3 }]
        }]
      }
    }),
  orderCalculate: ({ configData, event, worksheet }) =>
    Effect.sync(() => {
      seen.push(event)
      return { TaxTotal: (worksheet.Order?.Subtotal ?? 0) * configData.taxRate, ShippingTotal: 5 }
    }),
  orderSubmit: ({ accessToken, environment, event, session }) =>
    Effect.sync(() => {
      seen.push(event)
      return {
        xp: {
          environment,
          token: accessToken === undefined ? null : Redacted.value(accessToken),
          session: session !== undefined
        }
      }
    }),
  orderSubmitForApproval: ({ event }) =>
    Effect.zipRight(
      Effect.sync(() => seen.push(event)),
      Effect.fail(new CheckoutIntegration.Rejected({ status: 400, errorCode: "Tax.Down", message: "Try later." }))
    ),
  orderApproved: ({ event }) => Effect.zipRight(Effect.sync(() => seen.push(event)), Effect.die(new Error("bug")))
}

const handler = HttpApp.toWebHandler(
  Effect.provide(CheckoutIntegration.app(handlers, { configData: Config }), Signature.layer(Redacted.make(key)))
)

describe("CheckoutIntegration", () => {
  it.effect("routes every event by the path's last segment, in any case, and answers the typed responses", () =>
    Effect.gen(function*() {
      seen.length = 0
      const shipping = yield* postSigned(handler, `${base}/shippingrates`, payload, key)
      assert.strictEqual(shipping.status, 200)
      assert.deepStrictEqual(shipping.json, {
        ShipEstimates: [{
          ID: "all",
          ShipEstimateItems: [{ LineItemID: "line-1", Quantity: 2 }],
          ShipMethods: [{ ID: "ground", Name: "Ground", Cost: 5, EstimatedTransitDays: 3 }]
        }]
      })
      const calculate = yield* postSigned(handler, `${base}/OrderCalculate`, payload, key)
      assert.deepStrictEqual([calculate.status, calculate.json], [200, { TaxTotal: 2, ShippingTotal: 5 }])
      const submit = yield* postSigned(handler, `${base}/ORDERSUBMIT/`, payload, key)
      assert.deepStrictEqual([submit.status, submit.json], [200, {
        xp: { environment: "Sandbox", token: "buyer.jwt.token", session: true }
      }])
      const forApproval = yield* postSigned(handler, `${base}/OrderSubmitForApproval`, payload, key)
      const approved = yield* postSigned(handler, `${base}/orderapproved?x=1`, payload, key)
      assert.deepStrictEqual(seen, [
        "shippingRates",
        "orderCalculate",
        "orderSubmit",
        "orderSubmitForApproval",
        "orderApproved"
      ])

      // A typed refusal becomes its status and OrderCloud's error body; a defect a 500, never a stack.
      assert.deepStrictEqual([forApproval.status, forApproval.json], [400, {
        Errors: [{ ErrorCode: "Tax.Down", Message: "Try later." }]
      }])
      assert.deepStrictEqual([approved.status, approved.json], [500, {
        Errors: [{ ErrorCode: "IntegrationFailed", Message: "The integration failed." }]
      }])
      assert.notInclude(approved.text, "bug")
    }))

  it.effect("refuses a bad signature with 401 before any handler runs", () =>
    Effect.gen(function*() {
      seen.length = 0
      const body = JSON.stringify(payload)
      const hash = yield* Signature.sign(body, Redacted.make(key))
      const tampered = yield* post(handler, `${base}/shippingrates`, body.replace("\"Quantity\":2", "\"Quantity\":3"), {
        "X-oc-hash": hash
      })
      const otherKey = yield* postSigned(handler, `${base}/shippingrates`, payload, "another-key")
      assert.deepStrictEqual([tampered.status, otherKey.status], [401, 401])
      assert.deepStrictEqual(seen, [])
    }))

  it.effect("an unknown event is 404; a payload without a worksheet or with the wrong ConfigData is 400", () =>
    Effect.gen(function*() {
      const unknown = yield* postSigned(handler, `${base}/orderreturn`, payload, key)
      const noWorksheet = yield* postSigned(handler, `${base}/shippingrates`, { Environment: "Sandbox" }, key)
      const badConfig = yield* postSigned(handler, `${base}/shippingrates`, { ...payload, ConfigData: {} }, key)
      assert.deepStrictEqual([unknown.status, noWorksheet.status, badConfig.status], [404, 400, 400])
    }))
})
