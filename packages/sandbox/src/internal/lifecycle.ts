/**
 * The order lifecycle (CONVENTIONS 8): submit, approval rules and their
 * decisions, ship (shipments with their items), complete, cancel, forward
 * to suppliers. Each transition is allowed only from the statuses
 * OrderCloud allows it from, and refused with OrderCloud's error codes.
 *
 * ```
 * Unsubmitted --submit--> Open | AwaitingApproval (an approval rule applies)
 * AwaitingApproval --approve (last pending)--> Open
 * AwaitingApproval --decline--> Declined (Unsubmitted again with AllowResubmit)
 * Open --ship all / ship the last items / complete--> Completed
 * Unsubmitted | AwaitingApproval | Declined --cancel--> Canceled
 * ```
 * @internal
 */
import type { Caller, Handler } from "./commerce.js"
import * as Commerce from "./commerce.js"
import type { Answer, Call } from "./crud.js"
import * as Crud from "./crud.js"
import * as Errors from "./errors.js"
import type { Failure } from "./errors.js"
import * as Expression from "./expression.js"
import type { Json, Store } from "./store.js"

const { isFailure, lineItemsOf, orderFor, saveOrder } = Commerce

const statusIs = (order: Json, ...statuses: ReadonlyArray<string>) => statuses.includes(String(order["Status"]))

const badStatus = (code: string, action: string, order: Json): Failure =>
  Errors.failure(400, code, `An order in status ${String(order["Status"])} cannot be ${action}.`, {
    OrderID: order["ID"],
    Status: order["Status"]
  })

/** Runs `act` on the order the path names, if the caller may see it. */
const withOrder =
  (act: (store: Store, call: Call, caller: Caller, order: Json) => Answer | Failure): Handler =>
  (store, call, caller) => {
    const order = orderFor(store, call, caller)
    return isFailure(order) ? order : act(store, call, caller, order)
  }

/** The approval rules that apply to an order: its buyer's, then the marketplace's. */
const applicableRules = (
  store: Store,
  order: Json,
  lineItems: ReadonlyArray<Json>
): ReadonlyArray<Json & { readonly Seller: boolean }> => {
  const context = { order, items: lineItems }
  const withSeller = (seller: boolean) => (rule: Json): Json & { readonly Seller: boolean } => ({
    ...rule,
    Seller: seller
  })
  const buyerRules = store.list(`buyers/${String(order["FromCompanyID"])}/approvalrules`).map(withSeller(false))
  const sellerRules = store.list("approvalrules").map(withSeller(true))
  return [...buyerRules, ...sellerRules].filter((rule) =>
    Expression.applies(String(rule["RuleExpression"] ?? ""), context)
  )
}

const submit = withOrder((store, call, _caller, order) => {
  if (!statusIs(order, "Unsubmitted")) return badStatus("Order.CannotSubmitBadStatus", "submitted", order)
  const orderID = String(order["ID"])
  const lineItems = store.list(lineItemsOf(orderID))
  if (lineItems.length === 0) {
    return Errors.failure(
      400,
      "Order.CannotSubmitWithNoLineItems",
      "An order needs at least one line item to be submitted.",
      { OrderID: orderID }
    )
  }
  // [sdk] Every payment must be accepted before submit; an order without payments may be submitted.
  const unaccepted = store.list(`orders/${orderID}/payments`).filter((payment) => payment["Accepted"] !== true)
  if (unaccepted.length > 0) {
    return Errors.failure(
      400,
      "Order.CannotSubmitWithUnaccceptedPayments",
      "Every payment must be accepted before the order is submitted.",
      {
        PaymentIDs: unaccepted.map((payment) => payment["ID"])
      }
    )
  }
  const now = call.now.toISOString()
  const rules = applicableRules(store, saveOrder(store, order), lineItems)
  store.removeWhere(Commerce.approvalsOf(orderID), () => true)
  for (const rule of rules) {
    store.put(Commerce.approvalsOf(orderID), String(rule["ID"]), {
      ApprovalRuleID: rule["ID"],
      ApprovingGroupID: rule["ApprovingGroupID"],
      Status: "Pending",
      AllowResubmit: false,
      DateCreated: now,
      DateCompleted: null,
      Approver: null,
      Comments: null,
      Seller: rule.Seller
    })
  }
  const status = rules.length > 0 ? "AwaitingApproval" : "Open"
  return { status: 201, body: saveOrder(store, { ...order, IsSubmitted: true, Status: status, DateSubmitted: now }) }
})

