/**
 * Middleware: one of our own next to the shipped retry and logging. Ours
 * gives every attempt an `x-request-id` header and records how long each
 * attempt took; on the sandbox, one 503 shows the retry at work.
 */
import { Logging, type Middleware, OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
import * as UndiciTransport from "@ordercloud-effect/core/UndiciTransport"
import { Products } from "@ordercloud-effect/resources"
import { Sandbox } from "@ordercloud-effect/sandbox"
import { Clock, Config, Console, Duration, Effect, Exit, FiberRef, HashSet, Layer, Logger, Option, Ref } from "effect"
import { as } from "../Environment.js"
import type { Example } from "../Example.js"

/** One attempt as our middleware saw it. */
interface Timing {
  readonly requestId: string
  readonly operationId: string
  readonly method: string
  readonly path: string
  readonly attempt: number
  readonly outcome: string
  readonly millis: number
}

// Ours: a plain function of the call, the request and `next`. It is given as
// an Effect, run once when the client's layer is built, so the counter belongs
// to this client. It sits inside retry and after the token is added, so it
// runs once per attempt and sees (and times) exactly what goes out.
const requestIds = (timings: Ref.Ref<ReadonlyArray<Timing>>): Effect.Effect<Middleware.Middleware> =>
  Effect.map(Ref.make(0), (counter) => (call, request, next) =>
    Effect.gen(function*() {
      const n = yield* Ref.updateAndGet(counter, (n) => n + 1)
      const requestId = `req-${String(n).padStart(3, "0")}`
      const start = yield* Clock.currentTimeMillis
      return yield* next({ ...request, headers: { ...request.headers, "x-request-id": requestId } }).pipe(
        Effect.onExit((exit) =>
          Effect.flatMap(Clock.currentTimeMillis, (end) =>
            Ref.update(timings, (all) => [...all, {
              requestId,
              // Which operation this is (`Products.list`, `Auth.token`), and which
              // attempt of it: retry numbers them in the call it passes on.
              operationId: call.operationId,
              method: request.method,
              path: new URL(request.url).pathname,
              attempt: call.attempt,
              outcome: Exit.isSuccess(exit) ? String(exit.value.status) : "no response",
              millis: end - start
            }]))
        )
      )
    }))

// The client for this example. The Environment's client has no middleware,
// so this one is built here.
const clientLayer = (timings: Ref.Ref<ReadonlyArray<Timing>>) =>
  Layer.unwrapEffect(Effect.gen(function*() {
    // Retry takes the outermost place and logging the innermost, whatever the
    // order given; ours runs between them. Retry-After is honoured;
    // `jitter: false` keeps any backoff predictable.
    const client = OrderCloudClient.layer({
      middleware: [Logging.middleware(), requestIds(timings), Retry.middleware({ maxAttempts: 3, jitter: false })]
    })
    const baseUrl = yield* Config.option(Config.string("ORDERCLOUD_BASE_URL"))
    return Option.isNone(baseUrl)
      // An in-process sandbox that answers the first /v1/products request with
      // 503 and `Retry-After: 1`: a reproducible outage of one request.
      ? client.pipe(
        Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: Sandbox.defaultBaseUrl }))),
        Layer.provide(Sandbox.layer({
          faults: { seed: 7, unavailable: { rate: 1, retryAfter: 1 }, maxFaults: 1, paths: ["/v1/products"] }
        }))
      )
      // A real marketplace: the ORDERCLOUD_* variables, and undici on the wire.
      : client.pipe(Layer.provide(OrderCloudConfig.layerConfig()), Layer.provide(UndiciTransport.layer()))
  }))

const program = Effect.gen(function*() {
  const timings = yield* Ref.make<ReadonlyArray<Timing>>([])
  // The logging middleware writes through Effect's logger. Here the lines are
  // collected and printed after each step, so they read in order with the rest.
  const logged: Array<string> = []
  const collect = Logger.make(({ message }) => {
    logged.push(Array.isArray(message) ? message.map(String).join(" ") : String(message))
  })
  const printLogged = Effect.suspend(() => Effect.forEach(logged.splice(0), (line) => Console.log(`   log: ${line}`)))

  yield* as("seller")(Effect.gen(function*() {
    yield* Console.log("1. List products (on the in-process sandbox, the first try gets 503 with Retry-After: 1)")
    const [took, page] = yield* Effect.timed(Products.list({ pageSize: 5, sortBy: ["ID"] }))
    yield* printLogged
    // The call as the caller sees it: every attempt and the wait between them.
    yield* Console.log(
      `   listed ${page.Items.length} of ${page.Meta.TotalCount} products; the call took ${
        (Duration.toMillis(took) / 1000).toFixed(1)
      } s, retry wait included`
    )

    const first = page.Items[0]
    if (first?.ID != null) {
      yield* Console.log(`2. Get ${first.ID} (no fault this time)`)
      const product = yield* Products.get(first.ID)
      yield* printLogged
      yield* Console.log(`   got "${product.Name}"`)
    }
  })).pipe(
    // The seller's session is built inside, so its token request goes through
    // this client too (the sandbox spares the token endpoint from faults).
    Effect.provide(clientLayer(timings)),
    // Only our collector for this part, in place of whatever loggers the runtime has.
    Effect.locally(FiberRef.currentLoggers, HashSet.make(collect))
  )

  yield* Console.log("Timings recorded by our middleware (one row per attempt)")
  const rows = yield* Ref.get(timings)
  for (const t of rows) {
    yield* Console.log(
      `   ${t.requestId}  ${t.operationId}  ${t.method} ${t.path}  attempt ${t.attempt}  ${t.outcome}  ${t.millis}ms`
    )
  }
  const listing = rows.filter((t) => t.operationId === "Products.list")
  yield* Console.log(
    `   the listing took ${listing.length} attempt${listing.length === 1 ? "" : "s"}: ${
      listing.map((t) => t.outcome).join(" then ")
    }`
  )
  yield* Console.log(`   request ids seen: ${rows.map((t) => t.requestId).join(", ")}`)
  const total = rows.reduce((sum, t) => sum + t.millis, 0)
  yield* Console.log(`   ${rows.length} attempts, ${total}ms on the wire in all (waits between attempts not counted)`)
})

export const middleware: Example = {
  name: "middleware",
  description: "A middleware of our own (request ids, per-attempt timings) stacked with retry and logging",
  program
}
