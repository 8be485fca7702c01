/**
 * The order status rules (CONVENTIONS 8) through the SDK in both modes:
 * submit, approval rules, approve and decline, ship, complete, cancel,
 * forward; checkout (worksheet, estimate shipping, ship methods,
 * calculate).
 */
import { assert, describe, it } from "@effect/vitest"
import { IntegrationEvents, LineItems, Orders, Payments, Products, Shipments } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import type * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import { approverSession, setUpApproval } from "./utils/approval.js"
import { modes, suiteOptions } from "./utils/modes.js"
import { buyer, seller } from "./utils/sessions.js"

type Perspective = <A, E>(effect: Effect.Effect<A, E, Sandbox.Needs>) => Effect.Effect<A, E, Sandbox.Client>

/** A second buyer user, the approver, in group `approvers` with the approval rule `big-orders`. */
const approver = approverSession(["Shopper", "MeAdmin"])

/** The error code of a failed call, or its tag when it has none. */
const codeOf = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(
    Effect.flip(effect),
    (error) => "errorCode" in error && typeof error.errorCode === "string" ? error.errorCode : error._tag
  )

for (const [mode, client] of modes) {
  const run = <A, E>(
    steps: (
      p: { asBuyer: Perspective; asSeller: Perspective; asApprover: Perspective }
    ) => Effect.Effect<A, E, Sandbox.Client>
  ) =>
    steps({
      asBuyer: (effect) => Effect.provide(effect, buyer),
      asSeller: (effect) => Effect.provide(effect, seller),
      asApprover: (effect) => Effect.provide(effect, approver)
    }).pipe(Effect.provide(client))

  /** An unsubmitted order of the buyer with `quantity` tees. */
  const cart = (asBuyer: Perspective, id: string, quantity = 2) =>
    asBuyer(Effect.gen(function*() {
      yield* Orders.create("Outgoing", { ID: id })
      yield* LineItems.create("Outgoing", id, { ID: "line-1", ProductID: "tee-01", Quantity: quantity })
    }))

  /** A submitted, open order. */
  const open = (asBuyer: Perspective, id: string, quantity = 2) =>
    Effect.zipRight(cart(asBuyer, id, quantity), asBuyer(Orders.submit("Outgoing", id)))

  describe(`order status rules (${mode})`, suiteOptions(mode), () => {
    it.effect("submit: only from Unsubmitted, with a line item, and with every payment accepted", () =>
      run(({ asBuyer }) =>
        Effect.gen(function*() {
          yield* asBuyer(Orders.create("Outgoing", { ID: "o1" }))
          assert.strictEqual(
            yield* codeOf(asBuyer(Orders.submit("Outgoing", "o1"))),
            "Order.CannotSubmitWithNoLineItems"
          )
          yield* asBuyer(LineItems.create("Outgoing", "o1", { ProductID: "tee-01", Quantity: 1 }))
          yield* asBuyer(Payments.create("Outgoing", "o1", { ID: "pay-1", Type: "PurchaseOrder", Amount: 12 }))
          assert.strictEqual(
            yield* codeOf(asBuyer(Orders.submit("Outgoing", "o1"))),
            "Order.CannotSubmitWithUnaccceptedPayments"
          )
          yield* asBuyer(Payments.patch("Outgoing", "o1", "pay-1", { Accepted: true }))
          const submitted = yield* asBuyer(Orders.submit("Outgoing", "o1"))
          assert.strictEqual(submitted.Status, "Open")
          assert.isTrue(submitted.IsSubmitted)
          assert.strictEqual(yield* codeOf(asBuyer(Orders.submit("Outgoing", "o1"))), "Order.CannotSubmitBadStatus")
        })
      ))

    it.effect("ship: creates a shipment with every line item and completes the order; only from Open", () =>
      run(({ asBuyer, asSeller }) =>
        Effect.gen(function*() {
          yield* cart(asBuyer, "o2", 3)
          assert.strictEqual(yield* codeOf(asSeller(Orders.ship("Incoming", "o2", {}))), "NotFound")
          // The buyer may not ship; the seller's own unsubmitted order cannot be shipped.
          assert.strictEqual(yield* codeOf(asBuyer(Orders.ship("Outgoing", "o2", {}))), "InsufficientRoles")
          yield* asSeller(Orders.create("Outgoing", { ID: "own" }))
          assert.strictEqual(yield* codeOf(asSeller(Orders.ship("Outgoing", "own", {}))), "Order.CannotShipBadStatus")
          yield* asBuyer(Orders.submit("Outgoing", "o2"))
          const shipped = yield* asSeller(Orders.ship("Incoming", "o2", { ID: "ship-1", TrackingNumber: "TRACK-1" }))
          assert.strictEqual(shipped.Status, "Completed")
          assert.instanceOf(shipped.DateCompleted, Date)
          const shipment = yield* asSeller(Shipments.get("ship-1"))
          assert.strictEqual(shipment.BuyerID, Seed.buyerID)
          assert.strictEqual(shipment.TrackingNumber, "TRACK-1")
          const items = yield* asSeller(Shipments.listItems("ship-1"))
          assert.deepStrictEqual(items.Items.map((i) => [i.OrderID, i.LineItemID, i.QuantityShipped, i.UnitPrice]), [[
            "o2",
            "line-1",
            3,
            12
          ]])
          assert.strictEqual((yield* asBuyer(LineItems.get("Outgoing", "o2", "line-1"))).QuantityShipped, 3)
          assert.deepStrictEqual((yield* asSeller(Orders.listShipments("Incoming", "o2"))).Items.map((s) => s.ID), [
            "ship-1"
          ])
          assert.strictEqual(yield* codeOf(asSeller(Orders.ship("Incoming", "o2", {}))), "Order.CannotShipBadStatus")
        })
      ))

    it.effect("shipping items one by one completes the order when the last quantity ships; more than is left is refused", () =>
      run(({ asBuyer, asSeller }) =>
        Effect.gen(function*() {
          yield* open(asBuyer, "o3", 3)
          yield* asSeller(Shipments.create({ ID: "ship-2" }))
          yield* asSeller(Shipments.saveItem("ship-2", { OrderID: "o3", LineItemID: "line-1", QuantityShipped: 2 }))
          assert.strictEqual((yield* asSeller(Orders.get("Incoming", "o3"))).Status, "Open")
          const exceeded = yield* codeOf(
            asSeller(Shipments.saveItem("ship-2", { OrderID: "o3", LineItemID: "line-1", QuantityShipped: 2 }))
          )
          assert.strictEqual(exceeded, "ShipmentItem.QuantityExceeded")
          const item = yield* asSeller(
            Shipments.saveItem("ship-2", { OrderID: "o3", LineItemID: "line-1", QuantityShipped: 1 })
          )
          assert.strictEqual(item.QuantityShipped, 3)
          assert.strictEqual((yield* asSeller(Orders.get("Incoming", "o3"))).Status, "Completed")
          assert.deepStrictEqual((yield* asSeller(Shipments.list({ orderID: "o3" }))).Items.map((s) => s.ID), [
            "ship-2"
          ])
        })
      ))

    it.effect("complete: only from Open; cancel: refused for Open and Completed, allowed for Unsubmitted, terminal", () =>
      run(({ asBuyer, asSeller }) =>
        Effect.gen(function*() {
          yield* asSeller(Orders.create("Outgoing", { ID: "own" }))
          assert.strictEqual(
            yield* codeOf(asSeller(Orders.complete("Outgoing", "own"))),
            "Order.CannotCompleteBadStatus"
          )
          yield* open(asBuyer, "o4")
          assert.strictEqual(
            yield* codeOf(asSeller(Orders.cancel("Incoming", "o4"))),
            "Order.CannotCancelInCurrentStatus"
          )
          const completed = yield* asSeller(Orders.complete("Incoming", "o4"))
          assert.strictEqual(completed.Status, "Completed")
          assert.strictEqual(
            yield* codeOf(asSeller(Orders.cancel("Incoming", "o4"))),
            "Order.CannotCancelInCurrentStatus"
          )
          assert.strictEqual(
            yield* codeOf(asSeller(Orders.complete("Incoming", "o4"))),
            "Order.CannotCompleteBadStatus"
          )

          yield* cart(asBuyer, "o5")
          const canceled = yield* asBuyer(Orders.cancel("Outgoing", "o5"))
          assert.strictEqual(canceled.Status, "Canceled")
          assert.instanceOf(canceled.DateCanceled, Date)
          assert.strictEqual(
            yield* codeOf(asBuyer(Orders.cancel("Outgoing", "o5"))),
            "Order.CannotCancelInCurrentStatus"
          )
          assert.strictEqual(yield* codeOf(asBuyer(Orders.submit("Outgoing", "o5"))), "Order.CannotSubmitBadStatus")
        })
      ))

    it.effect("an approval rule holds a matching order in AwaitingApproval; the approving group's member approves it to Open", () =>
      run(({ asApprover, asBuyer, asSeller }) =>
        Effect.gen(function*() {
          yield* asSeller(setUpApproval)
          const small = yield* open(asBuyer, "small", 2)
          assert.strictEqual(small.Status, "Open")
          yield* cart(asBuyer, "big", 10)
          const held = yield* asBuyer(Orders.submit("Outgoing", "big"))
          assert.strictEqual(held.Status, "AwaitingApproval")
          const approvals = yield* asBuyer(Orders.listApprovals("Outgoing", "big"))
          assert.deepStrictEqual(approvals.Items.map((a) => [a.ApprovalRuleID, a.ApprovingGroupID, a.Status]), [[
            "big-orders",
            "approvers",
            "Pending"
          ]])
          assert.deepStrictEqual(
            (yield* asBuyer(Orders.listEligibleApprovers("Outgoing", "big"))).Items.map((u) => u.ID),
            ["approver01"]
          )
          assert.strictEqual(
            yield* codeOf(asBuyer(Orders.approve("Outgoing", "big", {}))),
            "Order.NotEligibleToApprove"
          )
          assert.strictEqual(
            yield* codeOf(asSeller(Orders.approve("Incoming", "big", {}))),
            "Order.NotEligibleToApprove"
          )
          assert.strictEqual(yield* codeOf(asSeller(Orders.ship("Incoming", "big", {}))), "Order.CannotShipBadStatus")
          const approved = yield* asApprover(Orders.approve("Incoming", "big", { Comments: "fine" }))
          assert.strictEqual(approved.Status, "Open")
          assert.instanceOf(approved.DateApproved, Date)
          const decided = (yield* asBuyer(Orders.listApprovals("Outgoing", "big"))).Items[0]!
          assert.deepStrictEqual([decided.Status, decided.Comments, decided.Approver?.ID], [
            "Approved",
            "fine",
            "approver01"
          ])
          assert.strictEqual(
            yield* codeOf(asBuyer(Orders.approve("Outgoing", "big", {}))),
            "Order.MustBeAwaitingApproval"
          )
        })
      ))

    it.effect("decline moves an awaiting order to Declined, or back to Unsubmitted with AllowResubmit", () =>
      run(({ asApprover, asBuyer, asSeller }) =>
        Effect.gen(function*() {
          yield* asSeller(setUpApproval)
          yield* cart(asBuyer, "big-1", 10)
          yield* asBuyer(Orders.submit("Outgoing", "big-1"))
          const declined = yield* asApprover(Orders.decline("Incoming", "big-1", { Comments: "too much" }))
          assert.strictEqual(declined.Status, "Declined")
          assert.instanceOf(declined.DateDeclined, Date)
          assert.strictEqual(yield* codeOf(asBuyer(Orders.submit("Outgoing", "big-1"))), "Order.CannotSubmitBadStatus")
          assert.strictEqual((yield* asBuyer(Orders.cancel("Outgoing", "big-1"))).Status, "Canceled")

          yield* cart(asBuyer, "big-2", 10)
          yield* asBuyer(Orders.submit("Outgoing", "big-2"))
          const reopened = yield* asApprover(Orders.decline("Incoming", "big-2", { AllowResubmit: true }))
          assert.strictEqual(reopened.Status, "Unsubmitted")
          yield* asBuyer(LineItems.patch("Outgoing", "big-2", "line-1", { Quantity: 2 }))
          assert.strictEqual((yield* asBuyer(Orders.submit("Outgoing", "big-2"))).Status, "Open")
        })
      ))

    it.effect("forward splits an incoming order into one outgoing order per supplier", () =>
      run(({ asBuyer, asSeller }) =>
        Effect.gen(function*() {
          yield* asSeller(Products.patch("tee-01", { DefaultSupplierID: "supplier-1" }))
          yield* cart(asBuyer, "o6")
          yield* asBuyer(LineItems.create("Outgoing", "o6", { ID: "line-2", ProductID: "mug-02", Quantity: 1 }))
          yield* asBuyer(Orders.submit("Outgoing", "o6"))
          assert.strictEqual(yield* codeOf(asBuyer(Orders.forward("Outgoing", "o6"))), "InsufficientRoles")
          yield* asSeller(Orders.create("Outgoing", { ID: "own" }))
          assert.strictEqual(yield* codeOf(asSeller(Orders.forward("Outgoing", "own"))), "Order.CannotSplitOutgoing")
          const split = yield* asSeller(Orders.forward("Incoming", "o6"))
          assert.deepStrictEqual(split.RemainingLineItemIDs, ["line-2"])
          assert.deepStrictEqual(split.OutgoingOrders?.map((o) => [o.ID, o.ToCompanyID, o.Status, o.LineItemCount]), [[
            "o6-supplier-1",
            "supplier-1",
            "Open",
            1
          ]])
        })
      ))
  })

  describe(`checkout (${mode})`, suiteOptions(mode), () => {
    it.effect("estimate shipping, select a ship method and calculate return the worksheet; the selection sets ShippingCost", () =>
      run(({ asBuyer }) =>
        Effect.gen(function*() {
          yield* cart(asBuyer, "o7", 4)
          const empty = yield* asBuyer(IntegrationEvents.getWorksheet("Outgoing", "o7"))
          assert.strictEqual(empty.Order?.ID, "o7")
          assert.deepStrictEqual(empty.LineItems?.map((l) => l.ID), ["line-1"])
          assert.isNull(empty.ShipEstimateResponse)
          const noEstimate = yield* codeOf(
            asBuyer(IntegrationEvents.selectShipmethods("Outgoing", "o7", { ShipMethodSelections: [] }))
          )
          assert.strictEqual(noEstimate, "IntegrationEvent.MustHaveShipEstimates")
          const estimated = yield* asBuyer(IntegrationEvents.estimateShipping("Outgoing", "o7"))
          const estimate = estimated.ShipEstimateResponse?.ShipEstimates?.[0]
          assert.deepStrictEqual(estimate?.ShipEstimateItems?.map((i) => [i.LineItemID, i.Quantity]), [["line-1", 4]])
          assert.deepStrictEqual(estimate?.ShipMethods?.map((m) => [m.ID, m.Cost, m.EstimatedTransitDays]), [[
            "standard",
            4,
            5
          ], ["express", 12, 1]])
          const selected = yield* asBuyer(IntegrationEvents.selectShipmethods("Outgoing", "o7", {
            ShipMethodSelections: [{ ShipEstimateID: estimate?.ID ?? "", ShipMethodID: "express" }]
          }))
          assert.strictEqual(selected.ShipEstimateResponse?.ShipEstimates?.[0]?.SelectedShipMethodID, "express")
          assert.strictEqual(selected.Order?.ShippingCost, 12)
          assert.strictEqual(selected.Order?.Total, 60)
          const calculated = yield* asBuyer(IntegrationEvents.calculate("Outgoing", "o7"))
          assert.strictEqual(calculated.OrderCalculateResponse?.ShippingTotal, 12)
          assert.isTrue(calculated.OrderCalculateResponse?.Succeeded)
          assert.strictEqual(
            (yield* asBuyer(IntegrationEvents.getWorksheet("Outgoing", "o7"))).OrderCalculateResponse?.TaxTotal,
            0
          )
        })
      ))
  })
}