/** Approve or decline: the order must await approval and the caller belong to an approving group of a pending approval. */
const decide = (decision: "Approved" | "Declined") =>
  withOrder((store, call, caller, order) => {
    if (!statusIs(order, "AwaitingApproval")) {
      return badStatus("Order.MustBeAwaitingApproval", decision === "Approved" ? "approved" : "declined", order)
    }
    const pending = Commerce.pendingApprovalsFor(store, order, caller)
    if (pending.length === 0) {
      return Errors.failure(
        403,
        "Order.NotEligibleToApprove",
        "The user is not in an approving group of this order's pending approvals.",
        {
          OrderID: order["ID"]
        }
      )
    }
    const orderID = String(order["ID"])
    const now = call.now.toISOString()
    const comments = call.body?.["Comments"] ?? null
    const allowResubmit = call.body?.["AllowResubmit"] === true
    const approver = {
      ID: caller.ref.id,
      Username: caller.user["Username"],
      FirstName: caller.user["FirstName"] ?? null,
      LastName: caller.user["LastName"] ?? null
    }
    for (const approval of pending) {
      store.put(Commerce.approvalsOf(orderID), String(approval["ApprovalRuleID"]), {
        ...approval,
        Status: decision,
        Approver: approver,
        Comments: comments,
        AllowResubmit: allowResubmit,
        DateCompleted: now
      })
    }
    if (decision === "Declined") {
      const declined = allowResubmit
        ? { ...order, Status: "Unsubmitted", IsSubmitted: false, DateDeclined: now }
        : { ...order, Status: "Declined", DateDeclined: now }
      return { status: 201, body: saveOrder(store, declined) }
    }
    const stillPending = store.list(Commerce.approvalsOf(orderID)).some((approval) => approval["Status"] === "Pending")
    return {
      status: 201,
      body: saveOrder(store, stillPending ? order : { ...order, Status: "Open", DateApproved: now })
    }
  })

/** Marks the order Completed once every line item has shipped in full. */
const completeIfShipped = (store: Store, order: Json, now: string): Json => {
  const lineItems = store.list(lineItemsOf(String(order["ID"])))
  const allShipped = lineItems.length > 0 &&
    lineItems.every((line) => Number(line["QuantityShipped"] ?? 0) >= Number(line["Quantity"] ?? 0))
  return saveOrder(store, allShipped ? { ...order, Status: "Completed", DateCompleted: now } : order)
}

/** A shipment item as OrderCloud shows it, from the line item it ships. */
const shipmentItem = (orderID: string, line: Json, quantity: number, shipmentID: string): Json => ({
  ShipmentID: shipmentID,
  OrderID: orderID,
  LineItemID: line["ID"],
  QuantityShipped: quantity,
  UnitPrice: line["UnitPrice"] ?? null,
  CostCenter: line["CostCenter"] ?? null,
  DateNeeded: line["DateNeeded"] ?? null,
  Product: line["Product"] ?? null,
  Variant: line["Variant"] ?? null,
  Specs: line["Specs"] ?? [],
  xp: line["xp"] ?? null
})

const shipmentItemsOf = (shipmentID: string) => `shipments/${shipmentID}/items`
const shipmentItemKey = (orderID: string, lineItemID: string) => `${orderID}/${lineItemID}`

/** Ships `quantity` of a line item in a shipment: refused past what is left to ship. */
const shipLine = (store: Store, order: Json, line: Json, quantity: number, shipmentID: string): Failure | undefined => {
  const orderID = String(order["ID"])
  const left = Number(line["Quantity"] ?? 0) - Number(line["QuantityShipped"] ?? 0)
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > left) {
    return Errors.failure(
      400,
      "ShipmentItem.QuantityExceeded",
      `Line item ${String(line["ID"])} has ${left} left to ship.`,
      {
        LineItemID: line["ID"],
        QuantityLeft: left,
        QuantityShipped: quantity
      }
    )
  }
  store.put(lineItemsOf(orderID), String(line["ID"]), {
    ...line,
    QuantityShipped: Number(line["QuantityShipped"] ?? 0) + quantity
  })
  const key = shipmentItemKey(orderID, String(line["ID"]))
  const already = Number(store.get(shipmentItemsOf(shipmentID), key)?.["QuantityShipped"] ?? 0)
  store.put(shipmentItemsOf(shipmentID), key, shipmentItem(orderID, line, already + quantity, shipmentID))
  return undefined
}

