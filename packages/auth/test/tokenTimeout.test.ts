/**
 * A token request that never answers: it is bounded by the config timeout
 * and fails with `Timeout`, each waiting call by its own deadline, the next
 * call asks for a fresh token, and closing the session's scope ends it at
 * once.
 */
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import type { OrderCloudClient, OrderCloudError } from "@ordercloud-effect/core"
import * as CoreSession from "@ordercloud-effect/core/Session"
import { Cause, Effect, Exit, Fiber, Layer, Option, Redacted, Scope, TestClock } from "effect"
import { clientLayer, type FakeServer, fakeServer, tokenResponse, whoAmI } from "./utils/server.js"

const passwordLayer = Session.layerPassword({
  clientID: "app",
  username: "buyer01",
  password: Redacted.make("hunter2"),
  scope: ["Shopper"]
})

/** The first token request never gets an answer; later ones get `token-N`. */
const firstTokenHangs = () =>
  fakeServer({
    token: (_, index) => index === 0 ? new Promise<Response>(() => {}) : tokenResponse(`token-${index + 1}`)
  })

const sessionOver = (server: FakeServer): Layer.Layer<Session.Session | OrderCloudClient.OrderCloudClient> =>
  Layer.provideMerge(passwordLayer, clientLayer(server, { config: { timeout: "1 second" } }))

/** Lets promise callbacks run; the fake server answers on microtasks only. */
const macrotask = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

/** The fiber's exit once nothing more can happen without the clock moving (bounded). */
const settle = <A, E>(fiber: Fiber.Fiber<A, E>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 50; i++) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return exit
      yield* macrotask
    }
    return yield* Fiber.poll(fiber)
  })

const waitFor = (condition: () => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 50 && !condition(); i++) yield* macrotask
    assert.isTrue(condition(), "the expected request never arrived")
  })

const assertTimeout = (
  exit: Option.Option<Exit.Exit<unknown, OrderCloudError.OrderCloudError>>,
  url?: string
) => {
  assert.isTrue(Option.isSome(exit), "still waiting")
  const error = Option.isSome(exit) && Exit.isFailure(exit.value)
    ? Option.getOrUndefined(Cause.failureOption(exit.value.cause))
    : undefined
  assert.strictEqual(error?._tag, "Timeout")
  if (url !== undefined && error?._tag === "Timeout") assert.strictEqual(error.url, url)
}

const assertSuccess = <A>(exit: Option.Option<Exit.Exit<A, unknown>>, expected: A) => {
  assert.isTrue(Option.isSome(exit), "still waiting")
  if (Option.isSome(exit)) {
    assert.isTrue(Exit.isSuccess(exit.value), "failed")
    if (Exit.isSuccess(exit.value)) assert.strictEqual(exit.value.value, expected)
  }
}

const tokenUrl = "https://api.test.example/oauth/token"
const meUrl = "https://api.test.example/v1/me"

describe("a token request that never answers", () => {
  it.effect("fails with Timeout at the config timeout, even for a caller with no deadline of its own", () =>
    Effect.gen(function*() {
      const server = firstTokenHangs()
      yield* Effect.gen(function*() {
        const session = yield* CoreSession.Session
        const fiber = yield* Effect.fork(session.token)
        yield* waitFor(() => server.tokenRequests.length === 1)
        yield* TestClock.adjust("1 second")
        assertTimeout(yield* settle(fiber), tokenUrl)
      }).pipe(Effect.provide(sessionOver(server)))
    }))

  it.effect("the next call after the timeout asks for a fresh token and succeeds", () =>
    Effect.gen(function*() {
      const server = firstTokenHangs()
      yield* Effect.gen(function*() {
        const first = yield* Effect.fork(whoAmI)
        yield* waitFor(() => server.tokenRequests.length === 1)
        yield* TestClock.adjust("1 second")
        assert.isTrue(Option.isSome(yield* settle(first)))
        assertSuccess(yield* settle(yield* Effect.fork(whoAmI)), "token-2")
        assert.strictEqual(server.tokenRequests.length, 2)
      }).pipe(Effect.provide(sessionOver(server)))
    }))

  it.effect("each waiting call is bounded by its own deadline, and does not cancel the shared request", () =>
    Effect.gen(function*() {
      const server = firstTokenHangs()
      // API calls go through a client with a 300 ms timeout; the session asks
      // for its token through its own client, with the config's 1 s.
      const apiCall = Effect.provide(whoAmI, clientLayer(server, { config: { timeout: "300 millis" } }))
      yield* Effect.gen(function*() {
        const first = yield* Effect.fork(apiCall)
        yield* waitFor(() => server.tokenRequests.length === 1)
        yield* TestClock.adjust("300 millis")
        assertTimeout(yield* settle(first), meUrl)
        const second = yield* Effect.fork(apiCall)
        yield* settle(second)
        yield* TestClock.adjust("300 millis")
        assertTimeout(yield* settle(second), meUrl)
        assert.strictEqual(server.tokenRequests.length, 1)
        // the shared request ends at its own deadline (1 s); the next call starts afresh
        yield* TestClock.adjust("400 millis")
        assertSuccess(yield* settle(yield* Effect.fork(whoAmI)), "token-2")
        assert.strictEqual(server.tokenRequests.length, 2)
      }).pipe(Effect.provide(sessionOver(server)))
    }))

  it.effect("closing the session layer's scope ends the token request at once, with the clock standing still", () =>
    Effect.gen(function*() {
      const server = firstTokenHangs()
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(sessionOver(server), scope)
      const call = yield* Effect.fork(Effect.provide(whoAmI, context))
      yield* waitFor(() => server.tokenRequests.length === 1)
      const closing = yield* Effect.fork(Scope.close(scope, Exit.void))
      assertSuccess(yield* settle(closing), undefined)
      yield* Fiber.interrupt(call)
    }))

  it.effect("a program that provides the session and makes one call ends at the deadline", () =>
    Effect.gen(function*() {
      const server = firstTokenHangs()
      const program = yield* Effect.fork(Effect.provide(whoAmI, sessionOver(server)))
      yield* waitFor(() => server.tokenRequests.length === 1)
      yield* TestClock.adjust("1 second")
      assertTimeout(yield* settle(program))
    }))
})
