import { assert, describe, expect, it } from "@effect/vitest"
import * as ListPage from "@ordercloud-effect/core/ListPage"
import { Arbitrary, Either, FastCheck, Schema, SchemaAST as AST } from "effect"
import { readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { decodeProduct } from "../src/generated/decoders/Product.js"
import * as Models from "../src/generated/models/index.js"
import * as Decode from "../src/internal/decode.js"
import * as Runtime from "../src/internal/runtime.js"

// Every generated decoder against its read model's Schema: what the decoder
// gives is what the Schema gives, and where the Schema refuses, the decoder
// gives `undefined` (the Schema then runs and reports).

const options = { errors: "all", onExcessProperty: "ignore" } as const
const runs = { numRuns: 25 }

type Model = Schema.Schema.AnyNoContext

const directory = fileURLToPath(new URL("../src/generated/decoders/", import.meta.url))
const names = readdirSync(directory).filter((file) => file.endsWith(".ts")).map((file) => file.slice(0, -3)).sort()

const exported: Readonly<Record<string, unknown>> = Models
const models: ReadonlyMap<string, Model> = new Map(
  Object.entries(exported).filter((entry): entry is [string, Model] => Schema.isSchema(entry[1]))
)

const decoders = new Map<string, Decode.Decoder<unknown>>()
for (const name of names) {
  const module: Record<string, unknown> = await import(`../src/generated/decoders/${name}.ts`)
  const decode = module[`decode${name}`]
  if (typeof decode !== "function") throw new Error(`decoders/${name}.ts has no decode${name}`)
  decoders.set(name, (input) => decode(input))
}

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)

/** Keys no model has (`~` starts no field name); `__proto__` as `JSON.parse` makes it, an own key. */
const excessKey = FastCheck.oneof(
  FastCheck.string({ maxLength: 6 }).map((key) => `~${key}`),
  FastCheck.constant("__proto__")
)

/** A copy of a JSON-shaped value with an excess key added to every object in it. */
const withExcess = (value: unknown, key: string, extra: unknown): unknown => {
  if (Array.isArray(value)) return value.map((item) => withExcess(item, key, extra))
  if (!isPlain(value)) return value
  const copy: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) copy[k] = withExcess(v, key, extra)
  Object.defineProperty(copy, key, { value: extra, enumerable: true, writable: true, configurable: true })
  return copy
}

/** Every place inside a JSON-shaped value: the paths of its objects' keys and arrays' items. */
const paths = (value: unknown, at: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  const out: Array<ReadonlyArray<string | number>> = [at]
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...at, i])))
  else if (isPlain(value)) { for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k])) }
  return out
}

/** A copy of `value` with the place at `path` replaced. */
const replace = (value: unknown, path: ReadonlyArray<string | number>, by: unknown): unknown => {
  if (path.length === 0) return by
  const [head, ...rest] = path
  if (Array.isArray(value)) return value.map((item, i) => i === head ? replace(item, rest, by) : item)
  if (!isPlain(value)) return value
  return { ...value, [head!]: replace(value[head!], rest, by) }
}

/** Values of the wrong type somewhere: null where a field is not nullable, invalid dates, non-objects. */
const wrong = FastCheck.constantFrom<unknown>(
  null,
  undefined,
  0,
  1.5,
  -1,
  "",
  "text",
  "not a date",
  "2024-02-30T25:61:00Z",
  "2024-06-01T10:00:00Z",
  true,
  false,
  [],
  [1, "a"],
  ["a"],
  {},
  { ID: 1 },
  new Date(0)
)

const agree = (schema: Model, decode: Decode.Decoder<unknown>, input: unknown): void => {
  const fast = decode(input)
  const slow = Schema.decodeUnknownEither(schema)(input, options)
  if (fast === undefined) return
  if (Either.isLeft(slow)) assert.fail(`the decoder accepted what the Schema refuses: ${String(slow.left)}`)
  expect(fast).toStrictEqual(slow.right)
}

const valid = (schema: Model) => {
  const encode = Schema.encodeSync(schema)
  return Arbitrary.make(schema).map((value) => encode(value))
}

