import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Addresses, LineItems, Models, Orders, Products, Users, Xp } from "../src/index.js"
import { json, recorder } from "./utils/server.js"

const ProductXp = Schema.Struct({ Color: Schema.Literal("red", "blue"), Sizes: Schema.Array(Schema.String) })

describe("decoding with a typed xp", () => {
  // Each model as OrderCloud sends it, with an xp the caller types.
  const samples = [
    {
      name: "Product",
      model: Models.Product,
      json: {
        ID: "p1",
        Name: "Shirt",
        Active: true,
        DateCreated: "2024-03-01T22:00:05.437Z",
        xp: { Color: "red", Sizes: ["S"] }
      },
      call: Products.get("p1", { xp: ProductXp })
    },
    {
      name: "Order",
      model: Models.Order,
      json: {
        ID: "o1",
        Status: "Open",
        Total: 12.5,
        DateSubmitted: "2024-04-04T19:41:39.650Z",
        xp: { Color: "blue", Sizes: [] }
      },
      call: Orders.get("Incoming", "o1", { xp: ProductXp })
    },
    {
      name: "LineItem",
      model: Models.LineItem,
      json: { ID: "l1", ProductID: "p1", Quantity: 2, UnitPrice: 5, xp: { Color: "red", Sizes: ["M", "L"] } },
      call: LineItems.get("Outgoing", "o1", "l1", { xp: ProductXp })
    },
    {
      name: "User",
      model: Models.User,
      json: {
        ID: "u1",
        Username: "buyer01",
        Active: true,
        AvailableRoles: ["Shopper"],
        xp: { Color: "blue", Sizes: ["XL"] }
      },
      call: Users.get("b1", "u1", { xp: ProductXp })
    },
    {
      name: "Address",
      model: Models.Address,
      json: { ID: "a1", Street1: "1 Main St", City: "Minneapolis", Country: "US", xp: { Color: "red", Sizes: [] } },
      call: Addresses.get("b1", "a1", { xp: ProductXp })
    }
  ] as const

  for (const sample of samples) {
    it.effect(`${sample.name}: the response decodes with xp typed, and encodes back to the same JSON`, () => {
      const srv = recorder(() => json(200, sample.json))
      return Effect.gen(function*() {
        const decoded = yield* (sample.call as Effect.Effect<Record<string, unknown>, unknown, never>)
        assert.deepStrictEqual(decoded.xp, sample.json.xp)
        const schema = Xp.withXp(sample.model, ProductXp)
        const roundTrip = yield* Schema.encode(schema as unknown as Schema.Schema<unknown, unknown>)(
          yield* Schema.decodeUnknown(schema as unknown as Schema.Schema<unknown, unknown>)(sample.json)
        )
        assert.deepStrictEqual(roundTrip, sample.json)
      }).pipe(Effect.provide(srv.layer))
    })
  }

  it.effect("an xp that does not match the caller's schema fails with ResponseDecodeError naming the field", () => {
    const srv = recorder(() => json(200, { ID: "p1", Name: "Shirt", xp: { Color: "green", Sizes: [] } }))
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Products.get("p1", { xp: ProductXp }))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      assert.include(error.message, "xp.Color")
      assert.notInclude(error.message, "green")
    }).pipe(Effect.provide(srv.layer))
  })

  it.effect("without an xp schema, xp is any JSON", () => {
    const srv = recorder(() => json(200, { ID: "p1", xp: { anything: [1, { deep: true }] } }))
    return Effect.gen(function*() {
      const product = yield* Products.get("p1")
      assert.deepStrictEqual(product.xp, { anything: [1, { deep: true }] })
    }).pipe(Effect.provide(srv.layer))
  })

  it.effect("a body's xp is checked against the caller's schema before sending", () => {
    const srv = recorder(() => json(201, {}))
    return Effect.gen(function*() {
      const bad = { Name: "Shirt", xp: { Color: "green" } } as unknown as Xp.Model<
        typeof Models.ProductWrite,
        typeof ProductXp
      >
      const error = yield* Effect.flip(Products.create(bad, { xp: ProductXp }))
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.strictEqual(srv.requests.length, 0)
      yield* Products.create({ Name: "Shirt", xp: { Color: "red", Sizes: [] } }, { xp: ProductXp })
      assert.deepStrictEqual(JSON.parse(srv.requests[0]!.body), { Name: "Shirt", xp: { Color: "red", Sizes: [] } })
    }).pipe(Effect.provide(srv.layer))
  })
})

