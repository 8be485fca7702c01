/**
 * The core commerce flow, with OrderCloud's real behaviour: which products a
 * buyer sees (and at what price), `/me`, orders in both directions, line
 * items priced from price schedules, order totals, submit.
 * @internal
 */
import type { Answer, Call } from "./crud.js"
import * as Crud from "./crud.js"
import * as Errors from "./errors.js"
import type { Failure } from "./errors.js"
import type { Json, Store } from "./store.js"
import type { UserRef } from "./tokens.js"

/** What a special handler knows of the caller. @internal */
export interface Caller {
  readonly ref: UserRef
  readonly user: Json
  /** The marketplace's ID: the `ToCompanyID` of buyers' orders. */
  readonly marketplaceID: string
  /**
   * An anonymous shopper's token: the one order it may use (its `orderid`
   * claim). Guests share their API client's default context user, so this
   * is what tells one guest's cart from another's.
   */
  readonly guestOrderID?: string | undefined
  /**
   * The guest whose token came as `anonUserToken` (its order and its user),
   * once the app has verified that token (`PUT /me/orders`, `PUT /me/register`).
   */
  readonly anonUser?: { readonly orderID: string; readonly userID: string } | undefined
}

/** A list handler answers the objects to page; the app filters, sorts and pages them. @internal */
export interface Source {
  readonly source: ReadonlyArray<Json>
}

/** @internal */
export type Handler = (store: Store, call: Call, caller: Caller) => Answer | Failure | Source

/** @internal */
export const orders = "orders"
/** @internal */
export const lineItemsOf = (orderID: string) => `orders/${orderID}/lineitems`

const assignments = (store: Store, path: string): ReadonlyArray<Json> => store.list(`assignments:${path}`)

/** The catalogs a buyer may browse, and whether each shows all its products. */
const catalogsOf = (store: Store, buyerID: string): ReadonlyArray<Json> =>
  assignments(store, "catalogs/assignments").filter((a) =>
    a["BuyerID"] === buyerID && store.get("catalogs", String(a["CatalogID"]))?.["Active"] !== false
  )

/** The product assignment that applies to a user: to one of its groups first, then to its buyer. */
const productAssignment = (store: Store, productID: string, caller: Caller): Json | undefined => {
  const forBuyer = assignments(store, "products/assignments").filter((a) =>
    a["ProductID"] === productID && a["BuyerID"] === caller.ref.companyID
  )
  const groups = new Set(
    assignments(store, "buyers/usergroups/assignments").filter((a) => a["UserID"] === caller.ref.id).map((a) =>
      a["UserGroupID"]
    )
  )
  return forBuyer.find((a) => a["UserGroupID"] !== undefined && groups.has(a["UserGroupID"]))
    ?? forBuyer.find((a) => a["UserGroupID"] === undefined || a["UserGroupID"] === null)
}

/**
 * A category's `Visible` and `ViewAllProducts` for a user (CONVENTIONS 8):
 * from the category assignment to one of the user's groups, else to its
 * buyer; a null or missing setting is inherited from the parent category,
 * and at the top from the catalog assignment (`ViewAllCategories`,
 * `ViewAllProducts`). An inactive category, or one below it, is hidden.
 */
