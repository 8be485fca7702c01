/**
 * Nested xp: a call's `xp` option types the xp of the models its answer
 * embeds (`{ xp: LineItemXp, Product: ProductXp }`), checked when decoding.
 * The `@ts-expect-error` lines and `expectTypeOf` checks run under `pnpm check`.
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Cart, LineItems, Orders } from "../src/index.js"
import * as Runtime from "../src/internal/runtime.js"
import { json, recorder } from "./utils/server.js"

const LineItemXp = Schema.Struct({ Gift: Schema.Boolean })
const ProductXp = Schema.Struct({ Color: Schema.Literal("red", "blue") })
const AddressXp = Schema.Struct({ Dock: Schema.Number })
const UserXp = Schema.Struct({ Tier: Schema.Literal("gold", "silver") })

const lineItem = (color: string) => ({
  ID: "l1",
  ProductID: "p1",
  Quantity: 1,
  xp: { Gift: true },
  Product: { ID: "p1", Name: "Shirt", xp: { Color: color } },
  ShippingAddress: { ID: "a1", xp: { Dock: 4 } },
  ShipFromAddress: null
})

const page = (items: ReadonlyArray<unknown>) => ({
  Meta: { Page: 1, PageSize: 100, TotalCount: items.length, TotalPages: 1, ItemRange: [1, items.length] },
  Items: items
})

// Written once, as a Schema is; an object literal in the call works the same.
const LineItemXps = { xp: LineItemXp, Product: ProductXp, ShippingAddress: { xp: AddressXp } } as const

describe("nested xp types", () => {
  it("flow through get, list and listAll", () => {
    const got = LineItems.get("Outgoing", "o1", "l1", { xp: LineItemXps })
    type Got = Effect.Effect.Success<typeof got>
    expectTypeOf<NonNullable<Got["xp"]>>().toEqualTypeOf<{ readonly Gift: boolean }>()
    expectTypeOf<NonNullable<NonNullable<Got["Product"]>["xp"]>>().toEqualTypeOf<{ readonly Color: "red" | "blue" }>()
    expectTypeOf<NonNullable<NonNullable<Got["ShippingAddress"]>["xp"]>>().toEqualTypeOf<{ readonly Dock: number }>()
    // What is not named stays unknown JSON.
    expectTypeOf<NonNullable<Got["ShipFromAddress"]>["xp"]>().toEqualTypeOf<unknown>()

    const listed = LineItems.list("Outgoing", "o1", { xp: { Product: { xp: ProductXp } } })
    type Item = Effect.Effect.Success<typeof listed>["Items"][number]
    expectTypeOf<NonNullable<NonNullable<Item["Product"]>["xp"]>["Color"]>().toEqualTypeOf<"red" | "blue">()
    expectTypeOf<Item["xp"]>().toEqualTypeOf<unknown>()

    const all = LineItems.listAll("Outgoing", "o1", { xp: LineItemXps })
    type Each = Stream.Stream.Success<typeof all>
    expectTypeOf<NonNullable<NonNullable<Each["Product"]>["xp"]>["Color"]>().toEqualTypeOf<"red" | "blue">()

    // Filters follow the typed nested xp.
    const filtered = LineItems.list("Outgoing", "o1", { xp: LineItemXps, filters: { "Product.xp.Color": "red" } })
    // @ts-expect-error not a field of ProductXp
    const misspelt = LineItems.list("Outgoing", "o1", { xp: LineItemXps, filters: { "Product.xp.Colour": "red" } })

    const order = Orders.get("Incoming", "o1", { xp: { FromUser: UserXp, BillingAddress: { xp: AddressXp } } })
    type Order = Effect.Effect.Success<typeof order>
    expectTypeOf<NonNullable<NonNullable<Order["FromUser"]>["xp"]>["Tier"]>().toEqualTypeOf<"gold" | "silver">()

    // A worksheet has no xp of its own; its embedded models do, arrays included.
    const worksheet = Cart.calculate({ xp: { Order: { xp: UserXp }, LineItems: LineItemXps } })
    type Worksheet = Effect.Effect.Success<typeof worksheet>
    expectTypeOf<NonNullable<NonNullable<Worksheet["Order"]>["xp"]>["Tier"]>().toEqualTypeOf<"gold" | "silver">()
    type Line = NonNullable<Worksheet["LineItems"]>[number]
    expectTypeOf<NonNullable<NonNullable<Line["Product"]>["xp"]>["Color"]>().toEqualTypeOf<"red" | "blue">()

    // @ts-expect-error a line item has no `Prodct`
    const noSuchField = LineItems.get("Outgoing", "o1", "l1", { xp: { Prodct: ProductXp } })
    // @ts-expect-error `Quantity` holds no model
    const notAModel = LineItems.get("Outgoing", "o1", "l1", { xp: { Quantity: ProductXp } })
    // Built, never run: only their types are checked.
    assert.isDefined([filtered, misspelt, noSuchField, notAModel])
  })
})

describe("nested xp at run time", () => {
  it.effect("a right nested xp decodes typed", () => {
    const srv = recorder(() => json(200, page([lineItem("red")])))
    return Effect.gen(function*() {
      const listed = yield* LineItems.list("Outgoing", "o1", { xp: LineItemXps })
      const item = listed.Items[0]!
      assert.strictEqual(item.Product?.xp?.Color, "red")
      assert.strictEqual(item.ShippingAddress?.xp?.Dock, 4)
      assert.strictEqual(item.xp?.Gift, true)
    }).pipe(Effect.provide(srv.layer))
  })

  it.effect("a wrong nested xp fails with ResponseDecodeError naming its path, not its value", () => {
    const srv = recorder(() => json(200, page([lineItem("red"), lineItem("green")])))
    return Effect.gen(function*() {
      const error = yield* Effect.flip(LineItems.list("Outgoing", "o1", { xp: { Product: { xp: ProductXp } } }))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      if (error._tag !== "ResponseDecodeError") return
      assert.deepStrictEqual([...new Set(error.issues.map((issue) => issue.path))], ["Items[1].Product.xp.Color"])
      assert.notInclude(error.message, "green")
    }).pipe(Effect.provide(srv.layer))
  })

  it.effect("listAll checks every page's items, and so do worksheets and orders", () => {
    const srv = recorder((request) =>
      request.url.pathname.endsWith("/calculate")
        ? json(200, { Order: { ID: "o1", xp: { Tier: "bronze" } }, LineItems: [lineItem("red")] })
        : request.url.pathname.includes("/lineitems")
        ? json(200, page([lineItem("blue"), lineItem("green")]))
        : json(200, { ID: "o1", FromUser: { ID: "u1", xp: { Tier: "gold" } }, BillingAddress: { xp: { Dock: 1 } } })
    )
    return Effect.gen(function*() {
      const stream = LineItems.listAll("Outgoing", "o1", { xp: LineItemXps })
      const failed = yield* Effect.flip(Stream.runCollect(stream))
      assert.strictEqual(failed._tag, "ResponseDecodeError")
      const some = yield* Stream.runCollect(Stream.take(LineItems.listAll("Outgoing", "o1", { xp: {} }), 2))
      assert.strictEqual(Chunk.size(some), 2)

      const worksheet = yield* Effect.flip(Cart.calculate({ xp: { Order: UserXp } }))
      assert.strictEqual(worksheet._tag, "ResponseDecodeError")
      if (worksheet._tag === "ResponseDecodeError") {
        assert.deepStrictEqual([...new Set(worksheet.issues.map((issue) => issue.path))], ["Order.xp.Tier"])
      }
      const order = yield* Orders.get("Incoming", "o1", { xp: { FromUser: UserXp, BillingAddress: AddressXp } })
      assert.strictEqual(order.FromUser?.xp?.Tier, "gold")
      assert.strictEqual(order.BillingAddress?.xp?.Dock, 1)
    }).pipe(Effect.provide(srv.layer))
  })

  it.effect("an option naming no embedded model is InvalidRequest, and nothing is sent", () => {
    const srv = recorder(() => json(200, lineItem("red")))
    return Effect.gen(function*() {
      // What a plain JavaScript caller can pass.
      const options: ReadonlyArray<unknown> = [
        "LineItemXp",
        { Prodct: ProductXp },
        { xp: LineItemXp, Quantity: ProductXp },
        { Product: "ProductXp" },
        { Product: { xp: { Color: "red" } } }
      ]
      for (const xp of options) {
        const error = yield* Effect.flip(LineItems.get("Outgoing", "o1", "l1", { xp: xp as typeof LineItemXps }))
        assert.strictEqual(error._tag, "InvalidRequest")
        if (error._tag === "InvalidRequest") assert.strictEqual(error.reason, "Option")
      }
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(srv.layer))
  })

  it("builds once per option: equal object literals share one operation", () => {
    const operation = Runtime.operation({
      id: "LineItems.get",
      method: "GET",
      path: "/x",
      response: Runtime.model(
        Schema.Struct({
          xp: Schema.optional(Schema.Unknown),
          Product: Schema.optional(Schema.Struct({ xp: Schema.optional(Schema.Unknown) }))
        })
      )
    })
    const first = Runtime.withXp(operation, { xp: LineItemXp, Product: { xp: ProductXp } })
    const second = Runtime.withXp(operation, { Product: { xp: ProductXp }, xp: LineItemXp })
    const other = Runtime.withXp(operation, { xp: LineItemXp, Product: { xp: AddressXp } })
    assert.isTrue(Either.isRight(first))
    assert.strictEqual(second, first)
    assert.notStrictEqual(other, first)
  })
})
