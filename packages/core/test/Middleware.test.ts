import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as TestClock from "effect/TestClock"
import * as Logging from "../src/Logging.js"
import * as Middleware from "../src/Middleware.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as OrderCloudConfig from "../src/OrderCloudConfig.js"
import * as Retry from "../src/Retry.js"
import * as Session from "../src/Session.js"
import { getProduct } from "./utils/operations.js"
import { baseUrl, clientLayer, json, server } from "./utils/server.js"

const okProduct = () => json(200, { ID: "p1", Name: "Shirt" })
const callProduct = OrderCloudClient.execute(getProduct, { path: { productID: "p1" } })

/** A plugin that logs `name>` on the way in and `<name` on the way out of each request it wraps. */
const tracing = (log: Array<string>, name: string, slot: Middleware.Slot): Middleware.Plugin =>
  Middleware.make(
    name,
    slot,
    (client) =>
      HttpClient.transform(client, (effect) =>
        Effect.sync(() => log.push(`${name}>`)).pipe(
          Effect.zipRight(effect),
          Effect.tap(() => Effect.sync(() => log.push(`<${name}`)))
        ))
  )

/** A plugin that sets `header` to a counter value, counting how often it ran. */
const counting = (name: string, slot: Middleware.Slot, header: string) => {
  const state = { runs: 0 }
  const plugin = Middleware.make(
    name,
    slot,
    (client) =>
      HttpClient.mapRequest(client, (request) => HttpClientRequest.setHeader(request, header, String(++state.runs)))
  )
  return { plugin, state }
}

describe("plugin order", () => {
  it.effect("plugins run by slot, deadline > retry > auth > observe > transport, whatever order they are given in", () => {
    const log: Array<string> = []
    const srv = server(okProduct)
    const plugins = [
      tracing(log, "transport1", "transport"),
      tracing(log, "observe1", "observe"),
      tracing(log, "auth1", "auth"),
      tracing(log, "retry1", "retry"),
      tracing(log, "deadline1", "deadline"),
      tracing(log, "observe2", "observe"),
      tracing(log, "transport2", "transport"),
      tracing(log, "deadline2", "deadline")
    ]
    return Effect.gen(function*() {
      yield* callProduct
      const inward = ["deadline1", "deadline2", "retry1", "auth1", "observe1", "observe2", "transport1", "transport2"]
      assert.deepStrictEqual(log, [
        ...inward.map((name) => `${name}>`),
        ...[...inward].reverse().map((name) => `<${name}`)
      ])
    }).pipe(Effect.provide(clientLayer(srv, { plugins })))
  })

  it.effect("within a slot the first plugin given is outermost", () => {
    const log: Array<string> = []
    const srv = server(okProduct)
    const plugins = ["c", "a", "b"].map((name) => tracing(log, name, "observe"))
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(log, ["c>", "a>", "b>", "<b", "<a", "<c"])
    }).pipe(Effect.provide(clientLayer(srv, { plugins })))
  })

  it.effect("the session's token is set before the auth slot's own plugins and after the retry slot", () => {
    const seen: Record<string, string | undefined> = {}
    const spy = (name: string, slot: Middleware.Slot) =>
      Middleware.make(
        name,
        slot,
        (client) =>
          HttpClient.transform(client, (effect, request) =>
            Effect.zipRight(
              Effect.sync(() => {
                seen[name] = request.headers["authorization"]
              }),
              effect
            ))
      )
    const srv = server(okProduct)
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(seen, {
        retry: undefined,
        auth: "Bearer tok-9",
        observe: "Bearer tok-9",
        transport: "Bearer tok-9"
      })
    }).pipe(
      Effect.provide(clientLayer(srv, {
        token: "tok-9",
        plugins: [spy("transport", "transport"), spy("observe", "observe"), spy("auth", "auth"), spy("retry", "retry")]
      }))
    )
  })
})

