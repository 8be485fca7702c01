/**
 * Middleware: our own plugin next to the shipped retry and logging plugins.
 * The plugin gives every attempt an `x-request-id` header and records how
 * long each attempt took; on the sandbox, one 503 shows the retry at work.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Logging, Middleware, OrderCloudClient, OrderCloudConfig, Retry } from "@ordercloud-effect/core"
import { Products } from "@ordercloud-effect/resources"
import { Sandbox } from "@ordercloud-effect/sandbox"
import { Clock, Config, Console, Duration, Effect, Exit, FiberRef, HashSet, Layer, Logger, Option, Ref } from "effect"
import { as } from "../Environment.js"
import type { Example } from "../Example.js"

/** One attempt as our plugin saw it. */
interface Timing {
  readonly requestId: string
  readonly method: string
  readonly path: string
  readonly attempt: number
  readonly outcome: string
  readonly millis: number
}

// The plugin. In the `observe` slot it runs once per attempt, inside retry and
// after the token is added, so it sees (and times) exactly what goes out.
const requestIds = (timings: Ref.Ref<ReadonlyArray<Timing>>, counter: Ref.Ref<number>) =>
  Middleware.make("request-ids", "observe", (client) =>
    HttpClient.transform(
      // First edit the request: a fresh id for this attempt...
      HttpClient.mapRequestEffect(client, (request) =>
        Effect.map(
          Ref.updateAndGet(counter, (n) => n + 1),
          (n) => HttpClientRequest.setHeader(request, "x-request-id", `req-${String(n).padStart(3, "0")}`)
        )),
      // ...then wrap the attempt. `request` here is the edited one, so the id
      // recorded is read back from the header actually sent.
      (attempt, request) =>
        Effect.gen(function*() {
          const start = yield* Clock.currentTimeMillis
          const attemptNumber = yield* FiberRef.get(Middleware.currentAttempt)
          return yield* Effect.onExit(attempt, (exit) =>
            Effect.flatMap(Clock.currentTimeMillis, (end) =>
              Ref.update(timings, (all) => [...all, {
                requestId: request.headers["x-request-id"] ?? "(none)",
                method: request.method,
                path: new URL(request.url).pathname,
                attempt: attemptNumber,
                outcome: Exit.isSuccess(exit) ? String(exit.value.status) : "no response",
                millis: end - start
              }])))
        })
    ))

// The client for this example. The Environment's client has no plugins, so
// this one is built here: the same layer stack as in core's README.
const clientLayer = (timings: Ref.Ref<ReadonlyArray<Timing>>, counter: Ref.Ref<number>) =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const plugins = Middleware.layer(
      // Retry-After is honoured; `jitter: false` keeps any backoff predictable.
      Retry.middleware({ maxAttempts: 3, jitter: false }),
      requestIds(timings, counter),
      Logging.middleware()
    )
    const baseUrl = yield* Config.option(Config.string("ORDERCLOUD_BASE_URL"))
    const transport = Option.isNone(baseUrl)
      // An in-process sandbox that answers the first /v1/products request with
      // 503 and `Retry-After: 1`: a reproducible outage of one request.
      ? Layer.merge(
        Sandbox.layer({
          faults: { seed: 7, unavailable: { rate: 1, retryAfter: 1 }, maxFaults: 1, paths: ["/v1/products"] }
        }),
        Layer.orDie(OrderCloudConfig.layer({ baseUrl: Sandbox.defaultBaseUrl }))
      )
      // A real marketplace: fetch, and the ORDERCLOUD_* variables.
      : Layer.merge(FetchHttpClient.layer, OrderCloudConfig.layerConfig())
    return OrderCloudClient.layer().pipe(Layer.provide(plugins), Layer.provide(transport))
  }))

const program = Effect.gen(function*() {
  const timings = yield* Ref.make<ReadonlyArray<Timing>>([])
  const counter = yield* Ref.make(0)
  // The logging plugin writes through Effect's logger. Here the lines are
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
    Effect.provide(clientLayer(timings, counter)),
    // Only our collector for this part, in place of whatever loggers the runtime has.
    Effect.locally(FiberRef.currentLoggers, HashSet.make(collect))
  )

  yield* Console.log("Timings recorded by the plugin (one row per attempt)")
  const rows = yield* Ref.get(timings)
  for (const t of rows) {
    yield* Console.log(`   ${t.requestId}  ${t.method} ${t.path}  attempt ${t.attempt}  ${t.outcome}  ${t.millis}ms`)
  }
  const listing = rows.filter((t) => t.method === "GET" && t.path.endsWith("/products"))
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
  description: "A custom plugin (request ids, per-attempt timings) stacked with retry and logging",
  program
}
