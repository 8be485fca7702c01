/**
 * OrderCloud's list semantics end to end: options serialized by the SDK,
 * answered by the sandbox, in both modes. 47 cases over 12 products.
 */
import { assert, layer } from "@effect/vitest"
import type * as ListOptions from "@ordercloud-effect/core/ListOptions"
import { Products } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Seed from "../src/Seed.js"
import { modesWith } from "./utils/modes.js"
import { seller } from "./utils/sessions.js"

const rows: ReadonlyArray<
  readonly [string, string, boolean, number, string, number, string | undefined, string, string | null]
> = [
  // ID, Name, Active, ShipWeight, xp.Color, xp.Rank, xp.Size, DateCreated, Description
  ["p01", "Alpha Shirt", true, 1, "red", 1, "M", "2024-01-05", "cotton tee"],
  ["p02", "Beta Shirt", true, 2, "blue", 2, "L", "2024-02-05", "linen tee"],
  ["p03", "Gamma Mug", false, 3, "red", 3, undefined, "2024-03-05", null],
  ["p04", "Delta Mug", true, 4, "green", 4, "M", "2024-04-05", "stoneware mug"],
  ["p05", "Epsilon Cap", true, 5, "blue", 5, "L", "2024-05-05", "cotton cap"],
  ["p06", "Zeta Cap", false, 6, "red", 6, undefined, "2024-06-05", "wool cap"],
  ["p07", "Eta Socks", true, 7, "green", 7, "M", "2024-07-05", null],
  ["p08", "Theta Socks", true, 8, "blue", 8, "L", "2024-08-05", "wool socks"],
  ["p09", "Iota Bag", true, 9, "red", 9, "M", "2024-09-05", "canvas bag"],
  ["p10", "Kappa Bag", false, 10, "blue", 10, undefined, "2024-10-05", "leather bag"],
  ["p11", "Lambda Hat", true, 11, "green", 11, "L", "2024-11-05", "straw hat"],
  ["p12", "Mu Hat", true, 12, "red", 12, "M", "2024-12-05", "felt hat"]
]

const seed: Seed.Seed = {
  collections: {
    ...Seed.marketplace.collections,
    products: rows.map(([ID, Name, Active, ShipWeight, Color, Rank, Size, date, Description]) => ({
      ID,
      Name,
      Active,
      ShipWeight,
      Description,
      DateCreated: `${date}T00:00:00.000Z`,
      xp: Size === undefined ? { Color, Rank } : { Color, Rank, Size }
    }))
  }
}

type Options = NonNullable<Parameters<typeof Products.list>[0]>

/** Filters the types refuse (a field products do not have) that a JavaScript caller can still send. */
const unchecked = (filters: ListOptions.Filters): Options["filters"] => filters as Options["filters"]