describe("per-attempt plugins", () => {
  it.effect("an HttpClient.mapRequest plugin in the observe slot runs once per attempt inside retry", () => {
    const srv = server((_, index) => index === 0 ? new Response("busy", { status: 503 }) : okProduct())
    const observe = counting("observe-counter", "observe", "x-observe-run")
    const deadline = counting("deadline-counter", "deadline", "x-deadline-run")
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(callProduct)
      yield* TestClock.adjust("10 millis")
      const product = yield* Fiber.join(fiber)
      assert.deepStrictEqual(product, { ID: "p1", Name: "Shirt" })
      assert.strictEqual(srv.requests.length, 2)
      assert.strictEqual(observe.state.runs, 2)
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("x-observe-run")), ["1", "2"])
      // outside retry, a request edit runs once per call and both attempts carry it
      assert.strictEqual(deadline.state.runs, 1)
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("x-deadline-run")), ["1", "1"])
    }).pipe(
      Effect.provide(
        clientLayer(srv, {
          plugins: [observe.plugin, Retry.middleware({ jitter: false, baseDelay: "10 millis" }), deadline.plugin]
        })
      )
    )
  })

  it.effect("a plugin given as an Effect is built once per layer and shared by every call", () => {
    const srv = server(okProduct)
    let builds = 0
    const plugin = Effect.sync(() => {
      builds++
      return Middleware.make(
        "built",
        "observe",
        HttpClient.mapRequest(HttpClientRequest.setHeader("x-build", String(builds)))
      )
    })
    return Effect.gen(function*() {
      yield* callProduct
      yield* callProduct
      assert.strictEqual(builds, 1)
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("x-build")), ["1", "1"])
    }).pipe(Effect.provide(clientLayer(srv, { plugins: [plugin] })))
  })
})

describe("Middleware.layer", () => {
  it.effect("two Middleware.layer calls chained with Layer.provide accumulate: both plugins run", () => {
    const srv = server(okProduct)
    const first = Middleware.layer(
      Middleware.make("first", "observe", HttpClient.mapRequest(HttpClientRequest.setHeader("x-first", "1")))
    )
    const second = Middleware.layer(
      Middleware.make("second", "observe", HttpClient.mapRequest(HttpClientRequest.setHeader("x-second", "2")))
    )
    const client = OrderCloudClient.layer().pipe(
      Layer.provide(second.pipe(Layer.provide(first))),
      Layer.provide(OrderCloudConfig.layer({ baseUrl })),
      Layer.provide(srv.layer)
    )
    return Effect.gen(function*() {
      yield* callProduct
      assert.strictEqual(srv.requests[0]!.headers.get("x-first"), "1")
      assert.strictEqual(srv.requests[0]!.headers.get("x-second"), "2")
    }).pipe(Effect.provide(Layer.merge(client, Session.layerToken("tok"))))
  })

  it.effect("a custom plugin adding a request-id header is seen by the server on each call", () => {
    const srv = server(okProduct)
    let next = 0
    const requestId = Middleware.make(
      "request-id",
      "observe",
      HttpClient.mapRequestEffect((request) =>
        Effect.sync(() => HttpClientRequest.setHeader(request, "x-request-id", `req-${++next}`))
      )
    )
    return Effect.gen(function*() {
      yield* callProduct
      yield* callProduct
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("x-request-id")), ["req-1", "req-2"])
    }).pipe(Effect.provide(clientLayer(srv, { plugins: [requestId] })))
  })

  it.effect("plugins also wrap raw OrderCloudClient.send requests", () => {
    const srv = server(okProduct)
    const requestId = Middleware.make(
      "request-id",
      "observe",
      HttpClient.mapRequest(HttpClientRequest.setHeader("x-request-id", "raw-1"))
    )
    return Effect.gen(function*() {
      const client = yield* OrderCloudClient.OrderCloudClient
      const response = yield* client.send(HttpClientRequest.get(`${baseUrl}/v1/me`))
      assert.strictEqual(response.status, 200)
      assert.strictEqual(srv.requests[0]!.headers.get("x-request-id"), "raw-1")
      assert.isNull(srv.requests[0]!.headers.get("authorization"))
    }).pipe(Effect.provide(clientLayer(srv, { plugins: [requestId] })))
  })
})

