/**
 * What a plain JavaScript caller (no types to help) can pass to a generated
 * function: whatever the types refuse fails with a typed `InvalidRequest`
 * that says what to pass, and nothing is sent.
 */
import { assert, describe, it } from "@effect/vitest"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Transport from "@ordercloud-effect/core/Transport"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { Categories, Me, Orders, Products } from "../src/index.js"
import { baseUrl, json, recorder } from "./utils/server.js"

/** A generated function as JavaScript sees it: any arguments. */
type Untyped = (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown, never>
const untyped = (fn: unknown): Untyped => fn as Untyped
type UntypedStream = (...args: ReadonlyArray<unknown>) => Stream.Stream<unknown, unknown, never>
const untypedStream = (fn: unknown): UntypedStream => fn as UntypedStream

const emptyPage = { Meta: { Page: 1, PageSize: 20, TotalCount: 0, TotalPages: 0 }, Items: [] }

const refused = (
  call: Effect.Effect<unknown, unknown>,
  reason: string,
  detail: string | RegExp
) => {
  const srv = recorder(() => json(200, emptyPage))
  return Effect.gen(function*() {
    const error = yield* Effect.flip(call.pipe(Effect.provide(srv.layer)))
    assert.strictEqual((error as { readonly _tag?: unknown })._tag, "InvalidRequest")
    const { detail: got, reason: gotReason } = error as { readonly reason: string; readonly detail: string }
    assert.strictEqual(gotReason, reason)
    if (typeof detail === "string") assert.strictEqual(got, detail)
    else assert.match(got, detail)
    assert.strictEqual(srv.requests.length, 0, "nothing is sent")
  })
}

const productsListOptions =
  "catalogID, categoryID, supplierID, search, searchOn, searchType, sortBy, page, pageSize, pageKey, filters, xp, headers"

describe("options a function does not take", () => {
  it.effect("an unknown option is refused, naming it and what the function takes", () =>
    refused(
      untyped(Products.list)({ foo: "bar" }),
      "Query",
      `Products.list has no option "foo"; it takes ${productsListOptions}`
    ))

  it.effect("an option in the wrong case is refused (catalogId for catalogID)", () =>
    refused(untyped(Products.list)({ catalogId: "c1" }), "Query", /^Products\.list has no option "catalogId"/))

  it.effect("a function with no query parameters takes only xp and headers", () =>
    refused(
      untyped(Products.get)("p1", { catalogID: "c1" }),
      "Query",
      `Products.get has no option "catalogID"; it takes xp, headers`
    ))

  it.effect("a list option the operation does not take is refused (listAssignments takes no search)", () =>
    refused(
      untyped(Products.listAssignments)({ search: "shirt" }),
      "Query",
      `Products.listAssignments has no option "search"; it takes productID, priceScheduleID, buyerID, userGroupID, ` +
        `level, userID, page, pageSize, xp, headers`
    ))

  it.effect("paging is an option of listAll, not of list", () =>
    refused(untyped(Products.list)({ paging: "lastId" }), "Query", /^Products\.list has no option "paging"/))

  it.effect("listAll refuses an unknown option before asking for a page, and names its paging options", () =>
    refused(
      Stream.runDrain(untypedStream(Products.listAll)({ foo: "bar" })),
      "Query",
      `Products.listAll has no option "foo"; it takes catalogID, categoryID, supplierID, search, searchOn, ` +
        `searchType, sortBy, pageSize, filters, xp, headers, paging`
    ))

  it.effect("listAll refuses page: it asks for every page itself", () =>
    refused(
      Stream.runDrain(untypedStream(Products.listAll)({ page: 3 })),
      "Query",
      /^Products\.listAll has no option "page"/
    ))

  it.effect("a listAll that cannot page by ID refuses paging", () =>
    refused(
      Stream.runDrain(untypedStream(Products.listAllAssignments)({ paging: "lastId" })),
      "Query",
      `Products.listAllAssignments has no option "paging"; it takes productID, priceScheduleID, buyerID, ` +
        `userGroupID, level, userID, pageSize, xp, headers`
    ))

  it.effect("listAll with paging: lastId sends no paging parameter", () => {
    const srv = recorder(() => json(200, emptyPage))
    return Effect.gen(function*() {
      yield* Stream.runDrain(Products.listAll({ paging: "lastId", catalogID: "c1" }))
      assert.strictEqual(srv.requests.length, 1)
      const query = srv.requests[0]!.url.searchParams
      assert.isFalse(query.has("paging"))
      assert.strictEqual(query.get("catalogID"), "c1")
      assert.strictEqual(query.get("sortBy"), "ID")
    }).pipe(Effect.provide(srv.layer))
  })
})

describe("options that are not an object", () => {
  for (
    const [name, options, kind] of [
      ["a string", "Name", "a string"],
      ["null", null, "null"],
      ["an array", ["Name"], "an array"],
      ["a number", 2, "a number"]
    ] as const
  ) {
    it.effect(`${name} is refused`, () =>
      refused(
        untyped(Products.list)(options),
        "Query",
        `Products.list takes its options as an object (${productsListOptions}); got ${kind}`
      ))
  }

  it.effect("listAll refuses them too", () =>
    refused(
      Stream.runDrain(untypedStream(Products.listAll)(null)),
      "Query",
      /^Products\.listAll takes its options as an object \(.*\); got null$/
    ))
})

describe("depth", () => {
  for (const depth of ["2", 0, 1.5, -1, "All", true]) {
    it.effect(`${JSON.stringify(depth)} is refused`, () =>
      refused(
        untyped(Me.listProducts)({ depth }),
        "Query",
        `depth must be a whole number from 1 or "all", such as depth: 2; got ${
          typeof depth === "string" ? JSON.stringify(depth) : `a ${typeof depth}`
        }`
      ))
  }

  for (const [depth, sent] of [[3, "3"], ["all", "all"]] as const) {
    it.effect(`${JSON.stringify(depth)} is sent as depth=${sent}`, () => {
      const srv = recorder(() => json(200, emptyPage))
      return Effect.gen(function*() {
        yield* Me.listProducts({ depth })
        yield* Categories.list("catalog-1", { depth })
        assert.deepStrictEqual(srv.requests.map((request) => request.url.searchParams.get("depth")), [sent, sent])
      }).pipe(Effect.provide(srv.layer))
    })
  }
})

describe("values outside a parameter's fixed set", () => {
  it.effect("a query value the parameter does not take is refused, naming the values it takes", () =>
    refused(
      untyped(Products.listAssignments)({ level: "Groups" }),
      "Query",
      `Products.listAssignments: level must be one of "Group", "Company"; got "Groups"`
    ))

  it.effect("a path value the parameter does not take is refused", () =>
    refused(
      untyped(Orders.list)("Sent"),
      "PathParameter",
      `Orders.list: direction must be one of "Incoming", "Outgoing", "All"; got "Sent"`
    ))

  it.effect("a value that is not a string is refused by its kind", () =>
    refused(
      untyped(Products.listAssignments)({ level: 1 }),
      "Query",
      `Products.listAssignments: level must be one of "Group", "Company"; got a number`
    ))

  it.effect("listAll refuses it before asking for a page", () =>
    refused(
      Stream.runDrain(untypedStream(Orders.listAll)("sent")),
      "PathParameter",
      /^Orders\.list: direction must be one of/
    ))

  it.effect("any case is sent as given: OrderCloud reads these values in any case", () => {
    const srv = recorder(() => json(200, emptyPage))
    return Effect.gen(function*() {
      yield* untyped(Orders.list)("outgoing")
      yield* untyped(Products.listAssignments)({ level: "company" })
      yield* Products.listAssignments({ level: "Group" })
      assert.deepStrictEqual(srv.requests.map((request) => request.url.pathname + request.url.search), [
        "/v1/orders/outgoing",
        "/v1/products/assignments?level=company",
        "/v1/products/assignments?level=Group"
      ])
    }).pipe(Effect.provide(srv.layer))
  })
})

describe("values of the wrong type", () => {
  it.effect("a number where a path ID goes", () =>
    refused(untyped(Products.get)(42), "PathParameter", `path parameter "productID" is missing or not a string`))

  it.effect("a missing path ID", () =>
    refused(untyped(Products.get)(), "PathParameter", `path parameter "productID" is missing or not a string`))

  it.effect("an object as a query parameter", () =>
    refused(
      untyped(Products.list)({ catalogID: { ID: "c1" } }),
      "Query",
      `"catalogID" must be a string, number, boolean or Date`
    ))

  it.effect("sortBy as one string", () =>
    refused(
      untyped(Products.list)({ sortBy: "Name" }),
      "Query",
      `sortBy must be an array of field names, such as sortBy: ["Name", "!ID"]; got the string "Name"`
    ))

  it.effect("searchOn as one comma-separated string", () =>
    refused(
      untyped(Products.list)({ search: "shirt", searchOn: "Name,ID" }),
      "Query",
      `searchOn must be an array of field names, such as searchOn: ["Name", "ID"]; got the string "Name,ID"`
    ))

  it.effect("filters that are not an object", () =>
    refused(untyped(Products.list)({ filters: "Name=shirt" }), "Query", "filters must be an object"))

  it.effect("a body that is not an object", () =>
    refused(untyped(Products.create)(42), "Body", /^the body does not match its schema/))
})

describe("no Session", () => {
  it.effect("a call with no Session fails with InvalidRequest (reason Session) and sends nothing", () => {
    const requests: Array<string> = []
    const client = OrderCloudClient.layer().pipe(
      Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl }))),
      Layer.provide(Transport.layerFetch(async (input) => {
        requests.push(String(input))
        return json(200, {})
      }))
    )
    // What a JavaScript caller can run: the types would ask for a Session.
    const call = Products.get("p1") as unknown as Effect.Effect<unknown, unknown, OrderCloudClient.OrderCloudClient>
    return Effect.gen(function*() {
      const error = yield* Effect.flip(call)
      assert.strictEqual((error as { readonly _tag?: unknown })._tag, "InvalidRequest")
      const { detail, reason } = error as { readonly reason: string; readonly detail: string }
      assert.strictEqual(reason, "Session")
      assert.strictEqual(detail, "Products.get acts as a user: provide a Session layer")
      assert.deepStrictEqual(requests, [])
    }).pipe(Effect.provide(client))
  })
})
