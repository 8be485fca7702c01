/**
 * What OrderCloud's own tools send, answered as OrderCloud answers it:
 * the seeding tool's `depth=all` on every list, the description at
 * `/v1/openapi/v3`, every route of the description.
 */
import { entries } from "@ordercloud-effect/resources/OperationTable"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { buyerToken, call, handlerOf, sellerToken } from "./utils/raw.js"

type Page = { readonly Meta: { readonly TotalCount: number }; readonly Items: ReadonlyArray<unknown> }

describe("depth=all, as OrderCloud's seeding tool sends it on every list", () => {
  const lists = entries.filter((e) => e.list !== undefined && e.host === "api" && !e.path.includes("{") && !e.path.startsWith("/me"))

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
      yield* call(handler, "/v1/catalogs/buyer-1/categories", seller, { method: "POST", body: JSON.stringify({ ID: "c1", Name: "C1", Active: true }) })
      const categories = yield* call(handler, "/v1/catalogs/buyer-1/categories?depth=all", seller)
      assert.strictEqual((categories.body as Page).Meta.TotalCount, 1)
    }))
})
