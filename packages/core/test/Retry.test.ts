/**
 * The retry middleware, as a table: the answers the server gives, in order ->
 * the outcome of the call, how many requests reached the server, and the
 * TestClock time of each one.
 *
 * The server records `TestClock` time when a request reaches it. The call
 * runs in a fork; `runToEnd` lets it settle, then moves the clock to the
 * next pending timer, so every attempt lands at an exact instant.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Create from "../src/internal/create.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import type * as OrderCloudError from "../src/OrderCloudError.js"
import * as Retry from "../src/Retry.js"
import type { Session } from "../src/Session.js"
import { runToEnd } from "./utils/clock.js"
import { clientLayer, json, server } from "./utils/server.js"

// ---------------------------------------------------------------------------
// Operations, one per kind of call the retry rules distinguish

const Product = Schema.Struct({ ID: Schema.String, Name: Schema.String })
const ProductInput = Schema.Struct({ ID: Schema.optional(Schema.String), Name: Schema.String })

const ops = {
  get: OrderCloudClient.operation({
    id: "Products.get",
    method: "GET",
    path: "/products/{productID}",
    body: undefined,
    response: Product
  }),
  save: OrderCloudClient.operation({
    id: "Products.save",
    method: "PUT",
    path: "/products/{productID}",
    body: ProductInput,
    response: Product
  }),
  patch: OrderCloudClient.operation({
    id: "Products.patch",
    method: "PATCH",
    path: "/products/{productID}",
    body: Schema.Struct({ Name: Schema.optional(Schema.String) }),
    response: Product
  }),
  delete: OrderCloudClient.operation({
    id: "Products.delete",
    method: "DELETE",
    path: "/products/{productID}",
    body: undefined,
    response: undefined
  }),
  submit: OrderCloudClient.operation({
    id: "Orders.submit",
    method: "POST",
    path: "/orders/{direction}/{orderID}/submit",
    body: undefined,
    response: Product
  }),
  create: OrderCloudClient.operation({
    id: "Products.create",
    method: "POST",
    path: "/products",
    create: true,
    read: "/products/{productID}",
    body: ProductInput,
    response: Product
  })
}

type Call =
  | "GET"
  | "PUT"
  | "PATCH"
  | "DELETE"
  | "POST"
  | "POST create with ID"
  | "POST create without ID"
  | "POST create with empty ID"

const call = (
  kind: Call
): Effect.Effect<unknown, OrderCloudError.OrderCloudError, OrderCloudClient.OrderCloudClient | Session> => {
  switch (kind) {
    case "GET":
      return OrderCloudClient.execute(ops.get, { path: { productID: "p1" } })
    case "PUT":
      return OrderCloudClient.execute(ops.save, { path: { productID: "p1" }, body: { ID: "p1", Name: "Shirt" } })
    case "PATCH":
      return OrderCloudClient.execute(ops.patch, { path: { productID: "p1" }, body: { Name: "Shirt" } })
    case "DELETE":
      return OrderCloudClient.execute(ops.delete, { path: { productID: "p1" } })
    case "POST":
      return OrderCloudClient.execute(ops.submit, { path: { direction: "Outgoing", orderID: "o1" } })
    case "POST create with ID":
      return OrderCloudClient.execute(ops.create, { body: { ID: "p1", Name: "Shirt" } })
    case "POST create without ID":
      return OrderCloudClient.execute(ops.create, { body: { Name: "Shirt" } })
    case "POST create with empty ID":
      return OrderCloudClient.execute(ops.create, { body: { ID: "", Name: "Shirt" } })
  }
}

// ---------------------------------------------------------------------------
// Server answers

/** A status (200 answers a product), a status with `Retry-After`, or no answer at all. */
type Reply =
  | number
  | { readonly status: number; readonly retryAfter: string }
  | "reset" // the connection is reset: fetch rejects
  | "cut" // headers arrive, then the body stream fails part-way