const categorySettings = (
  store: Store,
  catalog: Json,
  categoryID: string,
  caller: Caller,
  seen: ReadonlySet<string> = new Set()
): { readonly visible: boolean; readonly allProducts: boolean } => {
  const catalogID = String(catalog["CatalogID"])
  const category = store.get(`catalogs/${catalogID}/categories`, categoryID)
  if (category === undefined || category["Active"] === false || seen.has(categoryID)) {
    return { visible: false, allProducts: false }
  }
  const groups = new Set(
    assignments(store, "buyers/usergroups/assignments").filter((a) => a["UserID"] === caller.ref.id).map((a) =>
      a["UserGroupID"]
    )
  )
  const forBuyer = assignments(store, "catalogs/categories/assignments").filter((a) =>
    a["CatalogID"] === catalogID && a["CategoryID"] === categoryID && a["BuyerID"] === caller.ref.companyID
  )
  const own =
    forBuyer.find((a) => a["UserGroupID"] !== undefined && a["UserGroupID"] !== null && groups.has(a["UserGroupID"]))
      ?? forBuyer.find((a) => a["UserGroupID"] === undefined || a["UserGroupID"] === null)
  const parentID = category["ParentID"]
  const inherited = typeof parentID === "string" && parentID !== ""
    ? categorySettings(store, catalog, parentID, caller, new Set([...seen, categoryID]))
    : { visible: catalog["ViewAllCategories"] === true, allProducts: catalog["ViewAllProducts"] === true }
  const setting = (value: unknown, fallback: boolean) => typeof value === "boolean" ? value : fallback
  const visible = setting(own?.["Visible"], inherited.visible) &&
    (typeof parentID !== "string" || parentID === "" || inherited.visible)
  return { visible, allProducts: setting(own?.["ViewAllProducts"], inherited.allProducts) }
}

/**
 * Whether a buyer user sees a product: it is active, and an active catalog
 * assigned to the buyer holds it with `ViewAllProducts`, or a category of
 * that catalog visible to the user holds it (its `ViewAllProducts`
 * resolved as {@link categorySettings} says), or a product assignment
 * targets the buyer or one of the user's groups.
 */
const visible = (store: Store, product: Json, caller: Caller): boolean => {
  if (product["Active"] !== true || caller.ref.companyID === undefined) return false
  const productID = String(product["ID"])
  const inCatalog = catalogsOf(store, caller.ref.companyID).some((catalog) => {
    if (
      catalog["ViewAllProducts"] === true &&
      assignments(store, "catalogs/productassignments").some((a) =>
        a["CatalogID"] === catalog["CatalogID"] && a["ProductID"] === productID
      )
    ) return true
    return assignments(store, "catalogs/categories/productassignments").some((a) => {
      if (a["CatalogID"] !== catalog["CatalogID"] || a["ProductID"] !== productID) return false
      const settings = categorySettings(store, catalog, String(a["CategoryID"]), caller)
      return settings.visible && settings.allProducts
    })
  })
  return inCatalog || productAssignment(store, productID, caller) !== undefined
}

/**
 * `/me/products`'s own parameters, which narrow rather than filter: with
 * `catalogID`, the products of that catalog (none when the buyer is not
 * assigned it); with `categoryID` (in
 * `catalogID`, or in any catalog), the products of that category and, to
 * `depth` levels in all (`1`, the default: the category alone; `all`:
 * every level), of the categories below it.
 */
const placement = (store: Store, query: URLSearchParams, caller: Caller): (productID: string) => boolean => {
  const param = (name: string) => [...query].find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] || undefined
  const catalogID = param("catalogID")
  const categoryID = param("categoryID")
  if (catalogID === undefined && categoryID === undefined) return () => true
  // A catalog the buyer is not assigned shows nothing.
  const mine = catalogsOf(store, caller.ref.companyID ?? "").some((a) => a["CatalogID"] === catalogID)
  if (catalogID !== undefined && !mine) return () => false
  const inCatalog = (a: Json) => catalogID === undefined || a["CatalogID"] === catalogID
  if (categoryID === undefined) {
    const ids = new Set(assignments(store, "catalogs/productassignments").filter(inCatalog).map((a) => a["ProductID"]))
    return (productID) => ids.has(productID)
  }
  const rawDepth = param("depth") ?? "1"
  const depth = rawDepth.toLowerCase() === "all" ? Infinity : Math.max(1, Number.parseInt(rawDepth, 10) || 1)
  const categories = new Set<unknown>([categoryID])
  let level = [categoryID]
  for (let d = 1; d < depth && level.length > 0; d++) {
    const parents = new Set<unknown>(level)
    level = store.collectionsLike("catalogs/*/categories")
      .filter((collection) => catalogID === undefined || collection === `catalogs/${catalogID}/categories`)
      .flatMap((collection) => store.list(collection))
      .filter((category) => parents.has(category["ParentID"]) && !categories.has(category["ID"]))
      .map((category) => String(category["ID"]))
    for (const id of level) categories.add(id)
  }
  const ids = new Set(
    assignments(store, "catalogs/categories/productassignments")
      .filter((a) => inCatalog(a) && categories.has(a["CategoryID"]))
      .map((a) => a["ProductID"])
  )
  return (productID) => ids.has(productID)
}