/** `POST .../ship`: a shipment holding everything left to ship; the order is then Completed. */
const ship = withOrder((store, call, _caller, order) => {
  if (!statusIs(order, "Open")) return badStatus("Order.CannotShipBadStatus", "shipped", order)
  const orderID = String(order["ID"])
  const unshipped = store.list(lineItemsOf(orderID)).filter((line) =>
    Number(line["QuantityShipped"] ?? 0) < Number(line["Quantity"] ?? 0)
  )
  if (unshipped.length === 0) {
    return Errors.failure(400, "Order.CannotShipWithNoLineItems", "The order has nothing left to ship.", {
      OrderID: orderID
    })
  }
  const shipmentID = Crud.chosenId(call)
  if (store.has("shipments", shipmentID)) return Errors.idExists("Shipment", shipmentID)
  const now = call.now.toISOString()
  store.put("shipments", shipmentID, {
    ...call.body,
    ID: shipmentID,
    BuyerID: order["FromCompanyID"],
    DateShipped: call.body?.["DateShipped"] ?? now
  })
  for (const line of unshipped) {
    shipLine(store, order, line, Number(line["Quantity"] ?? 0) - Number(line["QuantityShipped"] ?? 0), shipmentID)
  }
  return { status: 201, body: completeIfShipped(store, order, now) }
})

/** `POST /shipments/{shipmentID}/items`: ships part of a line item; the last item shipped completes the order. */
const saveShipmentItem: Handler = (store, call, caller) => {
  const shipmentID = call.params["shipmentID"]!
  if (!store.has("shipments", shipmentID)) return Errors.notFound("Shipment", shipmentID)
  const orderID = String(call.body?.["OrderID"] ?? "")
  const lineItemID = String(call.body?.["LineItemID"] ?? "")
  const order = store.get(Commerce.orders, orderID)
  if (order === undefined || (!Commerce.isAdmin(caller) && order["ToCompanyID"] !== caller.ref.companyID)) {
    return Errors.notFound("Order", orderID)
  }
  if (!statusIs(order, "Open")) return badStatus("Order.CannotShipBadStatus", "shipped", order)
  const line = store.get(lineItemsOf(orderID), lineItemID)
  if (line === undefined) return Errors.notFound("LineItem", lineItemID)
  const refused = shipLine(store, order, line, Number(call.body?.["QuantityShipped"] ?? 0), shipmentID)
  if (refused !== undefined) return refused
  completeIfShipped(store, order, call.now.toISOString())
  return { status: 201, body: store.get(shipmentItemsOf(shipmentID), shipmentItemKey(orderID, lineItemID)) }
}

const shipmentItemHandler =
  (act: (store: Store, collection: string, key: string) => Answer | Failure): Handler => (store, call) => {
    const shipmentID = call.params["shipmentID"]!
    if (!store.has("shipments", shipmentID)) return Errors.notFound("Shipment", shipmentID)
    return act(store, shipmentItemsOf(shipmentID), shipmentItemKey(call.params["orderID"]!, call.params["lineItemID"]!))
  }

/** The shipments holding items of an order. */
const shipmentsOf = (store: Store, orderID: string): ReadonlyArray<Json> =>
  store.list("shipments").filter((shipment) =>
    store.list(shipmentItemsOf(String(shipment["ID"]))).some((item) => item["OrderID"] === orderID)
  )

/**
 * `POST .../forward` (and `.../split`, which leaves the orders unsubmitted):
 * the marketplace's incoming order split into one outgoing order per
 * supplier of its products (`DefaultSupplierID`), each holding that
 * supplier's line items; the others stay with the marketplace.
 */
