/**
 * The deadline: the config `timeout` bounds the whole logical call (every
 * attempt, every wait between attempts, reading the body) and ends it with
 * the typed `Timeout` error, aborting the request in flight. A middleware
 * can give the attempts inside it a stricter deadline by passing `next` a
 * changed call; it cannot extend the call's.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as Middleware from "../src/Middleware.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import type * as OrderCloudError from "../src/OrderCloudError.js"
import * as Retry from "../src/Retry.js"
import { macrotask, runToEnd } from "./utils/clock.js"
import { getProduct } from "./utils/operations.js"
import type { Handler } from "./utils/server.js"
import { clientLayer, json, server } from "./utils/server.js"

// ---------------------------------------------------------------------------
// Misbehaving servers

const encoder = new TextEncoder()

/** Headers arrive, one chunk of body, then nothing: the stream never closes. */
const stalledBody = (): Response =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("{\"ID\":\"p1\","))
      }
    }),
    { status: 200, headers: { "content-type": "application/json" } }
  )

/**
 * A body that keeps sending one byte at a time and never ends. It stops
 * (erroring, as fetch does) once the request is aborted; the bound only
 * guards the test run if it never is.
 */
const tricklingBody = (signal: AbortSignal, sent: { chunks: number }): Response =>
  new Response(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0))
        if (signal.aborted || sent.chunks >= 5_000) {
          controller.error(new DOMException("The operation was aborted.", "AbortError"))
          return
        }
        sent.chunks++
        controller.enqueue(encoder.encode(" "))
      }
    }),
    { status: 200, headers: { "content-type": "application/json" } }
  )

/** No headers ever: the answer only settles (rejects) when the request is aborted. */
const noAnswer = (request: Request): Promise<Response> =>
  new Promise<Response>((_resolve, reject) => {
    if (request.signal.aborted) reject(request.signal.reason)
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true })
  })

interface Run {
  readonly result: Either.Either<unknown, OrderCloudError.OrderCloudError>
  readonly attemptsAt: ReadonlyArray<number>
  readonly endedAt: number
  readonly signals: ReadonlyArray<AbortSignal>
}

const run = (options: {
  readonly handler: (request: Request, index: number) => Response | Promise<Response>
  readonly timeout: Duration.DurationInput
  readonly middleware?: ReadonlyArray<Middleware.Definition>
}): Effect.Effect<Run> =>
  Effect.gen(function*() {
    const clock = yield* TestClock.testClock()
    const start = clock.unsafeCurrentTimeMillis()
    const attemptsAt: Array<number> = []
    const signals: Array<AbortSignal> = []
    const handler: Handler = (request, index) => {
      attemptsAt.push(clock.unsafeCurrentTimeMillis() - start)
      signals.push(request.signal)
      return options.handler(request, index)
    }
    const srv = server(handler)
    const fiber = yield* OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }).pipe(
      Effect.either,
      Effect.zip(Clock.currentTimeMillis),
      Effect.provide(
        Layer.orDie(clientLayer(srv, { middleware: options.middleware ?? [], config: { timeout: options.timeout } }))
      ),
      Effect.fork
    )
    const [result, end] = yield* runToEnd(fiber)
    return { result, attemptsAt, endedAt: end - start, signals }
  })

/** The abort reaches the request just after the call ends: give it a few turns (bounded). */
const assertAborted = (signal: AbortSignal, what: string) =>
  Effect.gen(function*() {
    for (let i = 0; i < 50 && !signal.aborted; i++) yield* macrotask
    assert.isTrue(signal.aborted, what)
  })

const assertTimeout = (result: Either.Either<unknown, OrderCloudError.OrderCloudError>, timeoutMillis: number) => {
  assert.isTrue(Either.isLeft(result), "the call succeeded")
  if (Either.isRight(result)) return
  const error = result.left
  assert.strictEqual(error._tag, "Timeout", `expected Timeout, got ${error._tag}: ${error.message}`)
  if (error._tag !== "Timeout") return
  assert.strictEqual(error.timeoutMillis, timeoutMillis)
  assert.strictEqual(error.method, "GET")
  assert.strictEqual(error.url, "https://api.test.example/v1/products/p1")
}