/** The price schedule for a user: a product assignment's, else the product's default. */
const priceScheduleFor = (store: Store, product: Json, caller: Caller): Json | undefined => {
  const assigned = productAssignment(store, String(product["ID"]), caller)?.["PriceScheduleID"]
  const id = assigned ?? product["DefaultPriceScheduleID"]
  return typeof id === "string" ? store.get("priceschedules", id) : undefined
}

const buyerProduct = (store: Store, product: Json, caller: Caller): Json => ({
  ...product,
  PriceSchedule: priceScheduleFor(store, product, caller) ?? null
})

/** @internal */
export const isAdmin = (caller: Caller) => caller.ref.usrtype === "admin"

/** The fields naming who placed an order: the caller, and its company (the marketplace for its own users). */
const placedBy = (caller: Caller) => ({
  FromUserID: caller.ref.id,
  FromCompanyID: caller.ref.companyID ?? caller.marketplaceID,
  FromUser: {
    ID: caller.ref.id,
    Username: caller.user["Username"],
    FirstName: caller.user["FirstName"] ?? null,
    LastName: caller.user["LastName"] ?? null,
    Email: caller.user["Email"] ?? null
  }
})

/** Gives a guest's order to a profiled user: it becomes theirs, and the guest's token no longer sees it. @internal */
export const transfer = (store: Store, order: Json, caller: Caller): Json =>
  saveOrder(store, { ...order, ...placedBy(caller) })

/**
 * The caller's cart: its latest unsubmitted outgoing order (for a guest,
 * the one its token names); undefined when there is none yet.
 * @internal
 */
export const cartOf = (store: Store, caller: Caller): Json | undefined =>
  store.list(orders).filter((o) => sentBy(o, caller) && o["Status"] === "Unsubmitted").pop()

/** The order the `anonUserToken` names, while it is still the guest's. @internal */
export const anonUserOrder = (store: Store, caller: Caller): Json | undefined => {
  const order = caller.anonUser === undefined ? undefined : store.get(orders, caller.anonUser.orderID)
  return order !== undefined && order["FromUserID"] === caller.anonUser?.userID ? order : undefined
}

/** Whether the caller sent an order (a marketplace user's orders come from the marketplace). */
const sentBy = (order: Json, caller: Caller): boolean =>
  order["FromUserID"] === caller.ref.id && order["FromCompanyID"] === (caller.ref.companyID ?? caller.marketplaceID) &&
  (caller.guestOrderID === undefined || order["ID"] === caller.guestOrderID)

/** Orders the caller may see in a direction; unsubmitted incoming orders stay the buyer's own. */
const ordersFor = (store: Store, direction: string, caller: Caller): ReadonlyArray<Json> => {
  const dir = direction.toLowerCase()
  const outgoing = (o: Json) => sentBy(o, caller)
  const incoming = (o: Json) =>
    (isAdmin(caller) && o["ToCompanyID"] === caller.marketplaceID && o["IsSubmitted"] === true) ||
    pendingApprovalsFor(store, o, caller).length > 0
  return store.list(orders).filter((o) =>
    dir === "outgoing" ? outgoing(o) : dir === "incoming" ? incoming(o) : outgoing(o) || incoming(o)
  )
}

/** Where an order's approvals live: one per approval rule that applied at submit. @internal */
export const approvalsOf = (orderID: string) => `orders/${orderID}/approvals`

