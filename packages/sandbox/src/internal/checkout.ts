/**
 * Checkout: the order worksheet, estimate shipping, ship method selection
 * and calculate, in OrderCloud's shapes. OrderCloud asks the marketplace's
 * checkout integration for rates and totals; the sandbox does too when the
 * calling API client has one (outbound.ts, after these handlers ran), and
 * otherwise answers with a built-in estimator (simplified):
 * one ship estimate per order holding every line item, with two methods,
 * `standard` (5 days) and `express` (1 day), priced per unit shipped; the
 * selected method becomes `ShippingCost`; calculate adds no tax or fees.
 * @internal
 */
import type { Handler } from "./commerce.js"
import * as Commerce from "./commerce.js"
import * as Errors from "./errors.js"
import type { Json, Store } from "./store.js"

const { isFailure, lineItemsOf, orderFor, round, saveOrder } = Commerce

/** What the integration answered for each order: `ShipEstimateResponse` and `OrderCalculateResponse`. */
const worksheets = "worksheets"

/** The built-in ship methods: name, transit days, price per unit shipped. */
const methods: ReadonlyArray<readonly [string, string, number, number]> = [
  ["standard", "Standard", 5, 1],
  ["express", "Express", 1, 3]
]

const succeeded = { HttpStatusCode: 200, UnhandledErrorBody: null, Succeeded: true, xp: null }

/** The worksheet of an order, with the integration's answers recorded so far. @internal */
export const worksheet = (store: Store, order: Json): Json => {
  const orderID = String(order["ID"])
  const saved = store.get(worksheets, orderID)
  return {
    Order: order,
    LineItems: store.list(lineItemsOf(orderID)),
    OrderPromotions: [],
    Subscription: null,
    ShipEstimateResponse: saved?.["ShipEstimateResponse"] ?? null,
    OrderCalculateResponse: saved?.["OrderCalculateResponse"] ?? null,
    OrderSubmitResponse: saved?.["OrderSubmitResponse"] ?? null,
    OrderSubmitForApprovalResponse: saved?.["OrderSubmitForApprovalResponse"] ?? null,
    OrderApprovedResponse: saved?.["OrderApprovedResponse"] ?? null,
    SubscriptionIntegrationResponse: null
  }
}

/** Records answers in an order's worksheet. @internal */
export const saveWorksheet = (store: Store, orderID: string, part: Json) =>
  store.put(worksheets, orderID, { ...store.get(worksheets, orderID), ...part })

const estimate = (orderID: string, lineItems: ReadonlyArray<Json>): Json => {
  const units = lineItems.reduce((sum, line) => sum + Number(line["Quantity"] ?? 0), 0)
  return {
    ShipEstimates: [{
      ID: `${orderID}-shipping`,
      xp: null,
      SelectedShipMethodID: null,
      ShipEstimateItems: lineItems.map((line) => ({ LineItemID: line["ID"], Quantity: line["Quantity"] })),
      ShipMethods: methods.map(([ID, Name, EstimatedTransitDays, perUnit]) => ({
        ID,
        Name,
        Cost: round(units * perUnit),
        EstimatedTransitDays,
        xp: null
      }))
    }],
    ...succeeded
  }
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

/** The objects in a JSON array (none when it is not one). */
const objects = (value: unknown): ReadonlyArray<Json> => Array.isArray(value) ? value.filter(isObject) : []

/** @internal */
export const handlers: Readonly<Record<string, Handler>> = {
  "IntegrationEvents.getWorksheet": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    return isFailure(order) ? order : { status: 200, body: worksheet(store, order) }
  },

  "IntegrationEvents.estimateShipping": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    if (isFailure(order)) return order
    const orderID = String(order["ID"])
    saveWorksheet(store, orderID, {
      ShipEstimateResponse: estimate(orderID, store.list(lineItemsOf(orderID))),
      OrderCalculateResponse: null
    })
    return { status: 201, body: worksheet(store, order) }
  },

  "IntegrationEvents.selectShipmethods": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    if (isFailure(order)) return order
    const orderID = String(order["ID"])
    const saved = store.get(worksheets, orderID)?.["ShipEstimateResponse"]
    const response = isObject(saved) ? saved : {}
    const estimates = objects(response["ShipEstimates"])
    if (estimates.length === 0) {
      return Errors.failure(
        400,
        "IntegrationEvent.MustHaveShipEstimates",
        "Estimate shipping before selecting ship methods.",
        { OrderID: orderID }
      )
    }
    const chosen = new Map(
      objects(call.body?.["ShipMethodSelections"]).map((s) => [String(s["ShipEstimateID"]), String(s["ShipMethodID"])])
    )
    for (const [estimateID, methodID] of chosen) {
      const found = estimates.find((e) => e["ID"] === estimateID)
      if (!objects(found?.["ShipMethods"]).some((m) => m["ID"] === methodID)) {
        return Errors.validation(`Ship method ${methodID} is not offered by ship estimate ${estimateID}.`, {
          ShipEstimateID: estimateID,
          ShipMethodID: methodID
        })
      }
    }
    const updated = estimates.map((e) =>
      chosen.has(String(e["ID"])) ? { ...e, SelectedShipMethodID: chosen.get(String(e["ID"])) } : e
    )
    const shipping = round(updated.reduce((sum, e) => {
      return sum + Number(objects(e["ShipMethods"]).find((m) => m["ID"] === e["SelectedShipMethodID"])?.["Cost"] ?? 0)
    }, 0))
    saveWorksheet(store, orderID, {
      ShipEstimateResponse: { ...response, ShipEstimates: updated },
      OrderCalculateResponse: null
    })
    return { status: 201, body: worksheet(store, saveOrder(store, { ...order, ShippingCost: shipping })) }
  },

  "IntegrationEvents.calculate": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    if (isFailure(order)) return order
    const orderID = String(order["ID"])
    const calculated = {
      LineItemOverrides: [],
      ShippingTotal: Number(order["ShippingCost"] ?? 0),
      TaxTotal: 0,
      FeeTotal: 0,
      ...succeeded
    }
    saveWorksheet(store, orderID, { OrderCalculateResponse: calculated })
    return { status: 201, body: worksheet(store, saveOrder(store, { ...order, TaxCost: 0, Fees: 0 })) }
  }
}
