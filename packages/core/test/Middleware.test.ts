/**
 * Middleware: plain functions around each request, folded once per layer.
 * Retry takes the outermost place and logging the innermost whatever the
 * order they are given in; the session's token comes between retry and the
 * user's middleware, which run in the order given, once per attempt. A
 * middleware sees the call and the request as the middleware outside it
 * passed them on, and every failure inside the stack is an OrderCloudError.
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as HashMap from "effect/HashMap"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Logging from "../src/Logging.js"
import type * as Middleware from "../src/Middleware.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as OrderCloudError from "../src/OrderCloudError.js"
import * as Retry from "../src/Retry.js"
import * as Session from "../src/Session.js"
import { runToEnd } from "./utils/clock.js"
import { getProduct, tokenRequest } from "./utils/operations.js"
import { baseUrl, clientLayer, json, server } from "./utils/server.js"

const okProduct = () => json(200, { ID: "p1", Name: "Shirt" })
const callProduct = OrderCloudClient.execute(getProduct, { path: { productID: "p1" } })
const retry = Retry.middleware({ jitter: false, baseDelay: "10 millis", budget: false })

/** Runs a call to its end under the TestClock (retry waits included). */
const toEnd = <A, E, R>(call: Effect.Effect<A, E, R>) => Effect.flatMap(Effect.fork(Effect.either(call)), runToEnd)

/** A middleware that logs `name>` on the way in and `<name` on the way out of each request it wraps. */
const tracing = (log: Array<string>, name: string): Middleware.Middleware => (call, request, next) =>
  Effect.sync(() => log.push(`${name}> attempt ${call.attempt}`)).pipe(
    Effect.zipRight(next(request)),
    Effect.tap(() => Effect.sync(() => log.push(`<${name}`)))
  )

/** A logger writing each line's message into `log`, next to the middleware's entries. */
const loggingInto = (log: Array<string>) =>
  Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ message }) => {
      log.push(`log: ${(Array.isArray(message) ? message : [message]).map(String).join(" ")}`)
    })
  )

/** The value of a header on the request as a middleware sees it. */
const header = (request: { readonly headers: Readonly<Record<string, string>> }, name: string) =>
  request.headers[name] ?? null

describe("the order", () => {
  it.effect("retry is outermost and logging innermost whatever the order given; yours run once per attempt between", () => {
    const log: Array<string> = []
    const srv = server((_, index) => index === 0 ? json(503, {}) : okProduct())
    return Effect.gen(function*() {
      const result = yield* toEnd(callProduct)
      assert.deepStrictEqual(result, Either.right({ ID: "p1", Name: "Shirt" }))
      assert.deepStrictEqual(log, [
        "a> attempt 1",
        "b> attempt 1",
        "log: GET /v1/products/p1 503 0ms attempt 1",
        "<b",
        "<a",
        "a> attempt 2",
        "b> attempt 2",
        "log: GET /v1/products/p1 200 0ms attempt 2",
        "<b",
        "<a"
      ])
    }).pipe(
      Effect.provide(clientLayer(srv, {
        // Logging first and retry between the two: both still take their places.
        middleware: [Logging.middleware(), tracing(log, "a"), retry, tracing(log, "b")]
      })),
      Effect.provide(loggingInto(log))
    )
  })

  it.effect("your middleware run in the order given, the first outermost", () => {
    const log: Array<string> = []
    const srv = server(okProduct)
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(log, ["c> attempt 1", "a> attempt 1", "b> attempt 1", "<b", "<a", "<c"])
    }).pipe(Effect.provide(clientLayer(srv, { middleware: ["c", "a", "b"].map((name) => tracing(log, name)) })))
  })

  it.effect("the session's token is on the request before yours see it, and a resend after 401 passes through them again", () => {
    const seen: Array<string | null> = []
    const spy: Middleware.Middleware = (_call, request, next) =>
      Effect.zipRight(Effect.sync(() => seen.push(header(request, "authorization"))), next(request))
    const srv = server((request) =>
      request.headers.get("authorization") === "Bearer fresh" ? okProduct() : json(401, { Errors: [] })
    )
    let current = "stale"
    const session: Session.Service = {
      token: Effect.sync(() => Redacted.make(current)),
      invalidate: () =>
        Effect.sync(() => {
          current = "fresh"
          return true
        })
    }
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(seen, ["Bearer stale", "Bearer fresh"])
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("authorization")), ["Bearer stale", "Bearer fresh"])
    }).pipe(Effect.provideService(Session.Session, session), Effect.provide(clientLayer(srv, { middleware: [spy] })))
  })

  it.effect("logging sees the final request: a path your middleware changed is the one logged", () => {
    const log: Array<string> = []
    const rewrite: Middleware.Middleware = (_call, request, next) =>
      next({ ...request, url: request.url.replace("/products/p1", "/products/p1-v2") })
    const srv = server(okProduct)
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(log, ["log: GET /v1/products/p1-v2 200 0ms attempt 1"])
      assert.strictEqual(srv.requests[0]!.url, `${baseUrl}/v1/products/p1-v2`)
    }).pipe(
      // Logging given first: it still runs inside the rewrite.
      Effect.provide(clientLayer(srv, { middleware: [Logging.middleware(), rewrite] })),
      Effect.provide(loggingInto(log))
    )
  })
})

