/**
 * Fault injection: seeded, switchable per sandbox, seen by the SDK as the
 * real failures would be (and retried by core's Retry middleware).
 *
 * In-process tests run on the TestClock: a call is forked and `settle`
 * lets it run, moving the clock to each pending timer (the sandbox's
 * latency, Retry's waits). Port-mode tests use a real socket and real time.
 */
import * as HttpApp from "@effect/platform/HttpApp"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Retry from "@ordercloud-effect/core/Retry"
import * as Transport from "@ordercloud-effect/core/Transport"
import { Buyers, Products } from "@ordercloud-effect/resources"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import type * as Faults from "../src/Faults.js"
import * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import * as Server from "../src/Server.js"
import { socketTimeout } from "./utils/modes.js"

// ---------------------------------------------------------------------------
// Helpers

const macrotask = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

/**
 * The WebCrypto work in flight (the sandbox signing and checking tokens).
 * It is the one part of an in-process call that runs off the event loop and
 * takes real time, so `settle` waits for it rather than count on it ending
 * within a few macrotasks: moving the clock meanwhile would fire the
 * client's timeout.
 */
const cryptoInFlight = new Set<Promise<unknown>>()
const tracked = ["generateKey", "sign", "verify"] as const
beforeAll(() => {
  const subtle = globalThis.crypto.subtle
  for (const name of tracked) {
    const original: (...args: never) => Promise<unknown> = subtle[name]
    Object.defineProperty(subtle, name, {
      configurable: true,
      value: (...args: Array<unknown>) => {
        const pending = Reflect.apply(original, subtle, args) as Promise<unknown>
        const done = () => cryptoInFlight.delete(pending)
        cryptoInFlight.add(pending)
        pending.then(done, done)
        return pending
      }
    })
  }
})
afterAll(() => {
  // The own properties hid the prototype's methods: removing them restores those.
  for (const name of tracked) Reflect.deleteProperty(globalThis.crypto.subtle, name)
})
const cryptoSettled = Effect.promise(() => Promise.allSettled(cryptoInFlight))

/**
 * Runs a forked effect to its end under the TestClock: let it settle, then
 * move the clock to the earliest pending timer; at most 20 steps, so a stuck
 * call fails instead of hanging. Returns the result and the clock time it took.
 */
const settle = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const start = yield* TestClock.currentTimeMillis
    const fiber = yield* Effect.fork(Effect.either(effect))
    let waited = 0
    for (let step = 0; step < 20; step++) {
      for (let tick = 0; tick < 10; tick++) {
        if (Option.isSome(yield* Fiber.poll(fiber))) {
          const result = yield* Fiber.join(fiber)
          return { result, took: (yield* TestClock.currentTimeMillis) - start }
        }
        if (cryptoInFlight.size > 0) {
          yield* cryptoSettled
          tick = 0
        }
        yield* macrotask
      }
      const pending = Chunk.toReadonlyArray(yield* TestClock.sleeps())
      if (pending.length === 0) return yield* Effect.dieMessage("blocked with no timer pending")
      const now = yield* TestClock.currentTimeMillis
      const next = Math.min(...pending)
      // Only the calls' deadlines (60 s) pending: a call is still in flight on a busy machine.
      if (next - now > 30_000 && ++waited <= 400) {
        step--
        continue
      }
      yield* TestClock.adjust(Duration.millis(next - now))
    }
    return yield* Effect.dieMessage("did not end within 20 clock steps")
  })

/** A reset rejects the fetch as Node's does: a `TypeError` caused by `ECONNRESET`. */
const isReset = (cause: unknown): boolean =>
  cause instanceof TypeError && typeof cause.cause === "object" && cause.cause !== null &&
  "code" in cause.cause && cause.cause.code === "ECONNRESET"

/** Sends one raw request through the transport in context (no deadline). */
const send = (request: Transport.Request) =>
  Effect.flatMap(Transport.Transport, (transport) => transport.send(request, new AbortController().signal))

