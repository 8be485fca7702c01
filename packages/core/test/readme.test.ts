import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as TestClock from "effect/TestClock"
import { readFileSync } from "node:fs"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as OrderCloudConfig from "../src/OrderCloudConfig.js"
import * as Session from "../src/Session.js"
import { productName, submit } from "./readme/errors.js"
import { PluginsLive, RequestIdLive } from "./readme/plugin.js"
import { OrderCloudLive } from "./readme/stack.js"
import { getProduct } from "./utils/operations.js"
import { baseUrl, clientLayer, json, server } from "./utils/server.js"

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
      Layer.provide(
        Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ORDERCLOUD_BASE_URL", "https://api.test.example"]])))
      )
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

  it.effect("catchCode handles the empty cart by its code and lets other 400s through", () => {
    const srv = server((request) =>
      json(400, {
        Errors: [{
          ErrorCode: request.url.includes("/empty/")
            ? "Order.CannotSubmitWithNoLineItems"
            : "Order.CannotSubmitBadStatus",
          Message: "m"
        }]
      })
    )
    return Effect.gen(function*() {
      assert.strictEqual(yield* submit("empty"), "nothing to submit (400)")
      const other = yield* Effect.flip(submit("submitted"))
      assert.strictEqual(other._tag, "BadRequest")
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("the merged plugin layers keep every plugin: the 503 is retried, each attempt carries a request id and is logged", () => {
    const srv = server((_, index) => index === 0 ? json(503, { Errors: [] }) : json(200, { ID: "p1", Name: "Shirt" }))
    const lines: Array<unknown> = []
    const client = OrderCloudClient.layer.pipe(
      Layer.provide(PluginsLive),
      Layer.provide(OrderCloudConfig.layer({ baseUrl })),
      Layer.provide(srv.layer)
    )
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(yield* Fiber.join(fiber), { ID: "p1", Name: "Shirt" })
      assert.strictEqual(srv.requests.length, 2)
      assert.isTrue(srv.requests.every((request) => request.headers.get("x-request-id") !== null))
      assert.strictEqual(lines.length, 2)
    }).pipe(
      Effect.provide(Layer.merge(client, Session.layerToken("token-1"))),
      Effect.provide(Logger.replace(Logger.defaultLogger, Logger.make(({ message }) => lines.push(message))))
    )
  })
})
