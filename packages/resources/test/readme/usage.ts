import { Session } from "@ordercloud-effect/core"
import * as Products from "@ordercloud-effect/resources/Products"
import { Effect, Schema } from "effect"

// Your own shape for products' extended properties.
const ProductXp = Schema.Struct({ Color: Schema.Literal("red", "blue") })

export const restock = Effect.gen(function*() {
  // Path parameters first, then the body, then one options object.
  const created = yield* Products.create({ ID: "shirt-01", Name: "Shirt", Active: true, xp: { Color: "red" } }, {
    xp: ProductXp
  })
  yield* Products.patch("shirt-01", { Inventory: { Enabled: true, QuantityAvailable: 20 } })
  // One page, filtered and sorted with the fields this operation allows.
  const page = yield* Products.list({
    filters: { Active: true, xp: { Color: "red" } },
    sortBy: ["!Name"],
    pageSize: 50
  })
  return { created: created.xp?.Color, onPage: page.Meta.TotalCount }
})

// Operations need the client and a Session (a perspective) in context.
export type Needs = Effect.Effect.Context<typeof restock> // OrderCloudClient | Session
export const asSeller = (token: string) => restock.pipe(Effect.provide(Session.layerToken(token)))
