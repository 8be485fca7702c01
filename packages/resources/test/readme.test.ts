import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { readFileSync } from "node:fs"
import { names } from "./readme/streams.js"
import { asSeller } from "./readme/usage.js"
import { json, recorder } from "./utils/server.js"

const readmeBlocks = (): Array<string> =>
  [...readFileSync(new URL("../README.md", import.meta.url), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)

const snippet = (name: string): string => readFileSync(new URL(`./readme/${name}.ts`, import.meta.url), "utf8")

describe("README", () => {
  it("shows exactly the snippets that are type-checked here", () => {
    assert.deepStrictEqual(readmeBlocks(), ["usage", "nestedXp", "streams"].map(snippet))
  })

  it.effect("the usage snippet runs: create, patch, then one filtered page", () => {
    const srv = recorder((request) =>
      request.method === "POST"
        ? json(201, { ID: "shirt-01", Name: "Shirt", xp: { Color: "red" } })
        : request.method === "PATCH"
        ? json(200, { ID: "shirt-01" })
        : json(200, { Meta: { Page: 1, PageSize: 50, TotalCount: 1, TotalPages: 1, ItemRange: [1, 1] }, Items: [] })
    )
    return Effect.gen(function*() {
      assert.deepStrictEqual(yield* asSeller("seller-token"), { created: "red", onPage: 1 })
      assert.deepStrictEqual(srv.requests.map((r) => `${r.method} ${r.url.pathname}`), [
        "POST /v1/products",
        "PATCH /v1/products/shirt-01",
        "GET /v1/products"
      ])
      assert.strictEqual(srv.requests[2]!.url.search, "?sortBy=!Name&pageSize=50&Active=true&xp.Color=red")
      assert.strictEqual(srv.requests[0]!.headers.get("authorization"), "Bearer seller-token")
    }).pipe(Effect.provide(srv.layer))
  })

  it.effect("the stream snippet pages until the last page", () => {
    const srv = recorder((request) => {
      const page = Number(request.url.searchParams.get("page"))
      return json(200, {
        Meta: { Page: page, PageSize: 100, TotalCount: 150, TotalPages: 2, ItemRange: [1, 100] },
        Items: Array.from({ length: page === 1 ? 100 : 50 }, (_, i) => ({ ID: `p${page}-${i}`, Name: `n${i}` }))
      })
    })
    return Effect.gen(function*() {
      const all = yield* Stream.runCollect(names)
      assert.strictEqual(Chunk.size(all), 150)
      assert.strictEqual(srv.requests.length, 2)
    }).pipe(Effect.provide(srv.layer))
  })
})
