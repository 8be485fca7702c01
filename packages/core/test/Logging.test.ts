/**
 * The logging middleware: one line per attempt with method, path (no query),
 * status, duration and attempt number; and nothing it logs, nor any error
 * a call fails with, ever holds a token, password or client secret.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HashMap from "effect/HashMap"
import type * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Logging from "../src/Logging.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as Retry from "../src/Retry.js"
import { macrotask, runToEnd } from "./utils/clock.js"
import { getProduct, Product } from "./utils/operations.js"
import { clientLayer, json, server } from "./utils/server.js"

const listProducts = OrderCloudClient.operation({
  id: "Products.list",
  method: "GET",
  path: "/products",
  body: undefined,
  response: Schema.Struct({ Items: Schema.Array(Product) })
})
const registerUser = OrderCloudClient.operation({
  id: "Me.register",
  method: "PUT",
  path: "/me/register",
  queryParams: ["anonUserToken"],
  body: Schema.Struct({ Username: Schema.String, Password: Schema.String, ClientSecret: Schema.String }),
  response: Schema.Struct({ ID: Schema.String })
})

// ---------------------------------------------------------------------------
// Capturing logs

interface Line {
  readonly message: string
  readonly level: string
  readonly annotations: Readonly<Record<string, unknown>>
  readonly cause: string
}

const capture = (): { readonly lines: Array<Line>; readonly layer: Layer.Layer<never> } => {
  const lines: Array<Line> = []
  const logger = Logger.make<unknown, void>(({ annotations, cause, logLevel, message }) => {
    const messages = Array.isArray(message) ? message : [message]
    lines.push({
      message: messages.map((part) => typeof part === "string" ? part : JSON.stringify(part)).join(" "),
      level: logLevel.label,
      annotations: Object.fromEntries(HashMap.toEntries(annotations)),
      cause: Cause.isEmpty(cause) ? "" : Cause.pretty(cause)
    })
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

const retry = Retry.middleware({ jitter: false, baseDelay: Duration.millis(100) })

describe("Logging", () => {
  it.effect("logs one line per attempt, numbered, with method, path, status and duration", () => {
    const srv = server((_request, index) =>
      index < 2 ? json(503, { Errors: [] }) : json(200, { ID: "p1", Name: "Shirt" })
    )
    const logs = capture()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      yield* runToEnd(fiber)
      assert.strictEqual(srv.requests.length, 3)
      assert.deepStrictEqual(logs.lines.map((line) => line.message), [
        "GET /v1/products/p1 503 0ms attempt 1",
        "GET /v1/products/p1 503 0ms attempt 2",
        "GET /v1/products/p1 200 0ms attempt 3"
      ])
      assert.deepStrictEqual(
        logs.lines.map((line) => line.annotations),
        [1, 2, 3].map((attempt) => ({
          "http.method": "GET",
          "url.path": "/v1/products/p1",
          "http.status": attempt < 3 ? "503" : "200",
          "duration.ms": 0,
          attempt,
          operation: "Products.get"
        }))
      )
      assert.deepStrictEqual(logs.lines.map((line) => line.level), ["INFO", "INFO", "INFO"])
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [retry, Logging.middleware()] })), Effect.provide(logs.layer))
  })

  it.effect("the duration is the time the attempt took on the Clock, body included", () => {
    let release: (() => void) | undefined
    const srv = server(() =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("{\"ID\":\"p1\","))
            release = () => {
              controller.enqueue(new TextEncoder().encode("\"Name\":\"Shirt\"}"))
              controller.close()
            }
          }
        }),
        { status: 200 }
      )
    )
    const logs = capture()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      for (let i = 0; i < 10 && release === undefined; i++) yield* macrotask
      yield* TestClock.adjust(Duration.millis(1234))
      release!()
      assert.deepStrictEqual(yield* Fiber.join(fiber), { ID: "p1", Name: "Shirt" })
      assert.deepStrictEqual(logs.lines.map((line) => [line.message, line.annotations["duration.ms"]]), [
        ["GET /v1/products/p1 200 1234ms attempt 1", 1234]
      ])
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [Logging.middleware()] })), Effect.provide(logs.layer))
  })

  it.effect("an attempt that gets no answer is logged at Warning as 'no response'", () => {
    const srv = server((_request, index) => {
      if (index === 0) throw new TypeError("fetch failed")
      return json(200, { ID: "p1", Name: "Shirt" })
    })
    const logs = capture()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      yield* runToEnd(fiber)
      assert.deepStrictEqual(logs.lines.map((line) => [line.level, line.message]), [
        ["WARN", "GET /v1/products/p1 no response 0ms attempt 1"],
        ["INFO", "GET /v1/products/p1 200 0ms attempt 2"]
      ])
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [retry, Logging.middleware()] })), Effect.provide(logs.layer))
  })

  it.effect("an attempt cut off by the deadline is logged as aborted, with the time it ran", () => {
    const srv = server(() => new Response(new ReadableStream<Uint8Array>({}), { status: 200 }))
    const logs = capture()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.either(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      )
      const result = yield* runToEnd(fiber)
      assert.strictEqual(Either.isLeft(result) ? result.left._tag : "success", "Timeout")
      assert.deepStrictEqual(logs.lines.map((line) => [line.level, line.message]), [
        ["WARN", "GET /v1/products/p1 aborted 2000ms attempt 1"]
      ])
    }).pipe(
      Effect.provide(
        clientLayer(srv, { middleware: [Logging.middleware()], config: { timeout: Duration.seconds(2) } })
      ),
      Effect.provide(logs.layer)
    )
  })

  it.effect("the logged path never has the query string", () => {
    const srv = server(() => json(200, { Items: [] }))
    const logs = capture()
    return Effect.gen(function*() {
      yield* OrderCloudClient.execute(listProducts, { list: { search: "red shirt", page: 2 } })
      assert.include(srv.requests[0]!.url, "?")
      assert.deepStrictEqual(logs.lines.map((line) => [line.message, line.annotations["url.path"]]), [
        ["GET /v1/products 200 0ms attempt 1", "/v1/products"]
      ])
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [Logging.middleware()] })), Effect.provide(logs.layer))
  })

  it.effect("the levels of answered and unanswered attempts can be chosen", () => {
    const srv = server((_request, index) => {
      if (index === 0) throw new TypeError("fetch failed")
      return json(200, { ID: "p1", Name: "Shirt" })
    })
    const logs = capture()
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      yield* runToEnd(fiber)
      assert.deepStrictEqual(logs.lines.map((line) => line.level), ["ERROR", "DEBUG"])
    }).pipe(
      Effect.provide(clientLayer(srv, {
        middleware: [retry, Logging.middleware({ level: LogLevel.Debug, failureLevel: LogLevel.Error })]
      })),
      Effect.provide(logs.layer),
      Logger.withMinimumLogLevel(LogLevel.Debug)
    )
  })

  describe("secrets", () => {
    const secrets = {
      token: "SECRET-bearer-9f8e7d",
      anonUserToken: "SECRET-anon-1a2b3c",
      password: "SECRET-password-hunter2",
      clientSecret: "SECRET-client-secret-x1y2"
    }

    const register = OrderCloudClient.execute(registerUser, {
      query: { anonUserToken: secrets.anonUserToken },
      body: { Username: "buyer01", Password: secrets.password, ClientSecret: secrets.clientSecret }
    })

    /** Every string a user could see: log lines, annotations, causes, and each way of printing an error. */
    const everythingSeen = (lines: ReadonlyArray<Line>, exits: ReadonlyArray<Exit.Exit<unknown, unknown>>) => {
      const seen: Array<string> = []
      for (const line of lines) seen.push(line.message, JSON.stringify(line.annotations), line.cause)
      for (const exit of exits) {
        if (Exit.isSuccess(exit)) continue
        seen.push(Cause.pretty(exit.cause), JSON.stringify(exit), String(exit))
        for (const error of Chunk.toReadonlyArray(Cause.failures(exit.cause))) {
          seen.push(String(error), JSON.stringify(error), (error as Error).message ?? "", (error as Error).stack ?? "")
        }
      }
      return seen
    }

    const tagOf = (cause: Cause.Cause<unknown>): string =>
      Option.match(Cause.failureOption(cause), {
        onNone: () => "defect",
        onSome: (error) => (error as { readonly _tag: string })._tag
      })

    const assertNoSecret = (seen: ReadonlyArray<string>) => {
      for (const text of seen) {
        for (const [name, secret] of Object.entries(secrets)) {
          assert.notInclude(text, secret, `the ${name} leaked into: ${text}`)
        }
        assert.notInclude(text, "SECRET", `a secret leaked into: ${text}`)
      }
    }

    it.effect("no log line or error holds the token, the anonymous token, a password or a client secret", () => {
      // Every kind of ending: a success, an error status, a retried 503,
      // a transport failure, a deadline.
      const replies: Array<(request: Request) => Response | Promise<Response>> = [
        () => json(201, { ID: "u1" }),
        () => json(400, { Errors: [{ ErrorCode: "Password.Invalid", Message: "too short" }] }),
        () => json(503, {}),
        () => json(503, {}),
        () => json(503, {}),
        () => {
          throw new TypeError("fetch failed")
        },
        () => {
          throw new TypeError("fetch failed")
        },
        () => {
          throw new TypeError("fetch failed")
        },
        () => new Response(new ReadableStream<Uint8Array>({}), { status: 200 })
      ]
      const srv = server((request, index) => replies[Math.min(index, replies.length - 1)]!(request))
      const logs = capture()
      return Effect.gen(function*() {
        const exits: Array<Exit.Exit<unknown, unknown>> = []
        for (let i = 0; i < 5; i++) {
          const fiber = yield* Effect.fork(Effect.exit(register))
          exits.push(yield* runToEnd(fiber))
        }
        // The secrets were sent, so the test would see them if they were logged.
        assert.strictEqual(srv.requests.length, 9)
        for (const request of srv.requests) {
          assert.strictEqual(request.headers.get("authorization"), `Bearer ${secrets.token}`)
          assert.include(request.url, `anonUserToken=${secrets.anonUserToken}`)
          assert.include(request.body, secrets.password)
          assert.include(request.body, secrets.clientSecret)
        }
        assert.deepStrictEqual(
          exits.map((exit) => Exit.isSuccess(exit) ? "success" : tagOf(exit.cause)),
          ["success", "BadRequest", "ServiceUnavailable", "TransportError", "Timeout"]
        )
        assert.strictEqual(logs.lines.length, 9)
        assertNoSecret(everythingSeen(logs.lines, exits))
      }).pipe(
        Effect.provide(clientLayer(srv, {
          middleware: [retry, Logging.middleware()],
          config: { timeout: Duration.seconds(5) },
          token: secrets.token
        })),
        Effect.provide(logs.layer)
      )
    })
  })
})
