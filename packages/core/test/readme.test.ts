import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { readFileSync } from "node:fs"
import * as Session from "../src/Session.js"
import { productName } from "./readme/errors.js"
import { RequestIdLive } from "./readme/plugin.js"
import { OrderCloudLive } from "./readme/stack.js"
import { json, server } from "./utils/server.js"

const readmeBlocks = (): Array<string> =>
  [...readFileSync(new URL("../README.md", import.meta.url), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)

const snippet = (name: string): string => readFileSync(new URL(`./readme/${name}.ts`, import.meta.url), "utf8")

describe("README", () => {
  it("shows exactly the snippets that are type-checked here", () => {
    assert.deepStrictEqual(readmeBlocks(), ["stack", "errors", "plugin"].map(snippet))
  })

  it.effect("the layer stack with the custom plugin answers and handles NotFound by tag", () => {
    const srv = server((request) =>
      request.url.endsWith("/products/p1")
        ? json(200, { ID: "p1", Name: "Shirt" })
        : json(404, { Errors: [{ ErrorCode: "NotFound", Message: "Product not found" }] })
    )
    const live = OrderCloudLive.pipe(
      Layer.provide(RequestIdLive),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ORDERCLOUD_BASE_URL", "https://api.test.example"]]))))
    )
    return Effect.gen(function*() {
      assert.strictEqual(yield* productName("p1"), "Shirt")
      assert.strictEqual(yield* productName("nope"), "(no such product)")
      assert.strictEqual(srv.requests.length, 2)
      for (const request of srv.requests) {
        assert.match(request.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/)
        assert.strictEqual(request.headers.get("authorization"), "Bearer token-1")
      }
    }).pipe(
      Effect.provide(Layer.merge(live, Session.layerToken("token-1"))),
      // The stack's FetchHttpClient reads `Fetch` from the context of each call.
      Effect.provideService(FetchHttpClient.Fetch, srv.fetch)
    )
  })
})