const answer = (reply: Reply): Response => {
  if (reply === "reset") throw new TypeError("fetch failed: connection reset")
  if (reply === "cut") {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{\"ID\":\"p1\""))
        controller.error(new TypeError("terminated: other side closed"))
      }
    })
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } })
  }
  const status = typeof reply === "number" ? reply : reply.status
  const headers: Record<string, string> = typeof reply === "number" ? {} : { "retry-after": reply.retryAfter }
  return status < 300
    ? json(status, { ID: "p1", Name: "Shirt" }, headers)
    : json(status, { Errors: [{ ErrorCode: `Status${status}`, Message: "try later" }] }, headers)
}

// ---------------------------------------------------------------------------
// Driving the TestClock

interface Run {
  readonly result: Either.Either<unknown, OrderCloudError.OrderCloudError>
  /** Clock time of each request the server received, relative to the start. */
  readonly attemptsAt: ReadonlyArray<number>
  /** Clock time at which the call ended, relative to the start. */
  readonly endedAt: number
}

const run = (options: {
  readonly call: Call
  readonly replies: ReadonlyArray<Reply>
  readonly retry: Retry.Options
  readonly timeout?: Duration.DurationInput | undefined
}): Effect.Effect<Run> =>
  Effect.gen(function*() {
    const clock = yield* TestClock.testClock()
    const start = clock.unsafeCurrentTimeMillis()
    const attemptsAt: Array<number> = []
    const srv = server((_request, index) => {
      attemptsAt.push(clock.unsafeCurrentTimeMillis() - start)
      return answer(options.replies[Math.min(index, options.replies.length - 1)]!)
    })
    const fiber = yield* call(options.call).pipe(
      Effect.either,
      Effect.zip(Clock.currentTimeMillis),
      Effect.provide(Layer.orDie(clientLayer(srv, {
        middleware: [Retry.middleware(options.retry)],
        ...(options.timeout === undefined ? {} : { config: { timeout: options.timeout } })
      }))),
      Effect.fork
    )
    const [result, end] = yield* runToEnd(fiber)
    assert.strictEqual(srv.requests.length, attemptsAt.length)
    return { result, attemptsAt, endedAt: end - start }
  })

const outcomeOf = (result: Either.Either<unknown, OrderCloudError.OrderCloudError>): string =>
  Either.isRight(result) ? "success" : result.left._tag

// ---------------------------------------------------------------------------
// The table

interface Case {
  readonly name: string
  readonly call?: Call
  readonly replies: ReadonlyArray<Reply>
  /** Merged over `{ jitter: false }` so waits are exact. */
  readonly options?: Retry.Options
  readonly timeout?: Duration.DurationInput
  /** TestClock time (epoch millis) when the call starts. */
  readonly startAt?: number
  readonly outcome: "success" | OrderCloudError.OrderCloudError["_tag"]
  readonly attempts: number
  /** Millis waited between consecutive attempts. */
  readonly delays: ReadonlyArray<number>
}

const retriedStatuses: ReadonlyArray<readonly [number, OrderCloudError.OrderCloudError["_tag"]]> = [
  [408, "UnexpectedStatus"],
  [429, "TooManyRequests"],
  [500, "InternalServerError"],
  [502, "ServiceUnavailable"],
  [503, "ServiceUnavailable"],
  [504, "ServiceUnavailable"]
]

const finalStatuses: ReadonlyArray<readonly [number, OrderCloudError.OrderCloudError["_tag"]]> = [
  [400, "BadRequest"],
  [401, "Unauthorized"],
  [403, "Forbidden"],
  [404, "NotFound"],
  [409, "Conflict"],
  [501, "UnexpectedStatus"]
]

const httpDateStart = Date.parse("2026-10-21T07:28:00.000Z")

