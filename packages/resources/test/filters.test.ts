/**
 * Typed filters: each list operation's `filters` keys are its list item's
 * fields (dotted paths into nested objects included) and each value is typed
 * by its field. The `@ts-expect-error` lines are checked by `pnpm check`: a
 * line that compiled would fail it.
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import type * as ListOptions from "@ordercloud-effect/core/ListOptions"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { LineItems, Me, Orders, Products } from "../src/index.js"
import { json, recorder } from "./utils/server.js"

const ProductXp = Schema.Struct({
  Color: Schema.Literal("red", "blue"),
  Rank: Schema.Number,
  Featured: Schema.Boolean,
  Launch: Schema.optional(Schema.Struct({ Date: Schema.String, Region: Schema.String }))
})

type ProductFilters = NonNullable<NonNullable<Parameters<typeof Products.list>[0]>["filters"]>
type TypedProductFilters = NonNullable<NonNullable<Parameters<typeof Products.list<typeof ProductXp>>[0]>["filters"]>

const emptyPage = { Meta: { Page: 1, PageSize: 20, TotalCount: 0, TotalPages: 0, ItemRange: [0, 0] }, Items: [] }

describe("typed filters", () => {
  it("accept the list item's fields, typed by field", () => {
    const filters: ProductFilters = {
      ID: "p1*",
      Name: ["!a*", "!b*"],
      Active: true,
      ShipWeight: ">2",
      SpecCount: 0,
      QuantityMultiplier: "!<5",
      DateCreated: new Date("2024-01-01"),
      "Inventory.QuantityAvailable": "<10",
      Inventory: { Enabled: true },
      // Without an xp Schema, every path under xp is open.
      "xp.Color": "red|blue",
      xp: { Size: { Label: "M" }, Rank: ">10" },
      // OR across fields (premium search): its own key form.
      "Name|Description": "shirt*"
    }
    expectTypeOf(filters).toExtend<ListOptions.Filters>()
    expectTypeOf<{ readonly DateCreated: `>${string}` }>().toExtend<ProductFilters>()
  })

  it("refuse a misspelt field, nested path or value of the wrong type", () => {
    // @ts-expect-error misspelt field
    const misspelt: ProductFilters = { Nmae: "Shirt" }
    // @ts-expect-error a list option is not a filter field
    const option: ProductFilters = { depth: "all" }
    // @ts-expect-error misspelt nested path
    const nested: ProductFilters = { "Inventory.QuantityAvailible": 1 }
    // @ts-expect-error misspelt field inside a nested object
    const inner: ProductFilters = { Inventory: { Enabeld: true } }
    // @ts-expect-error a boolean field takes booleans
    const bool: ProductFilters = { Active: "yes" }
    // @ts-expect-error a number field takes numbers or operator strings
    const number: ProductFilters = { ShipWeight: "heavy" }
    // @ts-expect-error a date field takes a Date or a date string
    const date: ProductFilters = { DateCreated: "yesterday" }
    // @ts-expect-error xp is a path: not "xq"
    const xq: ProductFilters = { "xq.Color": "red" }
    assert.isDefined([misspelt, option, nested, inner, bool, number, date, xq])
  })

  it("type xp paths by the xp Schema when one is given", () => {
    const filters: TypedProductFilters = {
      "xp.Color": "red",
      "xp.Rank": ">3",
      "xp.Featured": false,
      "xp.Launch.Region": "EU*",
      xp: { Color: "blue", Launch: { Date: ">2024-01-01" } },
      Name: "Shirt*"
    }
    assert.isDefined(filters)
    // @ts-expect-error not a field of the xp Schema
    const misspelt: TypedProductFilters = { "xp.Colour": "red" }
    // @ts-expect-error not a field of the xp Schema (nested form)
    const nested: TypedProductFilters = { xp: { Colour: "red" } }
    // @ts-expect-error Rank is a number
    const rank: TypedProductFilters = { "xp.Rank": "high" }
    assert.isDefined([misspelt, nested, rank])
  })

  it("type every list operation the same way, listAll and embedded models included", () => {
    type OrderFilters = NonNullable<NonNullable<Parameters<typeof Orders.list>[1]>["filters"]>
    const order: OrderFilters = {
      Status: "Open",
      Total: ">100",
      IsSubmitted: false,
      "FromUser.Email": "*@example.com",
      "BillingAddress.City": "Paris",
      "FromUser.xp.Tier": "gold"
    }
    assert.isDefined(order)
    expectTypeOf<{ readonly Status: "Open" }>().toExtend<OrderFilters>()
    // @ts-expect-error misspelt path into an embedded model
    const embedded: OrderFilters = { "BillingAddress.Cty": "Paris" }
    type AllFilters = NonNullable<NonNullable<Parameters<typeof Products.listAll>[0]>["filters"]>
    expectTypeOf<AllFilters>().toEqualTypeOf<ProductFilters>()
    type LineItemFilters = NonNullable<NonNullable<Parameters<typeof LineItems.list>[2]>["filters"]>
    // @ts-expect-error misspelt field
    const lineItem: LineItemFilters = { Quantiy: 2 }
    type MeFilters = NonNullable<NonNullable<Parameters<typeof Me.listProducts>[0]>["filters"]>
    // @ts-expect-error misspelt field
    const me: MeFilters = { Actve: true }
    assert.isDefined([embedded, lineItem, me])
  })

  it.effect("send the same query as before, typed or not", () =>
    Effect.gen(function*() {
      const srv = recorder(() => json(200, emptyPage))
      yield* Products.list({
        xp: ProductXp,
        filters: {
          "xp.Rank": ">3",
          xp: { Color: "red", Launch: { Region: "EU*" } },
          Active: true,
          DateCreated: new Date("2024-01-01T00:00:00.000Z"),
          Name: ["!a*", "!b*"]
        }
      }).pipe(Effect.provide(srv.layer))
      const all = yield* Products.listAll({ paging: "lastId", filters: { ID: "p*", xp: { Size: "M" } } }).pipe(
        Stream.runCollect,
        Effect.provide(srv.layer)
      )
      assert.strictEqual(Chunk.size(all), 0)
      assert.deepStrictEqual([...srv.requests[0]!.url.searchParams], [
        ["xp.Rank", ">3"],
        ["xp.Color", "red"],
        ["xp.Launch.Region", "EU*"],
        ["Active", "true"],
        ["DateCreated", "2024-01-01T00:00:00.000Z"],
        ["Name", "!a*"],
        ["Name", "!b*"]
      ])
      assert.deepStrictEqual([...srv.requests[1]!.url.searchParams], [
        ["sortBy", "ID"],
        ["page", "1"],
        ["pageSize", "100"],
        ["ID", "p*"],
        ["xp.Size", "M"]
      ])
    }))
})