/** Whether a user belongs to a user group: of its buyer, or of the marketplace for admin users. @internal */
export const inGroup = (store: Store, caller: Caller, groupID: unknown): boolean =>
  store.list(
    caller.ref.usrtype === "admin" ? "assignments:usergroups/assignments" : "assignments:buyers/usergroups/assignments"
  )
    .some((a) =>
      a["UserID"] === caller.ref.id && a["UserGroupID"] === groupID &&
      (caller.ref.usrtype === "admin" || a["BuyerID"] === caller.ref.companyID)
    )

/** The pending approvals of an awaiting order that the caller's groups may decide. @internal */
export const pendingApprovalsFor = (store: Store, order: Json, caller: Caller): ReadonlyArray<Json> =>
  order["Status"] !== "AwaitingApproval"
    ? []
    : store.list(approvalsOf(String(order["ID"]))).filter((a) =>
      a["Status"] === "Pending" &&
      // A buyer's rules are decided in the buyer, a seller rule by the marketplace's groups.
      (a["Seller"] === true ? isAdmin(caller) : caller.ref.companyID === order["FromCompanyID"]) &&
      inGroup(store, caller, a["ApprovingGroupID"])
    )

/** The order the path names, if the caller may see it in that direction. @internal */
export const orderFor = (store: Store, call: Call, caller: Caller): Json | Failure => {
  const id = call.params["orderID"]!
  const order = ordersFor(store, call.params["direction"]!, caller).find((o) => o["ID"] === id)
  // An order the caller may not see is answered as missing, not forbidden.
  return order ?? Errors.notFound("Order", id)
}

/** @internal */
export const isFailure = (value: unknown): value is Failure =>
  typeof value === "object" && value !== null && "errorCode" in value

/** @internal */
export const round = (value: number) => Math.round(value * 100) / 100

/** Subtotal, total and count from the line items; OrderCloud keeps these current. */
const withTotals = (store: Store, order: Json): Json => {
  const items = store.list(lineItemsOf(String(order["ID"])))
  const subtotal = round(items.reduce((sum, item) => sum + Number(item["LineSubtotal"] ?? 0), 0))
  const add = (field: string) => Number(order[field] ?? 0)
  const total = round(
    subtotal + add("TaxCost") + add("ShippingCost") + add("Gratuity") + add("Fees") - add("PromotionDiscount")
  )
  return { ...order, LineItemCount: items.length, Subtotal: subtotal, Total: total }
}

/** Stores an order with its totals brought up to date. @internal */
export const saveOrder = (store: Store, order: Json): Json => {
  const current = withTotals(store, order)
  store.put(orders, String(current["ID"]), current)
  return current
}

/**
 * The unit price for a quantity: the break with the largest quantity not
 * above it (its sale price inside the sale window). Refuses quantities
 * below the minimum, above the maximum, or off the breaks when restricted.
 */
const price = (schedule: Json, quantity: number, now: Date): number | Failure => {
  const breaks = ((schedule["PriceBreaks"] as ReadonlyArray<Json> | undefined) ?? [])
    .map((b) => ({ quantity: Number(b["Quantity"]), price: Number(b["Price"]), sale: b["SalePrice"] }))
    .sort((a, b) => a.quantity - b.quantity)
  const min = Number(schedule["MinQuantity"] ?? 1)
  const max = schedule["MaxQuantity"] === null || schedule["MaxQuantity"] === undefined
    ? Infinity
    : Number(schedule["MaxQuantity"])
  if (quantity < min) {
    return Errors.failure(400, "PriceSchedule.CannotBeLessThanMin", `Quantity must be at least ${min}.`, {
      MinQuantity: min
    })
  }
  if (quantity > max) {
    return Errors.failure(400, "PriceSchedule.CannotExceedMax", `Quantity must be at most ${max}.`, {
      MaxQuantity: max
    })
  }
  if (schedule["RestrictedQuantity"] === true && !breaks.some((b) => b.quantity === quantity)) {
    return Errors.failure(400, "PriceSchedule.QuantityNotAllowed", "Quantity must be one of the price breaks.", {
      AllowedQuantities: breaks.map((b) => b.quantity)
    })
  }
  const applicable = breaks.filter((b) => b.quantity <= quantity).pop()
  if (applicable === undefined) {
    return Errors.failure(400, "PriceSchedule.NoPriceBreak", "No price applies to this quantity.")
  }
  const saleStart = schedule["SaleStart"] ? Date.parse(String(schedule["SaleStart"])) : undefined
  const saleEnd = schedule["SaleEnd"] ? Date.parse(String(schedule["SaleEnd"])) : undefined
  const onSale = typeof applicable.sale === "number" &&
    (saleStart === undefined || saleStart <= now.getTime()) && (saleEnd === undefined || now.getTime() <= saleEnd)
  return onSale ? Number(applicable.sale) : applicable.price
}

