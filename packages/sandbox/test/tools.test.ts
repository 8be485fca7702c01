/**
 * What OrderCloud's own tools send, answered as OrderCloud answers it:
 * the seeding tool's `depth=all` on every list, the description at
 * `/v1/openapi/v3`, every route of the description.
 */
import { assert, describe, it } from "@effect/vitest"
import { entries } from "@ordercloud-effect/resources/OperationTable"
import * as Effect from "effect/Effect"
import { buyerToken, call, handlerOf, sellerToken } from "./utils/raw.js"

type Page = { readonly Meta: { readonly TotalCount: number }; readonly Items: ReadonlyArray<unknown> }

describe("depth=all, as OrderCloud's seeding tool sends it on every list", () => {
  const lists = entries.filter((e) =>
    e.list !== undefined && e.host === "api" && !e.path.includes("{") && !e.path.startsWith("/me")
  )

  it.effect(`answers every seller list without path parameters (${lists.length}) as if it were not sent`, () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf()
      const token = yield* sellerToken(handler)
      for (const entry of lists) {
        const plain = yield* call(handler, `/v1${entry.path}`, token)
        const deep = yield* call(handler, `/v1${entry.path}?depth=all`, token)
        assert.strictEqual(deep.status, plain.status, entry.id)
        if (plain.status !== 200) continue
        assert.strictEqual((deep.body as Page).Meta.TotalCount, (plain.body as Page).Meta.TotalCount, entry.id)
      }
      const products = yield* call(handler, "/v1/products?depth=all", token)
      assert.strictEqual((products.body as Page).Meta.TotalCount, 5)
    }))

  it.effect("is a parameter where a list declares it: Me.listProducts and Categories.list", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf()
      const buyer = yield* buyerToken(handler)
      const products = yield* call(handler, "/v1/me/products?depth=all", buyer)
      assert.strictEqual((products.body as Page).Meta.TotalCount, 5)
      const seller = yield* sellerToken(handler)
      yield* call(handler, "/v1/catalogs/buyer-1/categories", seller, {
        method: "POST",
        body: JSON.stringify({ ID: "c1", Name: "C1", Active: true })
      })
      const categories = yield* call(handler, "/v1/catalogs/buyer-1/categories?depth=all", seller)
      assert.strictEqual((categories.body as Page).Meta.TotalCount, 1)
    }))
})

describe("GET /v1/openapi/v3", () => {
  it.effect("answers, without a token, an OpenAPI 3.1 document with every operation the sandbox routes", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf()
      const { body, status } = yield* call(handler, "/v1/openapi/v3", undefined)
      assert.strictEqual(status, 200)
      const doc = body as {
        openapi: string
        servers: ReadonlyArray<{ url: string }>
        paths: Record<
          string,
          Record<string, { operationId?: string; parameters?: ReadonlyArray<{ name: string; in: string }> }>
        >
        components: { schemas: Record<string, unknown> }
      }
      assert.strictEqual(doc.openapi, "3.1.0")
      assert.strictEqual(doc.servers[0]?.url, "https://sandbox.ordercloud.test/v1")
      for (const entry of entries) {
        const operation = doc.paths[entry.path]?.[entry.method.toLowerCase()]
        assert.strictEqual(operation?.operationId, entry.operationId, `${entry.method} ${entry.path}`)
        const pathParams = [...entry.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])
        assert.deepStrictEqual(operation?.parameters?.filter((p) => p.in === "path").map((p) => p.name), pathParams)
      }
      const operationIds = Object.values(doc.paths).flatMap((item) =>
        Object.values(item).flatMap((op) => op.operationId ?? [])
      )
      assert.strictEqual(new Set(operationIds).size, entries.length, "operationIds are unique")
      // Every $ref resolves to a component.
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!)
      assert.isAbove(refs.length, 600)
      assert.deepStrictEqual(refs.filter((name) => !(name in doc.components.schemas)), [])
      const product = doc.components.schemas["Product"] as { properties: Record<string, unknown> }
      assert.property(product.properties, "DefaultPriceScheduleID")
    }))
})