describe("invalid bodies fail before any request", () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ["a missing required field", { Description: "no name" }, "Name"],
    ["a name over 100 characters", { Name: "x".repeat(101) }, "Name"],
    ["an ID with characters OrderCloud refuses", { ID: "bad id!", Name: "Shirt" }, "ID"],
    ["a description over 2000 characters", { Name: "Shirt", Description: "d".repeat(2001) }, "Description"],
    ["xp over 8000 bytes", { Name: "Shirt", xp: { blob: "é".repeat(4001) } }, "xp"]
  ]
  for (const [name, body, field] of cases) {
    it.effect(`${name}: InvalidRequest (Body) naming ${field}, nothing sent`, () => {
      const srv = recorder(() => json(201, {}))
      return Effect.gen(function*() {
        const error = yield* Effect.flip(Products.create(body as Models.ProductWrite))
        assert.strictEqual(error._tag, "InvalidRequest")
        assert.strictEqual(error._tag === "InvalidRequest" ? error.reason : undefined, "Body")
        assert.isTrue(error._tag === "InvalidRequest" && error.issues.some((issue) => issue.path === field))
        assert.strictEqual(srv.requests.length, 0)
      }).pipe(Effect.provide(srv.layer))
    })
  }

  it.effect("read-only fields are not sent on writes", () => {
    const srv = recorder(() => json(201, {}))
    return Effect.gen(function*() {
      const withReadOnly = { Name: "Shirt", SpecCount: 3, IsBundle: true } as Models.ProductWrite
      yield* Products.create(withReadOnly)
      assert.deepStrictEqual(JSON.parse(srv.requests[0]!.body), { Name: "Shirt" })
    }).pipe(Effect.provide(srv.layer))
  })

  it.effect("a PATCH body may hold any subset of fields, nested objects partial too", () => {
    const srv = recorder(() => json(200, {}))
    return Effect.gen(function*() {
      yield* Products.patch("p1", { Inventory: { Enabled: true } })
      assert.deepStrictEqual(JSON.parse(srv.requests[0]!.body), { Inventory: { Enabled: true } })
    }).pipe(Effect.provide(srv.layer))
  })
})

describe("listAll", () => {
  const total = 2_500
  const ids = Array.from({ length: total }, (_, i) => `p${String(i).padStart(5, "0")}`)
  const catalog = recorder((request) => {
    const params = request.url.searchParams
    const pageSize = Number(params.get("pageSize") ?? 20)
    const after = params.getAll("ID").find((value) => value.startsWith(">"))?.slice(1)
    const from = after === undefined ? (Number(params.get("page") ?? 1) - 1) * pageSize : ids.indexOf(after) + 1
    const items = ids.slice(from, from + pageSize).map((ID) => ({ ID, Name: ID }))
    return json(200, {
      Meta: {
        Page: Number(params.get("page") ?? 1),
        PageSize: pageSize,
        TotalCount: total,
        TotalPages: Math.ceil(total / pageSize),
        ItemRange: [from + 1, from + items.length]
      },
      Items: items
    })
  })

  it.effect("streams 2,500 items in 25 requests of 100, in order", () =>
    Effect.gen(function*() {
      catalog.requests.length = 0
      const all = yield* Stream.runCollect(Products.listAll({ pageSize: 100 }))
      assert.deepStrictEqual(Chunk.toReadonlyArray(all).map((p) => p.ID), ids)
      assert.strictEqual(catalog.requests.length, 25)
      assert.deepStrictEqual(
        catalog.requests.map((r) => r.url.searchParams.get("page")),
        ids.slice(0, 25).map((_, i) => String(i + 1))
      )
    }).pipe(Effect.provide(catalog.layer)))

  it.effect("by last ID: sorted by ID, each request after the last ID, the caller's ID filter kept", () =>
    Effect.gen(function*() {
      catalog.requests.length = 0
      const all = yield* Stream.runCollect(
        Products.listAll({ paging: "lastId", pageSize: 100, filters: { ID: "p*" } })
      )
      assert.strictEqual(Chunk.size(all), total)
      // 25 full pages, then one empty answer that ends the stream.
      assert.strictEqual(catalog.requests.length, 26)
      const second = catalog.requests[1]!.url.searchParams
      assert.strictEqual(second.get("sortBy"), "ID")
      assert.strictEqual(second.get("page"), "1")
      assert.deepStrictEqual(second.getAll("ID"), ["p*", ">p00099"])
    }).pipe(Effect.provide(catalog.layer)))

  it.effect("pulling 150 items fetches 2 pages", () =>
    Effect.gen(function*() {
      catalog.requests.length = 0
      const some = yield* Stream.runCollect(Stream.take(Products.listAll({ pageSize: 100 }), 150))
      assert.strictEqual(Chunk.size(some), 150)
      assert.strictEqual(catalog.requests.length, 2)
    }).pipe(Effect.provide(catalog.layer)))
})

describe("xp once per resource", () => {
  it.effect("withXp binds the schema to every function of the resource", () => {
    const srv = recorder((request) =>
      request.method === "GET"
        ? json(200, { ID: "p1", xp: { Color: "blue", Sizes: ["S"] } })
        : json(201, { ID: "p2", xp: { Color: "red", Sizes: [] } })
    )
    const Typed = Products.withXp(ProductXp)
    return Effect.gen(function*() {
      const product = yield* Typed.get("p1")
      // Typed: `Color` is "red" | "blue" here.
      const color: "red" | "blue" | undefined = product.xp?.Color
      assert.strictEqual(color, "blue")
      const created = yield* Typed.create({ Name: "Hat", xp: { Color: "red", Sizes: [] } })
      assert.strictEqual(created.xp?.Color, "red")
      const refused = yield* Effect.flip(
        Typed.get("p1").pipe(Effect.provide(recorder(() => json(200, { xp: { Color: 7 } })).layer))
      )
      assert.strictEqual(refused._tag, "ResponseDecodeError")
    }).pipe(Effect.provide(srv.layer))
  })
})
