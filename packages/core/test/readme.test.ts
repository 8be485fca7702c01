import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import { readFileSync } from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as Session from "../src/Session.js"
import { productName, submit } from "./readme/errors.js"
import * as MiddlewareSnippet from "./readme/middleware.js"
import { OrderCloudLive, OrderCloudNodeLive } from "./readme/stack.js"
import { runToEnd } from "./utils/clock.js"
import { getProduct } from "./utils/operations.js"
import { clientLayer, json, server } from "./utils/server.js"

const readmeBlocks = (): Array<string> =>
  [...readFileSync(new URL("../README.md", import.meta.url), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)

const snippet = (name: string): string => readFileSync(new URL(`./readme/${name}.ts`, import.meta.url), "utf8")

/** `ORDERCLOUD_BASE_URL` for the snippets' `OrderCloudConfig.layerConfig()`. */
const baseUrlConfig = (baseUrl: string) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ORDERCLOUD_BASE_URL", baseUrl]])))

/** A logger keeping the messages it is given. */
const capture = () => {
  const lines: Array<unknown> = []
  return { lines, layer: Logger.replace(Logger.defaultLogger, Logger.make(({ message }) => lines.push(message))) }
}

const answerProducts = (url: string) =>
  url.endsWith("/products/p1")
    ? json(200, { ID: "p1", Name: "Shirt" })
    : json(404, { Errors: [{ ErrorCode: "NotFound", Message: "Product not found" }] })

describe("README", () => {
  it("shows exactly the snippets that are type-checked here", () => {
    assert.deepStrictEqual(readmeBlocks(), ["stack", "errors", "middleware"].map(snippet))
  })

  it.scoped("the stack over the runtime's fetch answers, logs each attempt and handles NotFound by tag", () => {
    const srv = server((request) => answerProducts(request.url))
    const logs = capture()
    return Effect.gen(function*() {
      // The default transport looks `fetch` up on each request: point it at the test's server.
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          const original = globalThis.fetch
          globalThis.fetch = srv.fetch
          return original
        }),
        (original) => Effect.sync(() => (globalThis.fetch = original))
      )
      const names = yield* Effect.all([productName("p1"), productName("nope")]).pipe(
        Effect.provide(Layer.mergeAll(OrderCloudLive, Session.layerToken("token-1"))),
        Effect.provide(baseUrlConfig("https://api.test.example"))
      )
      assert.deepStrictEqual(names, ["Shirt", "(no such product)"])
      assert.deepStrictEqual(srv.requests.map((request) => [request.url, request.headers.get("authorization")]), [
        ["https://api.test.example/v1/products/p1", "Bearer token-1"],
        ["https://api.test.example/v1/products/nope", "Bearer token-1"]
      ])
      assert.strictEqual(logs.lines.length, 2)
    }).pipe(Effect.provide(logs.layer))
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

  it.scopedLive("the Node stack answers over undici on a real socket", () =>
    Effect.gen(function*() {
      const received: Array<string> = []
      const origin = yield* Effect.acquireRelease(
        Effect.async<{ readonly instance: http.Server; readonly origin: string }>((resume) => {
          const instance = http.createServer((request, response) => {
            received.push(`${request.method} ${request.url} ${request.headers.authorization}`)
            const answer = answerProducts(request.url ?? "")
            void answer.text().then((body) =>
              response.writeHead(answer.status, { "content-type": "application/json" }).end(body)
            )
          })
          instance.listen(0, "127.0.0.1", () => {
            const { port } = instance.address() as AddressInfo
            resume(Effect.succeed({ instance, origin: `http://127.0.0.1:${port}` }))
          })
        }),
        ({ instance }) =>
          Effect.async<void>((resume) => {
            instance.closeAllConnections()
            instance.close(() => resume(Effect.void))
          })
      ).pipe(Effect.map(({ origin }) => origin))
      const names = yield* Effect.all([productName("p1"), productName("nope")]).pipe(
        Effect.provide(Layer.mergeAll(OrderCloudNodeLive, Session.layerToken("token-1"))),
        Effect.provide(baseUrlConfig(origin)),
        Effect.provide(Logger.remove(Logger.defaultLogger))
      )
      assert.deepStrictEqual(names, ["Shirt", "(no such product)"])
      assert.deepStrictEqual(received, ["GET /v1/products/p1 Bearer token-1", "GET /v1/products/nope Bearer token-1"])
    }), 30_000)

  it.effect("the middleware snippet: the 503 is retried, each attempt carries its ids and is logged", () => {
    const srv = server((_, index) => index === 0 ? json(503, { Errors: [] }) : json(200, { ID: "p1", Name: "Shirt" }))
    const logs = capture()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      assert.deepStrictEqual(yield* runToEnd(fiber), { ID: "p1", Name: "Shirt" })
      assert.strictEqual(srv.requests.length, 2)
      const ids = srv.requests.map((request) => request.headers.get("x-request-id") ?? "")
      for (const id of ids) assert.match(id, /^[0-9a-f-]{36}$/)
      assert.notStrictEqual(ids[0], ids[1])
      assert.deepStrictEqual(srv.requests.map((request) => request.headers.get("x-request-number")), [
        "1 (Products.get)",
        "2 (Products.get)"
      ])
      assert.strictEqual(logs.lines.length, 2)
    }).pipe(
      Effect.provide(Layer.merge(
        MiddlewareSnippet.OrderCloudLive.pipe(Layer.provide(srv.layer)),
        Session.layerToken("token-1")
      )),
      Effect.provide(baseUrlConfig("https://api.test.example")),
      Effect.provide(logs.layer)
    )
  })
})