const cases: ReadonlyArray<Case> = [
  // statuses
  ...retriedStatuses.map(([status]): Case => ({
    name: `${status} is retried and the next answer wins`,
    replies: [status, 200],
    outcome: "success",
    attempts: 2,
    delays: [200]
  })),
  ...retriedStatuses.map(([status, tag]): Case => ({
    name: `${status} on every attempt ends with ${tag} after 3 attempts`,
    replies: [status],
    outcome: tag,
    attempts: 3,
    delays: [200, 400]
  })),
  ...finalStatuses.map(([status, tag]): Case => ({
    name: `${status} is not retried: ${tag} after 1 attempt`,
    replies: [status, 200],
    outcome: tag,
    attempts: 1,
    delays: []
  })),
  {
    name: "the error is that of the last answer, not the first",
    replies: [503, 503, 500],
    outcome: "InternalServerError",
    attempts: 3,
    delays: [200, 400]
  },
  {
    name: "a retried status followed by a final one stops at the final one",
    replies: [503, 404, 200],
    outcome: "NotFound",
    attempts: 2,
    delays: [200]
  },
  // transport
  {
    name: "a connection reset is retried, then the answer wins",
    replies: ["reset", 200],
    outcome: "success",
    attempts: 2,
    delays: [200]
  },
  {
    name: "connection resets on every attempt end with TransportError after 3 attempts",
    replies: ["reset"],
    outcome: "TransportError",
    attempts: 3,
    delays: [200, 400]
  },
  {
    name: "a body cut short is retried, then the answer wins",
    replies: ["cut", 200],
    outcome: "success",
    attempts: 2,
    delays: [200]
  },
  // methods
  { name: "GET is retried", call: "GET", replies: [503, 200], outcome: "success", attempts: 2, delays: [200] },
  { name: "PUT is retried", call: "PUT", replies: [503, 200], outcome: "success", attempts: 2, delays: [200] },
  { name: "PATCH is retried", call: "PATCH", replies: [503, 200], outcome: "success", attempts: 2, delays: [200] },
  { name: "DELETE is retried", call: "DELETE", replies: [503, 200], outcome: "success", attempts: 2, delays: [200] },
  {
    name: "POST is not retried after a 503",
    call: "POST",
    replies: [503, 200],
    outcome: "ServiceUnavailable",
    attempts: 1,
    delays: []
  },
  {
    name: "POST is not retried after a connection reset",
    call: "POST",
    replies: ["reset", 200],
    outcome: "TransportError",
    attempts: 1,
    delays: []
  },
  {
    name: "POST is retried after a 429 (the request was not processed), honouring Retry-After",
    call: "POST",
    replies: [{ status: 429, retryAfter: "2" }, 200],
    outcome: "success",
    attempts: 2,
    delays: [2000]
  },
  {
    name: "POST is retried after a 429 with no Retry-After, after the backoff",
    call: "POST",
    replies: [429, 429, 200],
    outcome: "success",
    attempts: 3,
    delays: [200, 400]
  },
  {
    name: "POST that keeps getting 429 ends with TooManyRequests after maxAttempts",
    call: "POST",
    replies: [429],
    outcome: "TooManyRequests",
    attempts: 3,
    delays: [200, 400]
  },
  {
    name: "without createIds, a POST that creates without an ID is still retried after a 429",
    call: "POST create without ID",
    options: { createIds: false },
    replies: [{ status: 429, retryAfter: "1" }, 201],
    outcome: "success",
    attempts: 2,
    delays: [1000]
  },
  {
    name: "POST that creates with a client-chosen ID is retried",
    call: "POST create with ID",
    replies: [503, 200],
    outcome: "success",
    attempts: 2,
    delays: [200]
  },
  {
    name: "POST that creates without an ID gets one (createIds, the default) and is retried",
    call: "POST create without ID",
    replies: [503, 200],
    outcome: "success",
    attempts: 2,
    delays: [200]
  },
  {
    name: "POST that creates with an empty ID gets one (createIds, the default) and is retried",
    call: "POST create with empty ID",
    replies: ["reset", 200],
    outcome: "success",
    attempts: 2,
    delays: [200]
  },
  {
    name: "without createIds, a POST that creates without an ID is not retried after a 503",
    call: "POST create without ID",
    options: { createIds: false },
    replies: [503, 200],
    outcome: "ServiceUnavailable",
    attempts: 1,
    delays: []
  },
  {
    name: "without createIds, a POST that creates without an ID is not retried after a connection reset",
    call: "POST create without ID",
    options: { createIds: false },
    replies: ["reset", 200],
    outcome: "TransportError",
    attempts: 1,
    delays: []
  },
  {
    name: "without createIds, a POST that creates with an empty ID is not retried",
    call: "POST create with empty ID",
    options: { createIds: false },
    replies: [503, 200],
    outcome: "ServiceUnavailable",
    attempts: 1,
    delays: []
  },
  // backoff
  {
    name: "backoff doubles from baseDelay",
    replies: [503],
    options: { baseDelay: Duration.millis(100), maxAttempts: 5 },
    outcome: "ServiceUnavailable",
    attempts: 5,
    delays: [100, 200, 400, 800]
  },
  {
    name: "backoff is capped at maxDelay",
    replies: [503],
    options: { baseDelay: Duration.seconds(1), maxDelay: Duration.millis(1500), maxAttempts: 4 },
    outcome: "ServiceUnavailable",
    attempts: 4,
    delays: [1000, 1500, 1500]
  },
  {
    name: "maxAttempts 1 never retries",
    replies: [503, 200],
    options: { maxAttempts: 1 },
    outcome: "ServiceUnavailable",
    attempts: 1,
    delays: []
  },
  // Retry-After
  {
    name: "Retry-After: 5 waits exactly 5000ms",
    replies: [{ status: 503, retryAfter: "5" }, 200],
    outcome: "success",
    attempts: 2,
    delays: [5000]
  },
  {
    name: "Retry-After on a 429 replaces the backoff",
    replies: [{ status: 429, retryAfter: "2" }, { status: 429, retryAfter: "3" }, 200],
    outcome: "success",
    attempts: 3,
    delays: [2000, 3000]
  },
  {
    name: "Retry-After as an HTTP date waits until that date on the Clock",
    startAt: httpDateStart,
    replies: [{ status: 503, retryAfter: "Wed, 21 Oct 2026 07:28:07 GMT" }, 200],
    outcome: "success",
    attempts: 2,
    delays: [7000]
  },
  {
    name: "Retry-After as an HTTP date in the past retries without waiting",
    startAt: httpDateStart,
    replies: [{ status: 503, retryAfter: "Wed, 21 Oct 2026 07:27:00 GMT" }, 200],
    outcome: "success",
    attempts: 2,
    delays: [0]
  },
  ...["soon", "1.5", "-3", "", "Someday, 99 Foo 2026"].map((value): Case => ({
    name: `an invalid Retry-After (${JSON.stringify(value)}) falls back to the backoff`,
    replies: [{ status: 503, retryAfter: value }, 200],
    outcome: "success",
    attempts: 2,
    delays: [200]
  })),
  {
    name: "Retry-After above maxRetryAfter is clamped to it",
    replies: [{ status: 503, retryAfter: "120" }, 200],
    options: { maxRetryAfter: Duration.seconds(3) },
    timeout: Duration.minutes(10),
    outcome: "success",
    attempts: 2,
    delays: [3000]
  },
  {
    name: "an HTTP-date Retry-After above maxRetryAfter is clamped to it",
    startAt: httpDateStart,
    replies: [{ status: 503, retryAfter: "Wed, 21 Oct 2026 08:28:00 GMT" }, 200],
    options: { maxRetryAfter: Duration.seconds(4) },
    timeout: Duration.minutes(10),
    outcome: "success",
    attempts: 2,
    delays: [4000]
  },
  // the deadline
  {
    name: "a Retry-After that would outlast the deadline is not waited: the 503 is returned at once",
    replies: [{ status: 503, retryAfter: "30" }, 200],
    timeout: Duration.seconds(10),
    outcome: "ServiceUnavailable",
    attempts: 1,
    delays: []
  },
  {
    name: "a Retry-After ending exactly at the deadline is not waited",
    replies: [{ status: 503, retryAfter: "10" }, 200],
    timeout: Duration.seconds(10),
    outcome: "ServiceUnavailable",
    attempts: 1,
    delays: []
  },
  {
    name: "a Retry-After ending before the deadline is waited",
    replies: [{ status: 503, retryAfter: "9" }, 200],
    timeout: Duration.seconds(10),
    outcome: "success",
    attempts: 2,
    delays: [9000]
  },
  {
    name: "a backoff wait that would outlast the deadline is not taken: the last answer is returned",
    replies: [503],
    options: { baseDelay: Duration.seconds(4) },
    timeout: Duration.seconds(10),
    outcome: "ServiceUnavailable",
    attempts: 2,
    delays: [4000]
  }
]