describe("what a middleware sees", () => {
  it.effect("the call: operation, session, idempotency, deadline, attempt", () => {
    const calls: Array<Middleware.Call> = []
    const spy: Middleware.Middleware = (call, request, next) =>
      Effect.zipRight(Effect.sync(() => calls.push(call)), next(request))
    const srv = server((_, index) => index === 0 ? json(503, {}) : okProduct())
    return Effect.gen(function*() {
      const start = yield* Clock.currentTimeMillis
      yield* toEnd(callProduct)
      assert.deepStrictEqual(
        calls.map((call) => ({ ...call, session: call.session !== undefined })),
        [1, 2].map((attempt) => ({
          operationId: "Products.get",
          session: true,
          idempotent: true,
          create: undefined,
          deadline: start + 7000,
          timeoutMillis: 7000,
          attempt
        }))
      )
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [retry, spy], config: { timeout: Duration.seconds(7) } })))
  })

  it.effect("a changed call passed to next is what the middleware inside see, logging included", () => {
    const operations: Array<string> = []
    const annotated: Array<unknown> = []
    const rename: Middleware.Middleware = (call, request, next) =>
      next(request, { ...call, operationId: `${call.operationId}#tenant-a` })
    // Passes the request on without a call: the one it was given goes on.
    const spy: Middleware.Middleware = (call, request, next) =>
      Effect.zipRight(Effect.sync(() => operations.push(call.operationId)), next(request))
    const srv = server(okProduct)
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(operations, ["Products.get#tenant-a"])
      assert.deepStrictEqual(annotated, ["Products.get#tenant-a"])
    }).pipe(
      Effect.provide(clientLayer(srv, { middleware: [rename, spy, Logging.middleware()] })),
      Effect.provide(Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ annotations }) => {
          annotated.push(HashMap.unsafeGet(annotations, "operation"))
        })
      ))
    )
  })

  it.effect("a request edited by one middleware is what the next one sees and what is sent", () => {
    const seenByInner: Array<string | null> = []
    const addHeader: Middleware.Middleware = (_call, request, next) =>
      next({ ...request, headers: { ...request.headers, "x-tenant": "a" } })
    const inner: Middleware.Middleware = (_call, request, next) =>
      Effect.zipRight(Effect.sync(() => seenByInner.push(header(request, "x-tenant"))), next(request))
    const srv = server(okProduct)
    return Effect.gen(function*() {
      yield* callProduct
      assert.deepStrictEqual(seenByInner, ["a"])
      assert.strictEqual(srv.requests[0]!.headers.get("x-tenant"), "a")
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [addHeader, inner] })))
  })

  it.effect("an operation that takes no token runs through the middleware too, with no session and no Authorization", () => {
    const seen: Array<readonly [string, boolean, boolean, string | null]> = []
    const spy: Middleware.Middleware = (call, request, next) =>
      Effect.zipRight(
        Effect.sync(() =>
          seen.push([call.operationId, call.session !== undefined, call.idempotent, header(request, "authorization")])
        ),
        next(request)
      )
    const srv = server(() => json(200, { access_token: "t" }))
    return Effect.gen(function*() {
      yield* OrderCloudClient.execute(tokenRequest, { body: { grant_type: "client_credentials" } })
      assert.deepStrictEqual(seen, [["Auth.token", false, true, null]])
      assert.isNull(srv.requests[0]!.headers.get("authorization"))
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [spy], token: "must-not-be-sent" })))
  })
})

