/**
 * `UndiciTransport` against a real loopback server: answers are read once,
 * and the call's abort signal stops the request on the wire, at the
 * deadline and when the call is interrupted.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as OrderCloudConfig from "../src/OrderCloudConfig.js"
import * as Session from "../src/Session.js"
import * as UndiciTransport from "../src/UndiciTransport.js"
import { getProduct } from "./utils/operations.js"

interface Loopback {
  readonly origin: string
  /** Completes when the server sees the client close a request's connection before an answer. */
  readonly closed: Deferred.Deferred<void>
  readonly requested: Deferred.Deferred<void>
}

/** A server on a free loopback port; `answer` may leave a request unanswered. */
const loopback = (answer: (response: http.ServerResponse) => void) =>
  Effect.gen(function*() {
    const closed = yield* Deferred.make<void>()
    const requested = yield* Deferred.make<void>()
    const server = yield* Effect.acquireRelease(
      Effect.async<http.Server>((resume) => {
        const instance = http.createServer((request, response) => {
          request.resume()
          Deferred.unsafeDone(requested, Effect.void)
          response.on("close", () => {
            if (!response.writableFinished) Deferred.unsafeDone(closed, Effect.void)
          })
          answer(response)
        })
        instance.listen(0, "127.0.0.1", () => resume(Effect.succeed(instance)))
      }),
      (instance) =>
        Effect.async<void>((resume) => {
          instance.closeAllConnections()
          instance.close(() => resume(Effect.void))
        })
    )
    const { port } = server.address() as AddressInfo
    return { origin: `http://127.0.0.1:${port}`, closed, requested } satisfies Loopback
  })

const get = (id: string) => OrderCloudClient.execute(getProduct, { path: { productID: id } })

const client = (origin: string, timeout: number) =>
  Layer.merge(
    OrderCloudClient.layer().pipe(
      Layer.provide(UndiciTransport.layer()),
      Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: origin, timeout })))
    ),
    Session.layerToken(Redacted.make("token-1"))
  )

describe("UndiciTransport", () => {
  it.scopedLive("reads and decodes an answer", () =>
    Effect.gen(function*() {
      const server = yield* loopback((response) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ ID: "p1", Name: "Shirt" }))
      })
      const product = yield* get("p1").pipe(Effect.provide(client(server.origin, 30_000)))
      assert.deepStrictEqual(product, { ID: "p1", Name: "Shirt" })
    }))

  it.scopedLive(
    "a server that never answers: the call fails with Timeout at its deadline and the connection is closed",
    () =>
      Effect.gen(function*() {
        const server = yield* loopback(() => {})
        const error = yield* Effect.flip(get("p1").pipe(Effect.provide(client(server.origin, 300))))
        assert.strictEqual(error._tag, "Timeout")
        // The abort reached the socket: the server sees the request given up.
        yield* Deferred.await(server.closed)
      }),
    { timeout: 30_000 }
  )

  it.scopedLive("an interrupted call stops its request on the wire", () =>
    Effect.gen(function*() {
      const server = yield* loopback(() => {})
      const call = yield* Effect.fork(get("p1").pipe(Effect.provide(client(server.origin, 60_000))))
      yield* Deferred.await(server.requested)
      yield* Fiber.interrupt(call)
      yield* Deferred.await(server.closed)
    }), { timeout: 30_000 })
})
