/**
 * The tour: a seller sets up a catalog, a buyer shops and submits an order,
 * the seller picks it up. Every step prints what happened.
 */
import { Catalogs, Me, Orders, PriceSchedules, Products } from "@ordercloud-effect/resources"
import { LineItems } from "@ordercloud-effect/resources"
import { Console, Effect } from "effect"
import { as, Environment } from "../Environment.js"
import type { Example } from "../Example.js"

const money = (value: number | null | undefined) => `$${(value ?? 0).toFixed(2)}`

const program = Effect.gen(function*() {
  const env = yield* Environment
  // IDs unique to this run, so the tour can run again against a real marketplace.
  const run = Math.random().toString(36).slice(2, 8)
  const catalogID = `tour-${run}`
  const products = [
    { id: `tour-lamp-${run}`, name: "Tour Desk Lamp", color: "black", price: 40, breaks: [[5, 35]] as const },
    { id: `tour-chair-${run}`, name: "Tour Office Chair", color: "grey", price: 120, breaks: [] },
    { id: `tour-mat-${run}`, name: "Tour Desk Mat", color: "black", price: 15, breaks: [[10, 12]] as const }
  ]

  yield* Console.log("1. Seller sets up the catalog")
  yield* as("seller")(Effect.gen(function*() {
    yield* Catalogs.create({ ID: catalogID, Name: `Tour catalog ${run}`, Active: true })
    yield* Console.log(`   created catalog ${catalogID}`)
    for (const p of products) {
      yield* PriceSchedules.create({
        ID: `${p.id}-price`,
        Name: `${p.name} price`,
        MinQuantity: 1,
        PriceBreaks: [{ Quantity: 1, Price: p.price }, ...p.breaks.map(([Quantity, Price]) => ({ Quantity, Price }))]
      })
      yield* Products.create({
        ID: p.id,
        Name: p.name,
        Active: true,
        DefaultPriceScheduleID: `${p.id}-price`,
        xp: { Color: p.color, Tour: run }
      })
      yield* Catalogs.saveProductAssignment({ CatalogID: catalogID, ProductID: p.id })
      yield* Console.log(
        `   product ${p.name} at ${money(p.price)}${
          p.breaks.length > 0
            ? ` (${p.breaks.map(([q, v]) => `${q}+ at ${money(v)}`).join(", ")})`
            : ""
        }`
      )
    }
    yield* Catalogs.saveAssignment({
      CatalogID: catalogID,
      BuyerID: env.buyerID,
      ViewAllProducts: true,
      ViewAllCategories: true
    })
    yield* Console.log(`   assigned the catalog to buyer ${env.buyerID}`)
  }))

  yield* Console.log("2. Buyer browses")
  const order = yield* as("buyer")(Effect.gen(function*() {
    const found = yield* Me.listProducts({
      search: "desk",
      filters: { xp: { Tour: run, Color: "black" } },
      sortBy: ["Name"]
    })
    yield* Console.log(
      `   search "desk", color black: ${found.Items.map((p) => p.Name).join(", ")} (${found.Meta.TotalCount} found)`
    )

    yield* Console.log("3. Buyer orders")
    const created = yield* Orders.create("Outgoing", { Comments: "Tour order" })
    yield* Console.log(`   created order ${created.ID} (${created.Status})`)
    for (const [product, quantity] of [[products[0]!, 6], [products[2]!, 10]] as const) {
      const line = yield* LineItems.create("Outgoing", created.ID!, { ProductID: product.id, Quantity: quantity })
      yield* Console.log(`   ${quantity} x ${product.name} at ${money(line.UnitPrice)} = ${money(line.LineTotal)}`)
    }
    const submitted = yield* Orders.submit("Outgoing", created.ID!)
    yield* Console.log(`   submitted: ${submitted.Status}, total ${money(submitted.Total)}`)
    return submitted
  }))

  yield* Console.log("4. Seller picks up the order")
  const picked = yield* as("seller")(Effect.gen(function*() {
    const incoming = yield* Orders.list("Incoming", { filters: { ID: order.ID! } })
    yield* Console.log(`   incoming orders with this ID: ${incoming.Meta.TotalCount}`)
    const patched = yield* Orders.patch("Incoming", order.ID!, { xp: { Warehouse: "north" } })
    yield* Console.log(`   patched: warehouse ${String((patched.xp as { Warehouse?: string } | null)?.Warehouse)}`)
    return incoming.Meta.TotalCount
  }))

  yield* Console.log("5. A typed error, handled by its tag")
  const refusal = yield* as("buyer")(
    Products.create({ Name: "Buyers cannot create products" }).pipe(
      Effect.as("unexpectedly allowed"),
      Effect.catchTag(
        "Forbidden",
        (error) => Effect.succeed(`Forbidden (${error.errorCode}): the buyer lacks ProductAdmin`)
      )
    )
  )
  yield* Console.log(`   ${refusal}`)

  yield* Console.log("Summary")
  yield* Console.log(`   ${products.length} products in catalog ${catalogID}`)
  yield* Console.log(
    `   order ${order.ID}: ${order.LineItemCount} line items, subtotal ${money(order.Subtotal)}, total ${
      money(order.Total)
    }`
  )
  yield* Console.log(`   seen by the seller: ${picked === 1 ? "yes" : "no"}`)
})

export const tour: Example = {
  name: "tour",
  description: "Seller sets up a catalog, buyer shops and submits, seller picks up the order",
  program
}
