/**
 * `ListOptions.FiltersFor<Item>` at the type level: keys from the item's
 * fields, values by field type, the depth limit. Checked by `pnpm check`
 * (each `@ts-expect-error` line must fail to compile).
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as ListOptions from "../src/ListOptions.js"

interface Address {
  readonly City?: string | null
  readonly xp?: unknown
}

interface Item {
  readonly ID?: string | null
  readonly Status?: "Open" | "Completed"
  readonly Active?: boolean
  readonly Total?: number | null
  readonly DateSubmitted?: Date | null
  readonly Tags?: ReadonlyArray<string>
  readonly ShippingAddress?: Address | null
  readonly Deep?: { readonly A?: { readonly B?: { readonly C?: { readonly D?: string } } } }
  readonly xp?: { readonly Color?: "red" | "blue"; readonly Rank?: number } | null
}

type F = ListOptions.FiltersFor<Item>

describe("ListOptions.FiltersFor", () => {
  it("types each field's value by the field", () => {
    expectTypeOf<F["Active"]>().toEqualTypeOf<ListOptions.OneOrMore<boolean> | undefined>()
    expectTypeOf<F["Total"]>().toEqualTypeOf<ListOptions.OneOrMore<ListOptions.NumberFilter> | undefined>()
    expectTypeOf<F["DateSubmitted"]>().toEqualTypeOf<ListOptions.OneOrMore<ListOptions.DateFilter> | undefined>()
    expectTypeOf<F["Status"]>().toEqualTypeOf<
      ListOptions.OneOrMore<ListOptions.StringFilter<"Open" | "Completed">> | undefined
    >()
    // An array field filters on its elements.
    expectTypeOf<F["Tags"]>().toEqualTypeOf<ListOptions.OneOrMore<ListOptions.StringFilter> | undefined>()
    expectTypeOf<F["xp.Rank"]>().toEqualTypeOf<ListOptions.OneOrMore<ListOptions.NumberFilter> | undefined>()
    // Every typed filter is still a plain `Filters` for serialization.
    expectTypeOf<F>().toExtend<ListOptions.Filters>()
  })

  it("accepts the item's fields, dotted or nested, and operator strings", () => {
    const filters: F = {
      ID: "o1|o2",
      Status: ["!Open", "!Completed"],
      Active: false,
      Total: "!<100",
      DateSubmitted: ">2024-01-01",
      "ShippingAddress.City": "Paris*",
      ShippingAddress: { City: "Lyon" },
      "ShippingAddress.xp.Floor": 3,
      "Deep.A": { B: {} },
      "xp.Color": "red",
      xp: { Rank: ">3" }
    }
    const query = ListOptions.toQueryString({ filters })
    assert.deepStrictEqual(
      query,
      Either.right(
        "ID=o1%7Co2&Status=!Open&Status=!Completed&Active=false&Total=!%3C100&DateSubmitted=%3E2024-01-01&" +
          "ShippingAddress.City=Paris*&ShippingAddress.City=Lyon&ShippingAddress.xp.Floor=3&" +
          "xp.Color=red&xp.Rank=%3E3"
      )
    )
  })

  it("refuses what is not a field, or not of the field's type", () => {
    // @ts-expect-error misspelt field
    const misspelt: F = { Stauts: "Open" }
    // @ts-expect-error misspelt dotted path
    const path: F = { "ShippingAddress.Cty": "Paris" }
    // @ts-expect-error a typed xp refuses other keys
    const xp: F = { "xp.Colour": "red" }
    // @ts-expect-error a typed xp value keeps its field's type
    const rank: F = { xp: { Rank: "high" } }
    // @ts-expect-error boolean field
    const active: F = { Active: "true" }
    // @ts-expect-error number field
    const total: F = { Total: "lots" }
    // @ts-expect-error date field
    const date: F = { DateSubmitted: "soon" }
    // @ts-expect-error beyond the depth limit (3 levels of objects) there are no dotted keys
    const deep: F = { "Deep.A.B.C.D": "x" }
    // @ts-expect-error nor nested objects
    const nested: F = { "Deep.A.B": { C: { D: "x" } } }
    assert.isDefined([misspelt, path, xp, rank, active, total, date, deep, nested])
  })
})
