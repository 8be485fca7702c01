/**
 * The named options types: each function's options (and each `listAll`'s)
 * are a type of its resource module, the same type the function takes, so a
 * wrapper can take them and pass them on. The `@ts-expect-error` lines and
 * `expectTypeOf` checks run under `pnpm check`.
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { Categories, Products } from "../src/index.js"

const ProductXp = Schema.Struct({ Color: Schema.Literal("red", "blue") })

describe("named options types", () => {
  it("are what the functions take, xp and filters typed by X", () => {
    // Without `xp`, the default: every xp unknown.
    expectTypeOf<Products.ListOptions>().toEqualTypeOf<
      NonNullable<Parameters<typeof Products.list<typeof Schema.Unknown>>[0]>
    >()
    expectTypeOf<Products.ListOptions<typeof ProductXp>>().toEqualTypeOf<
      NonNullable<Parameters<typeof Products.list<typeof ProductXp>>[0]>
    >()
    expectTypeOf<Products.ListAllOptions<typeof ProductXp>>().toEqualTypeOf<
      NonNullable<Parameters<typeof Products.listAll<typeof ProductXp>>[0]>
    >()
    expectTypeOf<Products.GetOptions>().toEqualTypeOf<
      NonNullable<Parameters<typeof Products.get<typeof Schema.Unknown>>[1]>
    >()
    expectTypeOf<Categories.ListOptions["depth"]>().toEqualTypeOf<number | "all" | undefined>()
  })

  it("pass through a wrapper with their types intact", () => {
    const redOnly = (options: Omit<Products.ListOptions<typeof ProductXp>, "xp"> = {}) =>
      Products.list({ ...options, xp: ProductXp, filters: { ...options.filters, "xp.Color": "red" } })
    const page = redOnly({ pageSize: 5, filters: { Active: true }, sortBy: ["!Name"] })
    expectTypeOf<Effect.Effect.Success<typeof page>["Items"][number]["xp"]>().toEqualTypeOf<
      { readonly Color: "red" | "blue" } | null | undefined
    >()
    // @ts-expect-error a misspelt field is no filter
    const misspelt: Products.ListOptions = { filters: { Nmae: "Shirt" } }
    // @ts-expect-error not a field of the xp Schema
    const notXp: Products.ListOptions<typeof ProductXp> = { filters: { "xp.Colour": "red" } }
    // @ts-expect-error listAll asks for the pages itself
    const paged: Products.ListAllOptions = { page: 2 }
    // @ts-expect-error get takes no list options
    const listing: Products.GetOptions = { pageSize: 5 }
    assert.isDefined([page, misspelt, notXp, paged, listing])
  })
})