/** Both checks for one Schema and its decoder. */
const holds = (schema: Model, decode: Decode.Decoder<unknown>): void => {
  // Valid values, as the API sends them, excess keys and all: the same result.
  FastCheck.assert(
    FastCheck.property(valid(schema), excessKey, FastCheck.jsonValue({ maxDepth: 1 }), (json, key, extra) => {
      for (const input of [json, withExcess(json, key, extra)]) {
        const fast = decode(input)
        if (fast === undefined) assert.fail(`the decoder refused a valid value: ${JSON.stringify(input)}`)
        expect(fast).toStrictEqual(Schema.decodeUnknownSync(schema)(input, options))
      }
      // Through JSON text, as a response arrives (an Infinity becomes null, which may not be valid).
      agree(schema, decode, JSON.parse(JSON.stringify(json)))
    }),
    runs
  )
  // Something wrong in one place (or the whole input wrong): the decoder never accepts what the Schema refuses.
  FastCheck.assert(
    FastCheck.property(valid(schema), FastCheck.nat(), wrong, (json, pick, by) => {
      const places = paths(json)
      agree(schema, decode, replace(json, places[pick % places.length]!, by))
    }),
    runs
  )
}

describe("generated decoders", () => {
  it("every read model has one: each struct that is not a Write or Patch form", () => {
    const forms = (name: string) => /(Write|Patch)$/.test(name) && models.has(name.replace(/(Write|Patch)$/, ""))
    const reads = [...models].filter(([name, schema]) => AST.isTypeLiteral(schema.ast) && !forms(name))
    assert.deepStrictEqual(names, reads.map(([name]) => name).sort())
  })

  it.each(names)("%s gives what its Schema gives", (name) => {
    holds(models.get(name)!, decoders.get(name)!)
  })
})

describe("the list page decoder", () => {
  const product = decoders.get("Product")!
  const address = decoders.get("Address")!

  it("with facets gives what ListPageWithFacets gives", () => {
    holds(ListPage.ListPageWithFacets(Models.Product), Decode.page(product, true))
  })

  it("without facets gives what ListPage gives (facets dropped as excess)", () => {
    holds(ListPage.ListPage(Models.Address), Decode.page(address, false))
    const page = { Meta: { Page: 1, PageSize: 20, TotalCount: 0, TotalPages: 0, Facets: [] }, Items: [] }
    assert.deepStrictEqual(Decode.page(address, false)(page), {
      Meta: { Page: 1, PageSize: 20, TotalCount: 0, TotalPages: 0 },
      Items: []
    })
  })

  it("refuses what the Schema refuses: a Meta number that is not an integer, an item of the wrong shape", () => {
    const decode = Decode.page(product, true)
    const meta = { Page: 1, PageSize: 20, TotalCount: 1, TotalPages: 1 }
    assert.isDefined(decode({ Meta: meta, Items: [{ ID: "p1", DateCreated: "2024-06-01T10:00:00Z" }] }))
    assert.isUndefined(decode({ Meta: { ...meta, Page: 1.5 }, Items: [] }))
    assert.isUndefined(decode({ Meta: meta, Items: [{ ID: 1 }] }))
    assert.isUndefined(decode({ Meta: meta, Items: [{ DateCreated: "yesterday" }] }))
    assert.isUndefined(decode({ Meta: meta }))
    assert.isUndefined(decode([]))
  })
})

describe("generated operations", () => {
  const operation = (response: Runtime.Response) =>
    Runtime.operation({ id: "Products.get", method: "GET", path: "/products/{productID}", response })
  const json = { ID: "p1", DateCreated: "2024-06-01T10:00:00.000Z", Excess: 1 }

  it("carry their model's decoder, and for a list a page decoder built on it", () => {
    const get = operation(Runtime.model(Models.Product, decodeProduct))
    assert.deepStrictEqual(get.decode?.(json), { ID: "p1", DateCreated: new Date("2024-06-01T10:00:00.000Z") })
    const list = operation(Runtime.page(Models.Product, true, decodeProduct))
    const meta = { Page: 1, PageSize: 20, TotalCount: 1, TotalPages: 1 }
    assert.deepStrictEqual(list.decode?.({ Meta: meta, Items: [json] }), {
      Meta: meta,
      Items: [{ ID: "p1", DateCreated: new Date("2024-06-01T10:00:00.000Z") }]
    })
  })

  it("build a page's Schema on first use, once", () => {
    const list = operation(Runtime.page(Models.Product, true, decodeProduct))
    const schema = list.response
    assert.isTrue(schema !== undefined && Schema.isSchema(schema))
    assert.strictEqual(list.response, schema)
  })

  it("with an xp Schema carry none: a typed xp is checked by the Schema", () => {
    const Color = Schema.Struct({ Color: Schema.Literal("red") })
    for (
      const response of [
        Runtime.model(Models.Product, decodeProduct),
        Runtime.page(Models.Product, true, decodeProduct)
      ]
    ) {
      for (const xp of [Color, { xp: Color }]) {
        const op = Runtime.withXp(operation(response), xp)
        assert.isTrue(Either.isRight(op) && op.right.decode === undefined)
      }
    }
  })
})