const splitOrder = (submitted: boolean) =>
  withOrder((store, call, caller, order) => {
    if (call.params["direction"]!.toLowerCase() !== "incoming") {
      return Errors.failure(400, "Order.CannotSplitOutgoing", "Only an incoming order can be forwarded or split.")
    }
    if (!Commerce.isAdmin(caller)) {
      return Errors.failure(
        403,
        "Order.CannotSplitWrongUserType",
        "Only the marketplace can forward or split its incoming orders."
      )
    }
    if (!statusIs(order, "Open")) {
      return badStatus("Order.CannotSubmitBadStatus", submitted ? "forwarded" : "split", order)
    }
    const orderID = String(order["ID"])
    const bySupplier = new Map<string, Array<Json>>()
    const remaining: Array<string> = []
    for (const line of store.list(lineItemsOf(orderID))) {
      const supplierID = store.get("products", String(line["ProductID"]))?.["DefaultSupplierID"]
      if (typeof supplierID !== "string" || supplierID === "") {
        remaining.push(String(line["ID"]))
        continue
      }
      bySupplier.set(supplierID, [...(bySupplier.get(supplierID) ?? []), line])
    }
    const now = call.now.toISOString()
    const outgoing = [...bySupplier].map(([supplierID, lines]) => {
      const id = `${orderID}-${supplierID}`
      for (const line of lines) {
        store.put(lineItemsOf(id), String(line["ID"]), { ...line, QuantityShipped: 0, IncomingOrderID: orderID })
        store.put(lineItemsOf(orderID), String(line["ID"]), { ...line, OutgoingOrderID: id })
      }
      return saveOrder(store, {
        ID: id,
        FromUserID: caller.ref.id,
        FromCompanyID: caller.marketplaceID,
        ToCompanyID: supplierID,
        FromUser: { ID: caller.ref.id, Username: caller.user["Username"] },
        BillingAddress: order["BillingAddress"] ?? null,
        ShippingCost: 0,
        TaxCost: 0,
        Gratuity: 0,
        PromotionDiscount: 0,
        Status: submitted ? "Open" : "Unsubmitted",
        IsSubmitted: submitted,
        DateCreated: now,
        DateSubmitted: submitted ? now : null,
        xp: null
      })
    })
    return { status: 201, body: { OutgoingOrders: outgoing, RemainingLineItemIDs: remaining } }
  })

/** @internal */
export const handlers: Readonly<Record<string, Handler>> = {
  "Orders.submit": submit,
  "Orders.approve": decide("Approved"),
  "Orders.decline": decide("Declined"),
  "Orders.ship": ship,
  "Orders.complete": withOrder((store, call, _caller, order) =>
    statusIs(order, "Open")
      ? {
        status: 201,
        body: saveOrder(store, { ...order, Status: "Completed", DateCompleted: call.now.toISOString() })
      }
      : badStatus("Order.CannotCompleteBadStatus", "completed", order)
  ),
  // [sdk] Cancel is refused for Open and Completed orders; Canceled is terminal.
  "Orders.cancel": withOrder((store, call, _caller, order) =>
    statusIs(order, "Unsubmitted", "AwaitingApproval", "Declined")
      ? { status: 201, body: saveOrder(store, { ...order, Status: "Canceled", DateCanceled: call.now.toISOString() }) }
      : badStatus("Order.CannotCancelInCurrentStatus", "canceled", order)
  ),
  "Orders.forward": splitOrder(true),
  "Orders.split": splitOrder(false),
  "Orders.listApprovals": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    return isFailure(order) ? order : { source: store.list(Commerce.approvalsOf(String(order["ID"]))) }
  },
  "Orders.listEligibleApprovers": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    if (isFailure(order)) return order
    const groups = new Set(
      store.list(Commerce.approvalsOf(String(order["ID"])))
        .filter((approval) => approval["Status"] === "Pending" && approval["Seller"] !== true)
        .map((approval) => approval["ApprovingGroupID"])
    )
    const buyerID = String(order["FromCompanyID"])
    const userIDs = new Set(
      store.list("assignments:buyers/usergroups/assignments")
        .filter((a) => a["BuyerID"] === buyerID && groups.has(a["UserGroupID"]))
        .map((a) => a["UserID"])
    )
    return { source: store.list(`buyers/${buyerID}/users`).filter((user) => userIDs.has(user["ID"])) }
  },
  "Me.listApprovableOrders": (store, _call, caller) => ({
    source: store.list(Commerce.orders).filter((order) => Commerce.pendingApprovalsFor(store, order, caller).length > 0)
  }),
  "Orders.listShipments": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    return isFailure(order) ? order : { source: shipmentsOf(store, String(order["ID"])) }
  },
  "Shipments.list": (store, call) => {
    const orderID = call.query.get("orderID")
    return { source: orderID === null || orderID === "" ? store.list("shipments") : shipmentsOf(store, orderID) }
  },
  "Shipments.saveItem": saveShipmentItem,
  "Shipments.getItem": shipmentItemHandler((store, collection, key) => {
    const item = store.get(collection, key)
    return item === undefined ? Errors.notFound("ShipmentItem", key) : { status: 200, body: item }
  }),
  "Shipments.deleteItem": shipmentItemHandler((store, collection, key) =>
    store.remove(collection, key) ? { status: 204 } : Errors.notFound("ShipmentItem", key)
  )
}