/** What one raw request met: its status, a reset, or a body cut short. */
const outcome = (request: Transport.Request): Effect.Effect<number | "reset" | "truncated"> =>
  send(request).pipe(
    Effect.map((response) => response.status),
    Effect.catchTag("TransportFailure", (failure) =>
      Effect.succeed(isReset(failure.cause) ? "reset" as const : "truncated" as const))
  )

const productsRequest: Transport.Request = {
  method: "GET",
  url: `${Sandbox.defaultBaseUrl}/v1/products`,
  headers: {},
  body: undefined
}

/** `n` raw GETs (no token: 401 when not faulted) through a fresh in-process sandbox. */
const outcomes = (faults: Faults.Options, n: number) =>
  Effect.gen(function*() {
    const seen: Array<number | "reset" | "truncated"> = []
    for (let i = 0; i < n; i++) seen.push(yield* outcome(productsRequest))
    return seen
  }).pipe(Effect.provide(Sandbox.layer({ faults })))

const seller = Session.layerClientCredentials({
  clientID: Seed.adminClientID,
  clientSecret: Redacted.make(Seed.adminClientSecret),
  scope: ["FullAccess"]
})

/** Retry's middleware when options are given, else none. */
const retrying = (retry: Retry.Options | undefined) => retry === undefined ? [] : [Retry.middleware(retry)]

/** The SDK as the seller over a fresh in-process sandbox with faults, and Retry if given. */
const sdk = (faults: Faults.Options, retry?: Retry.Options) =>
  Layer.provideMerge(seller, Sandbox.layerClient({ faults, middleware: retrying(retry) }))

const noJitter: Retry.Options = { jitter: false, baseDelay: Duration.millis(100), budget: false }

// ---------------------------------------------------------------------------
// In-process

describe("the decision", () => {
  const mixed: Faults.Options = {
    seed: 7,
    throttle: { rate: 0.2 },
    unavailable: { rate: 0.2 },
    reset: { rate: 0.2 },
    truncate: { rate: 0.2 }
  }

  it.effect("the same seed and request order give the same faults; another seed, others", () =>
    Effect.gen(function*() {
      const first = yield* outcomes(mixed, 40)
      const again = yield* outcomes(mixed, 40)
      const other = yield* outcomes({ ...mixed, seed: 8 }, 40)
      assert.deepStrictEqual(again, first)
      assert.notDeepEqual(other, first)
      for (const kind of [401, 429, 503, "reset", "truncated"] as const) {
        assert.include(first, kind, `the sequence has ${kind}`)
      }
    }))

  it.effect("rate 0 injects nothing", () =>
    Effect.gen(function*() {
      const seen = yield* outcomes({
        seed: 1,
        throttle: { rate: 0 },
        unavailable: { rate: 0 },
        reset: { rate: 0 },
        truncate: { rate: 0 }
      }, 50)
      assert.deepStrictEqual(seen, Array(50).fill(401))
    }))

  it.effect("no faults option: the sandbox answers as usual", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* outcome(productsRequest), 401)
    }).pipe(Effect.provide(Sandbox.layer())))

  it.effect("maxFaults stops faults after that many, without shifting the sequence", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* outcomes({ seed: 1, unavailable: { rate: 1 }, maxFaults: 2 }, 4), [
        503,
        503,
        401,
        401
      ])
      const all = yield* outcomes({ ...mixed }, 20)
      const limited = yield* outcomes({ ...mixed, maxFaults: 3 }, 20)
      const firstFaults = all.flatMap((seen, i) => seen === 401 ? [] : [i]).slice(0, 3)
      assert.deepStrictEqual(
        limited,
        all.map((seen, i) => firstFaults.includes(i) ? seen : 401)
      )
    }))

  it.effect("429 and 503 carry OrderCloud's error body and Retry-After", () =>
    Effect.gen(function*() {
      const answer = (faults: Faults.Options) =>
        Effect.gen(function*() {
          const response = yield* send(productsRequest)
          return { status: response.status, headers: response.headers, body: JSON.parse(response.text) as unknown }
        }).pipe(Effect.provide(Sandbox.layer({ faults })))

      const throttled = yield* answer({ seed: 1, throttle: { rate: 1, retryAfter: 3 } })
      assert.strictEqual(throttled.status, 429)
      assert.strictEqual(throttled.headers["retry-after"], "3")
      assert.strictEqual(throttled.headers["content-type"], "application/json; charset=utf-8")
      assert.deepStrictEqual(throttled.body, {
        Errors: [{ ErrorCode: "TooManyRequests", Message: "Too many requests: retry later.", Data: null }]
      })

      const unavailable = yield* answer({ seed: 1, unavailable: { rate: 1 } })
      assert.strictEqual(unavailable.status, 503)
      assert.strictEqual(unavailable.headers["retry-after"], "1")
      assert.nestedPropertyVal(unavailable.body, "Errors[0].ErrorCode", "ServiceUnavailable")

      const bare = yield* answer({ seed: 1, unavailable: { rate: 1, retryAfter: false } })
      assert.strictEqual(bare.status, 503)
      assert.notProperty(bare.headers, "retry-after")
    }))

  it.effect("the auth endpoints are spared unless auth is true", () =>
    Effect.gen(function*() {
      const token: Transport.Request = {
        method: "POST",
        url: `${Sandbox.defaultBaseUrl}/oauth/token`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: Seed.adminClientID,
          client_secret: Seed.adminClientSecret,
          scope: "FullAccess"
        }).toString()
      }
      const statusOf = (faults: Faults.Options) => outcome(token).pipe(Effect.provide(Sandbox.layer({ faults })))
      assert.strictEqual(yield* statusOf({ seed: 1, unavailable: { rate: 1 } }), 200)
      assert.strictEqual(yield* statusOf({ seed: 1, unavailable: { rate: 1 }, auth: true }), 503)
    }))
})