const cases: ReadonlyArray<{
  readonly name: string
  readonly options: Options
  readonly ids: ReadonlyArray<string>
  readonly meta?: {
    readonly TotalCount: number
    readonly TotalPages: number
    readonly ItemRange: ReadonlyArray<number>
  }
}> = [
  {
    name: "no options: everything in stored order",
    options: {},
    ids: ["p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10", "p11", "p12"]
  },
  {
    name: "boolean true",
    options: { filters: { Active: true } },
    ids: ["p01", "p02", "p04", "p05", "p07", "p08", "p09", "p11", "p12"]
  },
  { name: "boolean false", options: { filters: { Active: false } }, ids: ["p03", "p06", "p10"] },
  { name: "xp path equals", options: { filters: { xp: { Color: "red" } } }, ids: ["p01", "p03", "p06", "p09", "p12"] },
  {
    name: "OR within a value",
    options: { filters: { xp: { Color: "red|blue" } } },
    ids: ["p01", "p02", "p03", "p05", "p06", "p08", "p09", "p10", "p12"]
  },
  {
    name: "negation",
    options: { filters: { xp: { Color: "!red" } } },
    ids: ["p02", "p04", "p05", "p07", "p08", "p10", "p11"]
  },
  { name: "leading wildcard", options: { filters: { Name: "*Shirt" } }, ids: ["p01", "p02"] },
  {
    name: "wildcards both sides",
    options: { filters: { Name: "*ta*" } },
    ids: ["p02", "p04", "p06", "p07", "p08", "p09"]
  },
  { name: "trailing wildcard, any case", options: { filters: { Name: "a*" } }, ids: ["p01"] },
  {
    name: "negated wildcard",
    options: { filters: { Name: "!*Cap" } },
    ids: ["p01", "p02", "p03", "p04", "p07", "p08", "p09", "p10", "p11", "p12"]
  },
  { name: "greater than", options: { filters: { ShipWeight: ">9" } }, ids: ["p10", "p11", "p12"] },
  { name: "less than", options: { filters: { ShipWeight: "<3" } }, ids: ["p01", "p02"] },
  { name: "not less than (>=)", options: { filters: { ShipWeight: "!<10" } }, ids: ["p10", "p11", "p12"] },
  { name: "not greater than (<=)", options: { filters: { ShipWeight: "!>2" } }, ids: ["p01", "p02"] },
  { name: "AND by repeating a key", options: { filters: { ShipWeight: [">3", "<6"] } }, ids: ["p04", "p05"] },
  { name: "numeric xp comparison", options: { filters: { xp: { Rank: ">10" } } }, ids: ["p11", "p12"] },
  { name: "absent (!*)", options: { filters: { xp: { Size: "!*" } } }, ids: ["p03", "p06", "p10"] },
  {
    name: "present (*)",
    options: { filters: { xp: { Size: "*" } } },
    ids: ["p01", "p02", "p04", "p05", "p07", "p08", "p09", "p11", "p12"]
  },
  { name: "null counts as absent", options: { filters: { Description: "!*" } }, ids: ["p03", "p07"] },
  { name: "date after", options: { filters: { DateCreated: ">2024-10-01" } }, ids: ["p10", "p11", "p12"] },
  {
    name: "date before, given as a Date",
    options: { filters: { DateCreated: `<${new Date("2024-02-01").toISOString()}` } },
    ids: ["p01"]
  },
  { name: "two fields AND", options: { filters: { xp: { Color: "red" }, Active: true } }, ids: ["p01", "p09", "p12"] },
  { name: "ID prefix", options: { filters: { ID: "p1*" } }, ids: ["p10", "p11", "p12"] },
  { name: "ID OR", options: { filters: { ID: "p01|p12" } }, ids: ["p01", "p12"] },
  { name: "wildcard and xp together", options: { filters: { Name: "*Socks", xp: { Size: "L" } } }, ids: ["p08"] },
  { name: "equals ignores case", options: { filters: { Name: "alpha shirt" } }, ids: ["p01"] },
  {
    name: "OR and a range",
    options: { filters: { xp: { Size: "M|L" }, ShipWeight: "!>5" } },
    ids: ["p01", "p02", "p04", "p05"]
  },
  {
    name: "a filter on a field products do not have (depth=all) is ignored",
    options: { filters: unchecked({ depth: "all" }) },
    ids: ["p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10", "p11", "p12"]
  },
  {
    name: "an unknown field beside a real filter",
    options: { filters: unchecked({ depth: "all", Active: false }) },
    ids: ["p03", "p06", "p10"]
  },
  { name: "an xp field no product has matches nothing", options: { filters: { xp: { Nope: "1" } } }, ids: [] },
  {
    name: "OR across a known and an unknown field keeps the known one",
    options: { filters: { "Nope|Name": "Mu Hat" } },
    ids: ["p12"]
  },
  {
    name: "nothing matches",
    options: { filters: { xp: { Color: "purple" } } },
    ids: [],
    meta: { TotalCount: 0, TotalPages: 0, ItemRange: [0, 0] }
  },
  { name: "search one word", options: { search: "cotton" }, ids: ["p01", "p05"] },
  { name: "search across fields", options: { search: "wool" }, ids: ["p06", "p08"] },
  { name: "search matches name and description", options: { search: "hat" }, ids: ["p11", "p12"] },
  { name: "search any term (default)", options: { search: "cotton cap" }, ids: ["p01", "p05", "p06"] },
  { name: "search all terms", options: { search: "cotton cap", searchType: "AllTermsAnyField" }, ids: ["p05"] },
  { name: "search exact phrase", options: { search: "cotton cap", searchType: "ExactPhrase" }, ids: ["p05"] },
  { name: "searchOn limits the fields (miss)", options: { search: "felt", searchOn: ["Name"] }, ids: [] },
  { name: "searchOn limits the fields (hit)", options: { search: "felt", searchOn: ["Description"] }, ids: ["p12"] },
  {
    name: "sort by name",
    options: { sortBy: ["Name"] },
    ids: ["p01", "p02", "p04", "p05", "p07", "p03", "p09", "p10", "p11", "p12", "p08", "p06"]
  },
  {
    name: "sort descending",
    options: { sortBy: ["!ShipWeight"] },
    ids: ["p12", "p11", "p10", "p09", "p08", "p07", "p06", "p05", "p04", "p03", "p02", "p01"]
  },
  {
    name: "multi-field sort with !",
    options: { sortBy: ["xp.Color", "!ID"] },
    ids: ["p10", "p08", "p05", "p02", "p11", "p07", "p04", "p12", "p09", "p06", "p03", "p01"]
  },
  {
    name: "filter, sort, first page",
    options: { filters: { Active: true }, sortBy: ["!Name"], pageSize: 3 },
    ids: ["p08", "p12", "p11"],
    meta: { TotalCount: 9, TotalPages: 3, ItemRange: [1, 3] }
  },
  {
    name: "filter, sort, last page",
    options: { filters: { Active: true }, sortBy: ["!Name"], pageSize: 3, page: 3 },
    ids: ["p04", "p02", "p01"],
    meta: { TotalCount: 9, TotalPages: 3, ItemRange: [7, 9] }
  },
  {
    name: "last partial page",
    options: { pageSize: 5, page: 3 },
    ids: ["p11", "p12"],
    meta: { TotalCount: 12, TotalPages: 3, ItemRange: [11, 12] }
  },
  {
    name: "past the last page",
    options: { pageSize: 5, page: 4 },
    ids: [],
    meta: { TotalCount: 12, TotalPages: 3, ItemRange: [0, 0] }
  }
]

const modes = modesWith({ seed })

for (const [mode, client] of modes) {
  // One sandbox per mode: the cases only read.
  layer(Layer.provideMerge(seller, client))(`list semantics (${mode})`, (it) => {
    it.effect(`has at least 40 cases (${cases.length})`, () => Effect.sync(() => assert.isAtLeast(cases.length, 40)))
    for (const c of cases) {
      it.effect(c.name, () =>
        Effect.gen(function*() {
          const page = yield* Products.list(c.options)
          assert.deepStrictEqual(page.Items.map((p) => p.ID), [...c.ids])
          if (c.meta !== undefined) {
            assert.deepStrictEqual(
              { TotalCount: page.Meta.TotalCount, TotalPages: page.Meta.TotalPages, ItemRange: page.Meta.ItemRange },
              c.meta
            )
          }
        }))
    }
  })
}