describe("every operation of the description is routed", () => {
  it.effect("no operation of the description answers No route or 405", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf()
      const token = yield* sellerToken(handler)
      const unrouted: Array<string> = []
      for (const entry of entries) {
        const path = entry.path.replace(/\{direction\}/g, "Outgoing").replace(/\{[^}]+\}/g, "x")
        const prefix = entry.host === "api" ? "/v1" : ""
        const init: RequestInit = entry.body === undefined
          ? { method: entry.method }
          : {
            method: entry.method,
            body: entry.body.form ? "" : "{}",
            headers: entry.body.form ? { "content-type": "application/x-www-form-urlencoded" } : {}
          }
        const answer = yield* call(handler, `${prefix}${path}`, token, init)
        const code =
          (answer.body as { Errors?: ReadonlyArray<{ Message?: string }> } | undefined)?.Errors?.[0]?.Message ?? ""
        if (answer.status === 405 || code.startsWith("No route")) unrouted.push(`${entry.method} ${entry.path}`)
      }
      assert.deepStrictEqual(unrouted, [])
    }))

  it.effect("GET /oauth/userinfo answers an identity token for the caller, signed with the sandbox's key", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf()
      const token = yield* buyerToken(handler)
      const { body, status } = yield* call(handler, "/oauth/userinfo", token)
      assert.strictEqual(status, 200)
      const { expires_in, identity_token } = body as { identity_token: string; expires_in: number }
      // The raw handler runs on the real clock: the token may have aged a second.
      assert.isAtLeast(expires_in, 35_000)
      assert.isAtMost(expires_in, 36_000)
      const [header, payload] = identity_token.split(".").slice(0, 2).map((part) =>
        JSON.parse(Buffer.from(part, "base64url").toString("utf8"))
      )
      assert.strictEqual(header.alg, "RS256")
      assert.deepInclude(payload, {
        sub: "buyer01",
        preferred_username: "buyer01",
        name: "Bea Buyer",
        email: "buyer01@sandbox.test",
        aud: "sandbox-storefront"
      })
      const refused = yield* call(handler, "/oauth/userinfo", undefined)
      assert.strictEqual(refused.status, 401)
    }))
})

describe("Me.listProducts' own parameters narrow the list", () => {
  it.effect("catalogID keeps the catalog's products; categoryID the category's, and with depth those below it", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf()
      const seller = yield* sellerToken(handler)
      const post = (path: string, body: unknown) =>
        call(handler, `/v1${path}`, seller, { method: "POST", body: JSON.stringify(body) })
      yield* post("/catalogs/buyer-1/categories", { ID: "apparel", Name: "Apparel", Active: true })
      yield* post("/catalogs/buyer-1/categories", { ID: "tops", Name: "Tops", Active: true, ParentID: "apparel" })
      yield* post("/catalogs/buyer-1/categories/productassignments", { CategoryID: "apparel", ProductID: "cap-03" })
      yield* post("/catalogs/buyer-1/categories/productassignments", { CategoryID: "tops", ProductID: "tee-01" })
      yield* post("/catalogs", { ID: "other", Name: "Other", Active: true })
      yield* post("/catalogs/productassignments", { CatalogID: "other", ProductID: "mug-02" })
      const buyer = yield* buyerToken(handler)
      const ids = (query: string) =>
        Effect.map(
          call(handler, `/v1/me/products?${query}`, buyer),
          ({ body }) => (body as { Items: ReadonlyArray<{ ID: string }> }).Items.map((p) => p.ID)
        )
      assert.deepStrictEqual(yield* ids("catalogID=buyer-1"), ["tee-01", "mug-02", "cap-03", "sock-04", "bag-05"])
      // A catalog the buyer is not assigned shows nothing, though its products are visible otherwise.
      assert.deepStrictEqual(yield* ids("catalogID=other"), [])
      assert.deepStrictEqual(yield* ids("catalogID=buyer-1&categoryID=apparel"), ["cap-03"])
      assert.deepStrictEqual(yield* ids("catalogID=buyer-1&categoryID=apparel&depth=all"), ["tee-01", "cap-03"])
      assert.deepStrictEqual(yield* ids("categoryID=apparel&depth=2"), ["tee-01", "cap-03"])
    }))
})