const priceLine = (store: Store, call: Call, caller: Caller, order: Json, line: Json): Json | Failure => {
  if (order["Status"] !== "Unsubmitted" && !isAdmin(caller)) {
    return Errors.failure(400, "Order.CannotModifySubmitted", "A submitted order's line items cannot change.")
  }
  const productID = String(line["ProductID"] ?? "")
  const product = store.get("products", productID)
  if (product === undefined || (!isAdmin(caller) && !visible(store, product, caller))) {
    return Errors.notFound("Product", productID)
  }
  const quantity = Number(line["Quantity"] ?? 1)
  if (!Number.isInteger(quantity) || quantity < 1) {
    return Errors.failure(400, "LineItem.QuantityMustBePositive", "Quantity must be a whole number above 0.")
  }
  const schedule = isAdmin(caller)
    ? (typeof product["DefaultPriceScheduleID"] === "string"
      ? store.get("priceschedules", product["DefaultPriceScheduleID"])
      : undefined)
    : priceScheduleFor(store, product, caller)
  if (schedule === undefined) {
    return Errors.failure(400, "Product.NoPriceSchedule", `Product ${productID} has no price for this user.`, {
      ProductID: productID
    })
  }
  const unitPrice = price(schedule, quantity, call.now)
  if (isFailure(unitPrice)) return unitPrice
  const lineSubtotal = round(unitPrice * quantity)
  return {
    ...line,
    ProductID: productID,
    Quantity: quantity,
    UnitPrice: unitPrice,
    LineSubtotal: lineSubtotal,
    PromotionDiscount: 0,
    LineTotal: lineSubtotal,
    Product: {
      ID: productID,
      Name: product["Name"],
      Description: product["Description"] ?? null,
      xp: product["xp"] ?? null
    },
    DateAdded: line["DateAdded"] ?? call.now.toISOString()
  }
}

/** Prices a line, stores it and brings the order's totals up to date. */
const storeLine = (
  store: Store,
  call: Call,
  caller: Caller,
  order: Json,
  line: Json,
  status: number
): Answer | Failure => {
  const priced = priceLine(store, call, caller, order, line)
  if (isFailure(priced)) return priced
  store.put(lineItemsOf(String(order["ID"])), String(priced["ID"]), priced)
  saveOrder(store, order)
  return { status, body: priced }
}

const lineHandler =
  (write: (store: Store, call: Call, caller: Caller, order: Json) => Answer | Failure): Handler =>
  (store, call, caller) => {
    const order = orderFor(store, call, caller)
    if (isFailure(order)) return order
    return write(store, call, caller, order)
  }