describe("the SDK in-process", () => {
  it.effect("a 503 without Retry fails as ServiceUnavailable with its ErrorCode", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Products.list())
      assert.strictEqual(error._tag, "ServiceUnavailable")
      if (error._tag !== "ServiceUnavailable") return
      assert.strictEqual(error.status, 503)
      assert.strictEqual(error.errorCode, "ServiceUnavailable")
    }).pipe(Effect.provide(sdk({ seed: 1, unavailable: { rate: 1 } }))))

  it.effect("503 with Retry-After: Retry waits exactly that long, then succeeds", () =>
    Effect.gen(function*() {
      const { result, took } = yield* settle(Products.list())
      assert.strictEqual(result._tag, "Right")
      if (result._tag === "Right") assert.strictEqual(result.right.Meta.TotalCount, 5)
      assert.strictEqual(took, 2000)
    }).pipe(Effect.provide(sdk({ seed: 1, unavailable: { rate: 1, retryAfter: 2 }, maxFaults: 1 }, noJitter))))

  it.effect("429 with Retry-After: Retry waits exactly that long, then succeeds", () =>
    Effect.gen(function*() {
      const { result, took } = yield* settle(Products.list())
      assert.strictEqual(result._tag, "Right")
      assert.strictEqual(took, 5000)
    }).pipe(Effect.provide(sdk({ seed: 1, throttle: { rate: 1, retryAfter: 5 }, maxFaults: 1 }, noJitter))))

  it.effect("a reset is a TransportError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Products.list())
      assert.strictEqual(error._tag, "TransportError")
    }).pipe(Effect.provide(sdk({ seed: 1, reset: { rate: 1 } }))))

  it.effect("a reset GET is retried by Retry after its backoff", () =>
    Effect.gen(function*() {
      const { result, took } = yield* settle(Products.list())
      assert.strictEqual(result._tag, "Right")
      assert.strictEqual(took, 100)
    }).pipe(Effect.provide(sdk({ seed: 1, reset: { rate: 1 }, maxFaults: 1 }, noJitter))))

  it.effect("without createIds, a reset create without an ID is not retried (the write might have happened)", () =>
    Effect.gen(function*() {
      const { result } = yield* settle(Products.create({ Name: "No ID" }))
      assert.strictEqual(result._tag === "Left" ? result.left._tag : "Right", "TransportError")
    }).pipe(Effect.provide(sdk({ seed: 1, reset: { rate: 1 }, maxFaults: 1 }, { ...noJitter, createIds: false }))))

  it.effect("a reset create without an ID gets a client-chosen ID and is retried: one object", () =>
    Effect.gen(function*() {
      const { result } = yield* settle(Products.create({ Name: "No ID" }))
      assert.strictEqual(result._tag, "Right")
      if (result._tag !== "Right") return
      assert.match(result.right.ID ?? "", /^[A-Za-z0-9_-]{22}$/)
      const page = yield* Products.list({ filters: { Name: "No ID" } })
      assert.deepStrictEqual(page.Items.map((p) => p.ID), [result.right.ID])
    }).pipe(Effect.provide(sdk({ seed: 1, reset: { rate: 1 }, maxFaults: 1 }, noJitter))))

  for (const id of ["cut-01", undefined]) {
    it.effect(`a create whose answer is cut after the sandbox wrote it ends in success with the object (${id === undefined ? "client-chosen ID" : "caller's ID"}), not IdExists`, () =>
      Effect.gen(function*() {
        const { result } = yield* settle(
          Products.create({ ...(id === undefined ? {} : { ID: id }), Name: "Cut short" })
        )
        assert.strictEqual(result._tag, "Right", result._tag === "Left" ? result.left.message : "")
        if (result._tag !== "Right") return
        assert.strictEqual(result.right.Name, "Cut short")
        if (id !== undefined) assert.strictEqual(result.right.ID, id)
        const page = yield* Products.list({ filters: { Name: "Cut short" } })
        assert.deepStrictEqual(page.Items.map((p) => p.ID), [result.right.ID])
      }).pipe(Effect.provide(sdk({ seed: 1, truncate: { rate: 1 }, maxFaults: 1, paths: ["/v1/products"] }, noJitter))))
  }

  it.effect("a create meeting an object of other content under its ID fails with Conflict, even after a lost answer", () =>
    Effect.gen(function*() {
      const { result } = yield* settle(
        Products.create({
          ID: Seed.marketplace.collections["products"]![0]!["ID"] as string,
          Name: "Not the seeded one"
        })
      )
      assert.strictEqual(result._tag === "Left" ? result.left._tag : "Right", "Conflict")
    }).pipe(Effect.provide(sdk({ seed: 1, reset: { rate: 1 }, maxFaults: 1, paths: ["/v1/products"] }, noJitter))))

  it.effect(
    "soak: 200 creates, half without an ID, under 10% faults all succeed, each stored once",
    () =>
      Effect.gen(function*() {
        const created: Array<string> = []
        for (let i = 0; i < 200; i++) {
          const { result } = yield* settle(
            Products.create({ ...(i % 2 === 0 ? {} : { ID: `soak-${i}` }), Name: `soak ${i}` })
          )
          assert.strictEqual(result._tag, "Right", `create ${i}: ${result._tag === "Left" ? result.left.message : ""}`)
          if (result._tag === "Right") created.push(result.right.ID!)
        }
        const stored = yield* Products.listAll({ search: "soak", searchOn: ["Name"] }).pipe(Stream.runCollect, settle)
        assert.strictEqual(stored.result._tag, "Right")
        if (stored.result._tag !== "Right") return
        assert.deepStrictEqual(Chunk.toReadonlyArray(stored.result.right).map((p) => p.ID).sort(), [...created].sort())
      }).pipe(Effect.provide(sdk({
        seed: 7,
        throttle: { rate: 0.025 },
        unavailable: { rate: 0.025 },
        reset: { rate: 0.025 },
        truncate: { rate: 0.025 }
      }, { ...noJitter, maxAttempts: 4 }))),
    60_000
  )

  it.effect("a truncated body is a TransportError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Products.list())
      assert.strictEqual(error._tag, "TransportError")
    }).pipe(Effect.provide(sdk({ seed: 1, truncate: { rate: 1 } }))))

  it.effect("a truncated GET is retried by Retry", () =>
    Effect.gen(function*() {
      const { result, took } = yield* settle(Products.list())
      assert.strictEqual(result._tag, "Right")
      assert.strictEqual(took, 100)
    }).pipe(Effect.provide(sdk({ seed: 1, truncate: { rate: 1 }, maxFaults: 1 }, noJitter))))

  it.effect("latency delays a call by the configured time on the TestClock", () =>
    Effect.gen(function*() {
      const start = yield* TestClock.currentTimeMillis
      const fiber = yield* Effect.fork(Products.list())
      const sandboxSleeps = Effect.map(TestClock.sleeps(), Chunk.some((at) => at === start + 3000))
      for (let tick = 0; tick < 20 && !(yield* sandboxSleeps); tick++) yield* macrotask
      assert.isTrue(yield* sandboxSleeps, "the answer waits 3 s")
      yield* TestClock.adjust(Duration.millis(2999))
      for (let tick = 0; tick < 5; tick++) yield* macrotask
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting at 2999 ms")
      yield* TestClock.adjust(Duration.millis(1))
      const page = yield* Fiber.join(fiber)
      assert.strictEqual(page.Meta.TotalCount, 5)
    }).pipe(Effect.provide(sdk({ seed: 1, latency: "3 seconds" }))))

  it.effect("a latency range draws each delay from the seed, within the range", () =>
    Effect.gen(function*() {
      const delays = (seed: number) =>
        Effect.gen(function*() {
          const took: Array<number> = []
          for (let i = 0; i < 10; i++) took.push((yield* settle(outcome(productsRequest))).took)
          return took
        }).pipe(Effect.provide(Sandbox.layer({ faults: { seed, latency: { min: "100 millis", max: "200 millis" } } })))
      const first = yield* delays(5)
      assert.deepStrictEqual(yield* delays(5), first)
      assert.notDeepEqual(yield* delays(6), first)
      for (const took of first) assert.isTrue(took >= 100 && took <= 200, `${took} ms is within 100..200`)
    }))

  it.effect("paths limits the faults: a string covers a path and what is under it", () =>
    Effect.gen(function*() {
      const page = yield* Products.list()
      assert.strictEqual(page.Meta.TotalCount, 5)
      const error = yield* Effect.flip(Buyers.list())
      assert.strictEqual(error._tag, "ServiceUnavailable")
      const again = yield* Effect.flip(Buyers.get("buyer-1"))
      assert.strictEqual(again._tag, "ServiceUnavailable")
    }).pipe(Effect.provide(sdk({ seed: 1, unavailable: { rate: 1 }, paths: ["/v1/buyers"] }))))

  it.effect("paths limits the faults: a RegExp is tested against the path", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Products.list())
      assert.strictEqual(error._tag, "ServiceUnavailable")
      const product = yield* Products.get("tee-01")
      assert.strictEqual(product.ID, "tee-01")
    }).pipe(Effect.provide(sdk({ seed: 1, unavailable: { rate: 1 }, paths: [/^\/v1\/products$/] }))))

  it.effect("Sandbox.make's bare app applies latency and throttling, answers resets normally", () =>
    Effect.gen(function*() {
      const throttled = yield* Sandbox.make({ faults: { seed: 1, throttle: { rate: 1 } } })
      const reset = yield* Sandbox.make({ faults: { seed: 1, reset: { rate: 1 } } })
      const statusOf = (sandbox: Sandbox.Sandbox) =>
        Effect.promise(async () =>
          (await HttpApp.toWebHandler(sandbox.app)(new Request(`${Sandbox.defaultBaseUrl}/v1/products`))).status
        )
      assert.strictEqual(yield* statusOf(throttled), 429)
      assert.strictEqual(yield* statusOf(reset), 401)
    }))
})