describe("deadline", () => {
  it.effect("a body that never ends fails with Timeout at the deadline and aborts the request", () =>
    Effect.gen(function*() {
      const { attemptsAt, endedAt, result, signals } = yield* run({
        handler: stalledBody,
        timeout: Duration.seconds(5)
      })
      assertTimeout(result, 5000)
      assert.strictEqual(endedAt, 5000)
      assert.deepStrictEqual(attemptsAt, [0])
      yield* assertAborted(signals[0]!, "the fetch signal was not aborted")
    }))

  it.effect("a body that trickles forever fails with Timeout at the deadline and stops being read", () =>
    Effect.gen(function*() {
      const sent = { chunks: 0 }
      const { endedAt, result, signals } = yield* run({
        handler: (request) => tricklingBody(request.signal, sent),
        timeout: Duration.seconds(5)
      })
      assertTimeout(result, 5000)
      assert.strictEqual(endedAt, 5000)
      assert.isAbove(sent.chunks, 0, "the body never started trickling")
      yield* assertAborted(signals[0]!, "the fetch signal was not aborted")
      // Aborting ends the stream: no more chunks are pulled afterwards.
      const after = sent.chunks
      for (let i = 0; i < 5; i++) yield* macrotask
      assert.strictEqual(sent.chunks, after)
    }))

  it.effect("headers that never come fail with Timeout at the deadline and abort the request", () =>
    Effect.gen(function*() {
      const { endedAt, result, signals } = yield* run({ handler: noAnswer, timeout: Duration.millis(1500) })
      assertTimeout(result, 1500)
      assert.strictEqual(endedAt, 1500)
      yield* assertAborted(signals[0]!, "the fetch signal was not aborted")
    }))

  it.effect("the deadline covers the whole call: a retry that stalls ends at the first attempt's deadline", () =>
    Effect.gen(function*() {
      const { attemptsAt, endedAt, result, signals } = yield* run({
        handler: (_request, index) => index === 0 ? json(503, {}) : stalledBody(),
        timeout: Duration.seconds(5),
        middleware: [Retry.middleware({ jitter: false, baseDelay: Duration.seconds(2) })]
      })
      assertTimeout(result, 5000)
      assert.deepStrictEqual(attemptsAt, [0, 2000])
      // One deadline for the call, not 5 s per attempt (which would end at 7000).
      assert.strictEqual(endedAt, 5000)
      yield* assertAborted(signals[1]!, "the stalled attempt was not aborted")
    }))

  it.effect("retry waits that outlast the deadline are not taken: the last status error is returned", () =>
    Effect.gen(function*() {
      const { attemptsAt, endedAt, result } = yield* run({
        handler: () => json(503, {}),
        timeout: Duration.seconds(10),
        middleware: [Retry.middleware({ jitter: false, baseDelay: Duration.seconds(4), maxAttempts: 5 })]
      })
      assert.deepStrictEqual(Either.isLeft(result) ? result.left._tag : "success", "ServiceUnavailable")
      // 0, then 4000; the next wait (8000) would end at 12000, past 10000.
      assert.deepStrictEqual(attemptsAt, [0, 4000])
      assert.strictEqual(endedAt, 4000)
    }))

  it.effect("a call that completes before its deadline is not affected by it", () =>
    Effect.gen(function*() {
      const { attemptsAt, result } = yield* run({
        handler: (_request, index) => index < 2 ? json(503, {}) : json(200, { ID: "p1", Name: "Shirt" }),
        timeout: Duration.seconds(5),
        middleware: [Retry.middleware({ jitter: false, baseDelay: Duration.seconds(1) })]
      })
      assert.deepStrictEqual(result, Either.right({ ID: "p1", Name: "Shirt" }))
      assert.deepStrictEqual(attemptsAt, [0, 1000, 3000])
    }))

  it.effect("a Retry-After past the deadline is not waited: the status error is returned at once", () =>
    Effect.gen(function*() {
      const { attemptsAt, endedAt, result } = yield* run({
        handler: () => json(503, {}, { "retry-after": "5" }),
        timeout: Duration.seconds(3),
        middleware: [Retry.middleware({ jitter: false })]
      })
      assert.deepStrictEqual(Either.isLeft(result) ? result.left._tag : "success", "ServiceUnavailable")
      assert.deepStrictEqual(attemptsAt, [0])
      assert.strictEqual(endedAt, 0)
    }))

  describe("a stricter deadline from a middleware", () => {
    /** Gives the attempts inside it `millis` each, never more than the call has left. */
    const attemptDeadline = (millis: number): Middleware.Middleware => (call, request, next) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        next(request, {
          ...call,
          deadline: Math.min(call.deadline, now + millis),
          timeoutMillis: Math.min(call.timeoutMillis, millis)
        }))

    it.effect("a stricter deadline passed to next wins over the config timeout", () =>
      Effect.gen(function*() {
        const { endedAt, result, signals } = yield* run({
          handler: stalledBody,
          timeout: Duration.seconds(60),
          middleware: [attemptDeadline(2000)]
        })
        assertTimeout(result, 2000)
        assert.strictEqual(endedAt, 2000)
        yield* assertAborted(signals[0]!, "the fetch signal was not aborted")
      }))

    it.effect("a looser deadline does not extend the config timeout", () =>
      Effect.gen(function*() {
        const { endedAt, result } = yield* run({
          handler: stalledBody,
          timeout: Duration.seconds(3),
          middleware: [attemptDeadline(60_000)]
        })
        assertTimeout(result, 3000)
        assert.strictEqual(endedAt, 3000)
      }))

    it.effect("a Timeout is never retried, even with time left on the call", () =>
      Effect.gen(function*() {
        const { attemptsAt, endedAt, result } = yield* run({
          handler: stalledBody,
          timeout: Duration.seconds(60),
          middleware: [attemptDeadline(2000), Retry.middleware({ jitter: false })]
        })
        assertTimeout(result, 2000)
        assert.deepStrictEqual(attemptsAt, [0])
        assert.strictEqual(endedAt, 2000)
      }))
  })
})