describe("middleware built by an Effect", () => {
  /** Sets `x-request-id` from a counter the Effect makes when the layer is built, counting builds. */
  const requestIds = () => {
    const state = { builds: 0 }
    const definition = Effect.map(
      Effect.zipRight(Effect.sync(() => state.builds++), Ref.make(0)),
      (counter): Middleware.Middleware => (_call, request, next) =>
        Effect.flatMap(
          Ref.updateAndGet(counter, (n) => n + 1),
          (n) => next({ ...request, headers: { ...request.headers, "x-request-id": `req-${n}` } })
        )
    )
    return { definition, state }
  }

  it.effect("is built once per layer and its state shared by every call and attempt", () => {
    const { definition, state } = requestIds()
    const srv = server((_, index) => index === 0 ? json(503, {}) : okProduct())
    return Effect.gen(function*() {
      yield* toEnd(callProduct)
      yield* callProduct
      assert.strictEqual(state.builds, 1)
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("x-request-id")), ["req-1", "req-2", "req-3"])
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [retry, definition] })))
  })

  it.effect("each layer built gets its own", () => {
    const { definition, state } = requestIds()
    const srv = server(okProduct)
    const layer = clientLayer(srv, { middleware: [definition] })
    return Effect.gen(function*() {
      yield* Effect.provide(callProduct, layer)
      yield* Effect.provide(callProduct, layer)
      assert.strictEqual(state.builds, 2)
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("x-request-id")), ["req-1", "req-1"])
    })
  })

  it.effect("the shipped retry is one: its budget is shared by the calls of one client", () => {
    const srv = server(() => json(503, {}))
    const layer = clientLayer(srv, {
      middleware: [Retry.middleware({ jitter: false, baseDelay: "10 millis", budget: { capacity: 5, retryCost: 5 } })]
    })
    return Effect.gen(function*() {
      const context = yield* Effect.provide(
        Effect.context<OrderCloudClient.OrderCloudClient | Session.Session>(),
        layer
      )
      yield* toEnd(Effect.provide(callProduct, context))
      yield* toEnd(Effect.provide(callProduct, context))
      // The first call's retry spent the budget: the second is not retried.
      assert.strictEqual(srv.requests.length, 3)
    })
  })
})

describe("errors in the stack", () => {
  it.effect("a middleware fails the call with an OrderCloudError of its own, and nothing is sent", () => {
    const refuse: Middleware.Middleware = (call, request) =>
      Effect.fail(
        new OrderCloudError.InvalidRequest({
          reason: "Header",
          detail: `${call.operationId} needs an x-tenant header (${request.method})`,
          issues: []
        })
      )
    const srv = server(okProduct)
    return Effect.gen(function*() {
      const error = yield* Effect.flip(callProduct)
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.include(error.message, "Products.get needs an x-tenant header (GET)")
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [refuse] })))
  })

  it.effect("an error status is an answer inside the stack, turned into its tagged error after it", () => {
    const statuses: Array<number> = []
    const spy: Middleware.Middleware = (_call, request, next) =>
      Effect.tap(next(request), (response) => Effect.sync(() => statuses.push(response.status)))
    const srv = server(() => json(404, { Errors: [{ ErrorCode: "NotFound", Message: "no", Data: null }] }))
    return Effect.gen(function*() {
      const error = yield* Effect.flip(callProduct)
      assert.strictEqual(error._tag, "NotFound")
      assert.deepStrictEqual(statuses, [404])
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [spy] })))
  })

  it.effect("a transport failure reaches a middleware as a TransportError it can recover from by tag", () => {
    const fallback: Middleware.Middleware = (_call, request, next) =>
      Effect.catchTag(next(request), "TransportError", () =>
        Effect.succeed({
          status: 200,
          headers: { "content-type": "application/json" },
          text: JSON.stringify({ ID: "p1", Name: "From the cache" })
        }))
    const srv = server(() => Promise.reject(new TypeError("fetch failed")))
    return Effect.gen(function*() {
      assert.deepStrictEqual(yield* callProduct, { ID: "p1", Name: "From the cache" })
      assert.strictEqual(srv.requests.length, 1)
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [fallback] })))
  })

  it("a middleware, and the next it is given, fail only with an OrderCloudError", () => {
    expectTypeOf<Effect.Effect.Error<ReturnType<Middleware.Middleware>>>().toEqualTypeOf<
      OrderCloudError.OrderCloudError
    >()
    expectTypeOf<Effect.Effect.Error<ReturnType<Middleware.Next>>>().toEqualTypeOf<OrderCloudError.OrderCloudError>()
  })
})

describe("the deadline", () => {
  it.effect("a middleware's own work is not cut by the deadline, but nothing is sent once it has passed", () => {
    const slow: Middleware.Middleware = (_call, request, next) =>
      Effect.zipRight(Effect.sleep(Duration.seconds(10)), next(request))
    const srv = server(okProduct)
    return Effect.gen(function*() {
      const start = yield* Clock.currentTimeMillis
      const result = yield* toEnd(callProduct)
      const end = yield* Clock.currentTimeMillis
      assert.strictEqual(Either.isLeft(result) ? result.left._tag : "success", "Timeout")
      assert.strictEqual(end - start, 10_000)
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [slow], config: { timeout: Duration.seconds(5) } })))
  })
})