describe("Retry", () => {
  it("the table covers every retried and every final status", () => {
    assert.deepStrictEqual([...Retry.defaultStatuses].sort(), retriedStatuses.map(([status]) => status).sort())
    for (const c of cases) assert.strictEqual(c.delays.length, c.attempts - 1, c.name)
  })

  describe("table: answers -> outcome, attempts, waits", () => {
    for (const c of cases) {
      it.effect(c.name, () =>
        Effect.gen(function*() {
          if (c.startAt !== undefined) yield* TestClock.setTime(c.startAt)
          const { attemptsAt, endedAt, result } = yield* run({
            call: c.call ?? "GET",
            replies: c.replies,
            retry: { jitter: false, ...c.options },
            timeout: c.timeout
          })
          const delays = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!)
          assert.deepStrictEqual(
            { outcome: outcomeOf(result), attempts: attemptsAt.length, delays },
            { outcome: c.outcome, attempts: c.attempts, delays: [...c.delays] }
          )
          // The call ends with the last answer: no wait after it.
          assert.strictEqual(endedAt, attemptsAt[attemptsAt.length - 1])
        }))
    }
  })

  it.effect("full jitter: each wait is somewhere between 0 and its capped step, and they vary", () =>
    Effect.gen(function*() {
      const seen: Array<number> = []
      for (let seed = 1; seed <= 8; seed++) {
        const { attemptsAt, result } = yield* run({
          call: "GET",
          replies: [503],
          retry: { baseDelay: Duration.seconds(1), maxDelay: Duration.millis(1500), maxAttempts: 4 }
        }).pipe(Effect.withRandom(Random.make(seed)))
        assert.strictEqual(outcomeOf(result), "ServiceUnavailable")
        assert.strictEqual(attemptsAt.length, 4)
        const delays = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!)
        const caps = [1000, 1500, 1500]
        delays.forEach((delay, i) => {
          assert.isAtLeast(delay, 0)
          assert.isAtMost(delay, caps[i]!)
        })
        seen.push(...delays)
      }
      assert.isAbove(new Set(seen).size, 4, `waits did not vary: ${seen.join(", ")}`)
      assert.isTrue(seen.some((delay) => delay < 1000), "no wait was below the first step")
    }))

  describe("retry budget", () => {
    /** `flaky`: 503 on the first attempt of each call, then 200. */
    type Mode = "down" | "up" | "reset" | "flaky"

    /** One client (one budget) answering 503 or 200 as the test says. */
    const budgetRun = (options: Retry.Options) =>
      Effect.gen(function*() {
        let mode: Mode = "down"
        let callStart = 0
        const srv = server((_request, index) =>
          answer(
            mode === "down" ? 503 : mode === "reset" ? "reset" : mode === "flaky" && index === callStart ? 503 : 200
          )
        )
        const layer = clientLayer(srv, {
          middleware: [Retry.middleware({ jitter: false, baseDelay: Duration.millis(100), ...options })]
        })
        // Built once: every call below shares the client, hence the budget.
        const context = yield* Effect.provide(Effect.context<OrderCloudClient.OrderCloudClient | Session>(), layer)
        const attempt = (next: Mode) =>
          Effect.gen(function*() {
            mode = next
            const before = srv.requests.length
            callStart = before
            const fiber = yield* Effect.fork(Effect.either(Effect.provide(call("GET"), context)))
            const result = yield* runToEnd(fiber)
            return { outcome: outcomeOf(result), requests: srv.requests.length - before }
          })
        return attempt
      })

    it.effect("a storm of 503s spends the budget, then calls fail at once with no retry", () =>
      Effect.gen(function*() {
        const attempt = yield* budgetRun({ budget: { capacity: 10, retryCost: 5, successReward: 1 } })
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 3 })
        for (let i = 0; i < 5; i++) {
          assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 1 })
        }
      }))

    it.effect("without a budget every call of the storm is retried", () =>
      Effect.gen(function*() {
        const attempt = yield* budgetRun({ budget: false })
        for (let i = 0; i < 6; i++) {
          assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 3 })
        }
      }))

    it.effect("first-attempt successes earn tokens back, buying retries again", () =>
      Effect.gen(function*() {
        const attempt = yield* budgetRun({ budget: { capacity: 10, retryCost: 5, successReward: 1 } })
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 3 })
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 1 })
        for (let i = 0; i < 4; i++) assert.deepStrictEqual(yield* attempt("up"), { outcome: "success", requests: 1 })
        // 4 tokens: not yet enough for a retry.
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 1 })
        assert.deepStrictEqual(yield* attempt("up"), { outcome: "success", requests: 1 })
        // 5 tokens: one retry.
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 2 })
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 1 })
      }))

    it.effect("a call that succeeds after a retry gives back what its retry cost", () =>
      Effect.gen(function*() {
        const attempt = yield* budgetRun({ budget: { capacity: 10, retryCost: 5, successReward: 0 } })
        // Without the refund the third call would find the bucket empty.
        for (let i = 0; i < 4; i++) assert.deepStrictEqual(yield* attempt("flaky"), { outcome: "success", requests: 2 })
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 3 })
      }))

    it.effect("tokens never exceed the capacity", () =>
      Effect.gen(function*() {
        const attempt = yield* budgetRun({ budget: { capacity: 10, retryCost: 5, successReward: 5 } })
        for (let i = 0; i < 5; i++) assert.deepStrictEqual(yield* attempt("up"), { outcome: "success", requests: 1 })
        // Still 10 tokens, not 35: two retries, then none left.
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 3 })
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 1 })
      }))

    it.effect("transport failures cost more than error statuses", () =>
      Effect.gen(function*() {
        const attempt = yield* budgetRun({
          budget: { capacity: 10, retryCost: 5, transportErrorCost: 10, successReward: 0 }
        })
        // One transport retry takes all 10 tokens.
        assert.deepStrictEqual(yield* attempt("reset"), { outcome: "TransportError", requests: 2 })
        assert.deepStrictEqual(yield* attempt("down"), { outcome: "ServiceUnavailable", requests: 1 })
      }))
  })

  describe("creates: a client-chosen ID, and the object an unanswered attempt wrote", () => {
    /**
     * What happens to a create: `ok` stores and answers 201; `written-reset`
     * and `written-cut` store it, then the answer is lost (connection reset,
     * body cut); `reset`, `429`, `503` turn it away unstored.
     */
    type Fate = "ok" | "written-reset" | "written-cut" | "reset" | 429 | 503

    const cut = (body: string): Response =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(body.slice(0, 5)))
            controller.error(new TypeError("terminated: other side closed"))
          }
        }),
        { status: 201, headers: { "content-type": "application/json" } }
      )

    /** A small OrderCloud for `/products`: creates meet their fates in order, then `ok`; reads always answer. */
    const orderCloud = (
      fates: ReadonlyArray<Fate>,
      existing: ReadonlyArray<{ ID: string; Name: string }> = [],
      reads: "answer" | 503 | "reset" = "answer"
    ) => {
      const store = new Map(existing.map((product) => [product.ID, product]))
      let creates = 0
      const srv = server(async (request) => {
        const path = new URL(request.url).pathname
        if (request.method === "GET") {
          if (reads === 503) return json(503, { Errors: [{ ErrorCode: "Busy", Message: "later" }] })
          if (reads === "reset") throw new TypeError("fetch failed: connection reset")
          const found = store.get(decodeURIComponent(path.slice("/v1/products/".length)))
          return found === undefined
            ? json(404, { Errors: [{ ErrorCode: "NotFound", Message: "not found" }] })
            : json(200, { ...found, DateCreated: "2026-01-01T00:00:00+00:00" })
        }
        const fate = fates[creates++] ?? "ok"
        if (fate === 429 || fate === 503) return json(fate, { Errors: [{ ErrorCode: "Busy", Message: "later" }] })
        if (fate === "reset") throw new TypeError("fetch failed: connection reset")
        const body = (await request.json()) as { ID?: string; Name: string }
        const id = body.ID ?? "server-chosen"
        if (store.has(id)) return json(409, { Errors: [{ ErrorCode: "IdExists", Message: "ID exists" }] })
        const created = { ...body, ID: id }
        store.set(id, created)
        if (fate === "written-reset") throw new TypeError("fetch failed: connection reset")
        if (fate === "written-cut") return cut(JSON.stringify(created))
        return json(201, created)
      })
      return { srv, store }
    }

    const create = (
      srv: ReturnType<typeof server>,
      body: Schema.Schema.Type<typeof ProductInput>,
      retry: Retry.Options = {}
    ) =>
      Effect.gen(function*() {
        const fiber = yield* OrderCloudClient.execute(ops.create, { body }).pipe(
          Effect.either,
          Effect.provide(
            Layer.orDie(clientLayer(srv, { middleware: [Retry.middleware({ jitter: false, ...retry })] }))
          ),
          Effect.fork
        )
        return yield* runToEnd(fiber)
      })

    const requests = (srv: ReturnType<typeof server>) =>
      srv.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)

    it.effect("a create without an ID gets one in OrderCloud's shape, the same on every attempt", () =>
      Effect.gen(function*() {
        const { srv } = orderCloud([503, "reset"])
        const result = yield* create(srv, { Name: "Shirt" })
        const ids = srv.requests.map((r) => String((JSON.parse(r.body) as { ID?: unknown }).ID))
        assert.strictEqual(ids.length, 3)
        assert.match(ids[0]!, /^[A-Za-z0-9_-]{22}$/)
        assert.deepStrictEqual(new Set(ids).size, 1)
        assert.deepStrictEqual(result, Either.right({ ID: ids[0], Name: "Shirt" }))
      }))

    it.effect("generated IDs differ from call to call", () =>
      Effect.gen(function*() {
        const { srv, store } = orderCloud([])
        for (let i = 0; i < 20; i++) yield* create(srv, { Name: "Shirt" })
        assert.strictEqual(store.size, 20)
      }))

    it.effect("an ID the caller gives is kept", () =>
      Effect.gen(function*() {
        const { srv } = orderCloud([503])
        const result = yield* create(srv, { ID: "mine", Name: "Shirt" })
        assert.deepStrictEqual(srv.requests.map((r) => JSON.parse(r.body)), [
          { ID: "mine", Name: "Shirt" },
          { ID: "mine", Name: "Shirt" }
        ])
        assert.deepStrictEqual(result, Either.right({ ID: "mine", Name: "Shirt" }))
      }))

    it.effect("without createIds the body is sent as given: no ID, the server chooses", () =>
      Effect.gen(function*() {
        const { srv } = orderCloud([])
        const result = yield* create(srv, { Name: "Shirt" }, { createIds: false })
        assert.deepStrictEqual(srv.requests.map((r) => JSON.parse(r.body)), [{ Name: "Shirt" }])
        assert.deepStrictEqual(result, Either.right({ ID: "server-chosen", Name: "Shirt" }))
      }))

    for (
      const [fate, given] of [["written-reset", "mine"], ["written-cut", "mine"], ["written-reset", undefined], [
        "written-cut",
        undefined
      ]] as const
    ) {
      it.effect(`written, then the answer lost (${fate}), ${given === undefined ? "client-chosen ID" : "caller's ID"}: success with the object, not IdExists`, () =>
        Effect.gen(function*() {
          const { srv, store } = orderCloud([fate])
          const result = yield* create(srv, given === undefined ? { Name: "Shirt" } : { ID: given, Name: "Shirt" })
          assert.strictEqual(store.size, 1)
          const [stored] = store.values()
          assert.deepStrictEqual(result, Either.right({ ID: stored!.ID, Name: "Shirt" }))
          assert.deepStrictEqual(requests(srv), [
            "POST /v1/products",
            "POST /v1/products",
            `GET /v1/products/${stored!.ID}`
          ])
        }))
    }

    it.effect("a genuine IdExists (another object, other content, under the ID) still fails with Conflict", () =>
      Effect.gen(function*() {
        const { srv, store } = orderCloud(["reset"], [{ ID: "mine", Name: "Someone else's" }])
        const result = yield* create(srv, { ID: "mine", Name: "Shirt" })
        assert.strictEqual(Either.isLeft(result) ? result.left._tag : "success", "Conflict")
        assert.deepStrictEqual(requests(srv), ["POST /v1/products", "POST /v1/products", "GET /v1/products/mine"])
        assert.deepStrictEqual(store.get("mine"), { ID: "mine", Name: "Someone else's" })
      }))

    for (const reads of [503, "reset"] as const) {
      it.effect(`written, answer lost, and the read-back fails too (${reads}): that failure, not a Conflict that says it was not written`, () =>
        Effect.gen(function*() {
          const { srv, store } = orderCloud(["written-reset"], [], reads)
          const result = yield* create(srv, { ID: "mine", Name: "Shirt" })
          assert.strictEqual(store.size, 1)
          assert.strictEqual(
            Either.isLeft(result) ? result.left._tag : "success",
            reads === 503 ? "ServiceUnavailable" : "TransportError"
          )
          assert.deepStrictEqual(requests(srv).slice(0, 3), [
            "POST /v1/products",
            "POST /v1/products",
            "GET /v1/products/mine"
          ])
        }))
    }

    it.effect("IdExists on the first attempt is a Conflict, with no read-back", () =>
      Effect.gen(function*() {
        const { srv } = orderCloud([], [{ ID: "mine", Name: "Shirt" }])
        const result = yield* create(srv, { ID: "mine", Name: "Shirt" })
        assert.strictEqual(Either.isLeft(result) ? result.left._tag : "success", "Conflict")
        assert.deepStrictEqual(requests(srv), ["POST /v1/products"])
      }))

    it("an object read back holds what was sent: sent fields equal, server fields ignored, write-only fields skipped", () => {
      const sent = {
        ID: "p1",
        Name: "Shirt",
        Password: "never returned",
        Active: true,
        xp: { tags: ["a", "b"], size: { w: 1 } },
        StartDate: "2026-01-01T10:00:00.000Z"
      }
      const found = {
        ID: "p1",
        Name: "Shirt",
        Active: true,
        xp: { tags: ["a", "b"], size: { w: 1 } },
        StartDate: "2026-01-01T10:00:00+00:00",
        DateCreated: "2026-01-02T00:00:00+00:00"
      }
      assert.isTrue(Create.holds(found, sent))
      const differing: ReadonlyArray<readonly [string, unknown]> = [
        ["Name", "Other"],
        ["Active", false],
        ["xp", { tags: ["a"], size: { w: 1 } }],
        ["xp", { tags: ["a", "b"], size: { w: 2 } }],
        ["StartDate", "2026-01-01T11:00:00+00:00"],
        ["Name", null]
      ]
      for (const [field, value] of differing) {
        assert.isFalse(Create.holds({ ...found, [field]: value }, sent), `${field}: ${JSON.stringify(value)}`)
      }
    })

    it.effect("IdExists after only 429s is a Conflict: a 429 was not processed, so the object is not ours", () =>
      Effect.gen(function*() {
        const { srv } = orderCloud([429], [{ ID: "mine", Name: "Shirt" }])
        const result = yield* create(srv, { ID: "mine", Name: "Shirt" })
        assert.strictEqual(Either.isLeft(result) ? result.left._tag : "success", "Conflict")
        assert.deepStrictEqual(requests(srv), ["POST /v1/products", "POST /v1/products"])
      }))
  })
})