/** @internal */
export const handlers: Readonly<Record<string, Handler>> = {
  "Me.get": (_store, _call, caller) => ({ status: 200, body: caller.user }),

  "Me.listProducts": (store, call, caller) => {
    const within = placement(store, call.query, caller)
    return {
      source: store.list("products")
        .filter((p) => visible(store, p, caller) && within(String(p["ID"])))
        .map((p) => buyerProduct(store, p, caller))
    }
  },

  "Me.getProduct": (store, call, caller) => {
    const id = call.params["productID"]!
    const product = store.get("products", id)
    return product !== undefined && visible(store, product, caller)
      ? { status: 200, body: buyerProduct(store, product, caller) }
      : Errors.notFound("Product", id)
  },

  "Me.listOrders": (store, _call, caller) => ({
    source: store.list(orders).filter((o) => sentBy(o, caller))
  }),

  "Orders.list": (store, call, caller) => ({ source: ordersFor(store, call.params["direction"]!, caller) }),

  "Orders.get": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    return isFailure(order) ? order : { status: 200, body: order }
  },

  "Orders.create": (store, call, caller) => {
    if (call.params["direction"]!.toLowerCase() !== "outgoing") {
      return Errors.failure(400, "Order.InvalidDirection", "Orders are created in the Outgoing direction.")
    }
    // A guest's order takes the ID its token names, so the cart follows the token.
    const id = caller.guestOrderID ?? Crud.chosenId(call)
    if (store.has(orders, id)) return Errors.idExists("Order", id)
    const order = saveOrder(store, {
      ShippingCost: 0,
      TaxCost: 0,
      Gratuity: 0,
      PromotionDiscount: 0,
      ...call.body,
      ID: id,
      ...placedBy(caller),
      ToCompanyID: caller.marketplaceID,
      Status: "Unsubmitted",
      IsSubmitted: false,
      DateCreated: call.now.toISOString(),
      DateSubmitted: null
    })
    return { status: 201, body: order }
  },

  "Me.transferAnonUserOrder": (store, _call, caller) => {
    const order = anonUserOrder(store, caller)
    if (order === undefined) return Errors.notFound("Order", caller.anonUser?.orderID ?? "")
    transfer(store, order, caller)
    return { status: 204 }
  },

  "Orders.patch": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    if (isFailure(order)) return order
    const { ID: _ignored, Status: _status, IsSubmitted: _submitted, ...changes } = call.body ?? {}
    return { status: 200, body: saveOrder(store, Crud.deepMerge(order, changes)) }
  },

  "Orders.delete": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    if (isFailure(order)) return order
    store.remove(orders, String(order["ID"]))
    store.removeWhere(lineItemsOf(String(order["ID"])), () => true)
    return { status: 204 }
  },

  "LineItems.list": (store, call, caller) => {
    const order = orderFor(store, call, caller)
    return isFailure(order) ? order : { source: store.list(lineItemsOf(String(order["ID"]))) }
  },

  "LineItems.get": lineHandler((store, call, _caller, order) => {
    const item = store.get(lineItemsOf(String(order["ID"])), call.params["lineItemID"]!)
    return item === undefined ? Errors.notFound("LineItem", call.params["lineItemID"]!) : { status: 200, body: item }
  }),

  "LineItems.create": lineHandler((store, call, caller, order) => {
    const id = Crud.chosenId(call)
    if (store.has(lineItemsOf(String(order["ID"])), id)) return Errors.idExists("LineItem", id)
    return storeLine(store, call, caller, order, { ...call.body, ID: id }, 201)
  }),

  "LineItems.save": lineHandler((store, call, caller, order) =>
    storeLine(store, call, caller, order, { ...call.body, ID: call.params["lineItemID"]! }, 200)
  ),

  "LineItems.patch": lineHandler((store, call, caller, order) => {
    const id = call.params["lineItemID"]!
    const existing = store.get(lineItemsOf(String(order["ID"])), id)
    if (existing === undefined) return Errors.notFound("LineItem", id)
    return storeLine(store, call, caller, order, Crud.deepMerge(existing, call.body ?? {}), 200)
  }),

  "LineItems.delete": lineHandler((store, call, _caller, order) => {
    const id = call.params["lineItemID"]!
    if (!store.remove(lineItemsOf(String(order["ID"])), id)) return Errors.notFound("LineItem", id)
    saveOrder(store, order)
    return { status: 204 }
  })
}