describe("combining plugin layers", () => {
  /** A layer whose plugin sets `x-<name>: 1` (observe slot) and logs `name>` around each attempt. */
  const marker = (log: Array<string>, name: string, slot: Middleware.Slot = "observe") =>
    Middleware.layer(
      Middleware.make(name, slot, (client) =>
        HttpClient.transform(
          HttpClient.mapRequest(client, HttpClientRequest.setHeader(`x-${name}`, "1")),
          (effect) => Effect.zipRight(Effect.sync(() => log.push(`${name}>`)), effect)
        ))
    )

  /** The client built over `plugins` the way the README shows: `Layer.provide(plugins)`. */
  const clientOver = (srv: ReturnType<typeof server>, plugins: Layer.Layer<Middleware.Plugins>) =>
    Layer.merge(
      OrderCloudClient.layer().pipe(
        Layer.provide(plugins),
        Layer.provide(OrderCloudConfig.layer({ baseUrl })),
        Layer.provide(srv.layer)
      ),
      Session.layerToken("tok")
    )

  const markersSeen = (srv: ReturnType<typeof server>, names: ReadonlyArray<string>) =>
    names.filter((name) => srv.requests[0]?.headers.get(`x-${name}`) === "1")

  const cases: ReadonlyArray<
    readonly [
      string,
      (
        a: Layer.Layer<Middleware.Plugins>,
        b: Layer.Layer<Middleware.Plugins>,
        c: Layer.Layer<Middleware.Plugins>
      ) => Layer.Layer<Middleware.Plugins>
    ]
  > = [
    ["Layer.merge", (a, b, c) => Layer.merge(Layer.merge(a, b), c)],
    ["Layer.mergeAll", (a, b, c) => Layer.mergeAll(a, b, c)],
    ["Layer.provideMerge", (a, b, c) => c.pipe(Layer.provideMerge(b), Layer.provideMerge(a))],
    ["Layer.provide chains", (a, b, c) => c.pipe(Layer.provide(b.pipe(Layer.provide(a))))],
    ["Layer.merge of a provide chain and a layer", (a, b, c) => Layer.merge(b.pipe(Layer.provide(a)), c)]
  ]

  for (const [how, combine] of cases) {
    it.effect(`${how}: every plugin runs, in the order the layers are combined`, () => {
      const log: Array<string> = []
      const srv = server(okProduct)
      const plugins = combine(marker(log, "a"), marker(log, "b"), marker(log, "c"))
      return Effect.gen(function*() {
        yield* callProduct
        assert.deepStrictEqual(markersSeen(srv, ["a", "b", "c"]), ["a", "b", "c"])
        assert.deepStrictEqual(log, ["a>", "b>", "c>"])
      }).pipe(Effect.provide(clientOver(srv, plugins)))
    })
  }

  it.effect("layers provided to the client one after the other all apply", () => {
    const log: Array<string> = []
    const srv = server(okProduct)
    const client = OrderCloudClient.layer().pipe(
      Layer.provide(marker(log, "a")),
      Layer.provide(marker(log, "b")),
      Layer.provide(OrderCloudConfig.layer({ baseUrl })),
      Layer.provide(srv.layer)
    )
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(markersSeen(srv, ["a", "b"]), ["a", "b"])
    }).pipe(Effect.provide(Layer.merge(client, Session.layerToken("tok"))))
  })

  it.effect("Layer.merge(Retry.layer(), Logging.layer()) keeps both: the 503 is retried and each attempt logged", () => {
    const srv = server((_, index) => index === 0 ? json(503, { Errors: [] }) : okProduct())
    const lines: Array<string> = []
    const logger = Logger.make(({ message }) => {
      lines.push(Array.isArray(message) ? message.map(String).join(" ") : String(message))
    })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(callProduct)
      yield* TestClock.adjust("10 millis")
      assert.deepStrictEqual(yield* Fiber.join(fiber), { ID: "p1", Name: "Shirt" })
      assert.strictEqual(srv.requests.length, 2)
      assert.strictEqual(lines.length, 2)
    }).pipe(
      Effect.provide(
        clientOver(srv, Layer.merge(Retry.layer({ jitter: false, baseDelay: "10 millis" }), Logging.layer()))
      ),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger))
    )
  })

  it.effect("user plugins merged with the shipped layers run in their slots", () => {
    const log: Array<string> = []
    const srv = server(okProduct)
    const plugins = Layer.mergeAll(
      marker(log, "observer", "observe"),
      Retry.layer(),
      marker(log, "outer", "deadline"),
      Logging.layer()
    )
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(log, ["outer>", "observer>"])
    }).pipe(Effect.provide(clientOver(srv, plugins)), Effect.provide(Logger.remove(Logger.defaultLogger)))
  })

  it.effect("a plugin layer used twice in one graph is built once and runs once", () => {
    const log: Array<string> = []
    const srv = server(okProduct)
    const a = marker(log, "a")
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(log, ["a>", "b>"])
    }).pipe(Effect.provide(clientOver(srv, Layer.merge(a, Layer.merge(a, marker(log, "b")).pipe(Layer.provide(a))))))
  })
})