// ---------------------------------------------------------------------------
// Port mode

/** The SDK as the seller over the socket with the runtime's fetch, and Retry if given. */
const portClient = (url: string, retry?: Retry.Options) =>
  Layer.provideMerge(
    seller,
    OrderCloudClient.layer({ middleware: retrying(retry) }).pipe(
      Layer.provide(OrderCloudConfig.layer({ baseUrl: url }))
    )
  )

/** Runs `f` with the URL of a fresh server with these faults, bounded in time. */
const onServer = <A, E, R>(faults: Faults.Options, f: (url: string) => Effect.Effect<A, E, R>) =>
  Effect.flatMap(Server.SandboxServer, ({ url }) => f(url)).pipe(
    // A hung socket fails with this message, before the test's own limit.
    Effect.timeoutFail({
      duration: Duration.seconds(20),
      onTimeout: () => new Cause.TimeoutException("port-mode test timed out")
    }),
    Effect.provide(Server.layer({ faults }))
  )

describe("port mode", { timeout: socketTimeout }, () => {
  it.live("a reset: the raw fetch rejects, the SDK sees a TransportError", () =>
    onServer({ seed: 1, reset: { rate: 1 } }, (url) =>
      Effect.gen(function*() {
        const raw = yield* Effect.promise(() => fetch(`${url}/v1/products`).then(() => "answered", (e) => e))
        assert.instanceOf(raw, TypeError)
        const error = yield* Effect.flip(Products.list()).pipe(Effect.provide(portClient(url)))
        assert.strictEqual(error._tag, "TransportError")
      })))

  it.live("a reset GET is retried by Retry and succeeds", () =>
    onServer({ seed: 1, reset: { rate: 1 }, maxFaults: 1 }, (url) =>
      Effect.gen(function*() {
        const page = yield* Products.list().pipe(
          Effect.provide(portClient(url, { jitter: false, baseDelay: Duration.millis(10), budget: false }))
        )
        assert.strictEqual(page.Meta.TotalCount, 5)
      })))

  it.live("a truncated body: headers arrive with the full Content-Length, reading the body fails", () =>
    onServer({ seed: 1, truncate: { rate: 1 } }, (url) =>
      Effect.gen(function*() {
        const raw = yield* Effect.promise(async () => {
          const response = await fetch(`${url}/v1/products`)
          const body = await response.text().then(() => "read", (e) => e)
          return { status: response.status, length: response.headers.get("content-length"), body }
        })
        assert.strictEqual(raw.status, 401)
        assert.isTrue(Number(raw.length) > 0)
        assert.instanceOf(raw.body, TypeError)
        const error = yield* Effect.flip(Products.list()).pipe(Effect.provide(portClient(url)))
        assert.strictEqual(error._tag, "TransportError")
      })))

  it.live("a truncated GET is retried by Retry and succeeds", () =>
    onServer({ seed: 1, truncate: { rate: 1 }, maxFaults: 1 }, (url) =>
      Effect.gen(function*() {
        const page = yield* Products.list().pipe(
          Effect.provide(portClient(url, { jitter: false, baseDelay: Duration.millis(10), budget: false }))
        )
        assert.strictEqual(page.Meta.TotalCount, 5)
      })))

  it.live("throttling and latency on the socket: 429 with Retry-After after the delay", () =>
    onServer({ seed: 1, throttle: { rate: 1, retryAfter: 7 }, latency: "50 millis" }, (url) =>
      Effect.gen(function*() {
        const started = Date.now()
        const raw = yield* Effect.promise(async () => {
          const response = await fetch(`${url}/v1/products`)
          return {
            status: response.status,
            retryAfter: response.headers.get("retry-after"),
            body: await response.json()
          }
        })
        assert.isAtLeast(Date.now() - started, 45)
        assert.strictEqual(raw.status, 429)
        assert.strictEqual(raw.retryAfter, "7")
        assert.strictEqual(raw.body.Errors[0].ErrorCode, "TooManyRequests")
      })))
})
