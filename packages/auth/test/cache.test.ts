import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { Duration, Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import {
  clientLayer,
  type FakeServer,
  fakeServer,
  jwt,
  macrotask,
  tokenError,
  tokenResponse,
  whoAmI
} from "./utils/server.js"

const password = Redacted.make("hunter2")
const passwordLayer = (options: Partial<Session.PasswordOptions> = {}) =>
  Session.layerPassword({ clientID: "app", username: "buyer01", password, scope: ["Shopper"], ...options })

const withSession = (
  server: FakeServer,
  session: Layer.Layer<Session.Session, never, OrderCloudClient.OrderCloudClient>
) => Effect.provide(Layer.provideMerge(session, clientLayer(server)))

const grants = (server: FakeServer) => server.tokenRequests.map((request) => request.form.get("grant_type"))

describe("token cache", () => {
  it.effect("builds lazily: no token request until a call needs one", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      yield* Effect.void.pipe(withSession(server, passwordLayer()))
      assert.strictEqual(server.tokenRequests.length, 0)
    }))

  it.effect("20 concurrent calls on a cold cache all wait for exactly one token request", () =>
    Effect.gen(function*() {
      // The token answer is held back until every caller has had its turn, so
      // all of them find the cache cold and the request in flight.
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const server = fakeServer({ token: async () => gate.then(() => tokenResponse("token-1")) })
      yield* Effect.gen(function*() {
        const calls = yield* Effect.fork(
          Effect.all(Array.from({ length: 20 }, () => whoAmI), { concurrency: "unbounded" })
        )
        for (let i = 0; i < 10; i++) yield* macrotask
        const heldBack = { tokenRequests: server.tokenRequests.length, apiRequests: server.apiRequests.length }
        release()
        const tokens = yield* Fiber.join(calls)
        assert.deepStrictEqual(heldBack, { tokenRequests: 1, apiRequests: 0 })
        assert.strictEqual(server.tokenRequests.length, 1)
        assert.strictEqual(server.apiRequests.length, 20)
        assert.isTrue(tokens.every((token) => token === "token-1"))
        assert.isTrue(server.apiRequests.every((request) => request.token === "token-1"))
      }).pipe(withSession(server, passwordLayer()))
    }))

  it.effect("reuses the token until the margin before expiry, then gets a new one (TestClock)", () =>
    Effect.gen(function*() {
      const server = fakeServer() // expires_in 600, no refresh token
      yield* Effect.gen(function*() {
        assert.strictEqual(yield* whoAmI, "token-1")
        yield* TestClock.adjust("569 seconds")
        assert.strictEqual(yield* whoAmI, "token-1")
        assert.strictEqual(server.tokenRequests.length, 1)
        yield* TestClock.adjust("1 second") // 600 s - 30 s margin
        assert.strictEqual(yield* whoAmI, "token-2")
        assert.deepStrictEqual(grants(server), ["password", "password"])
      }).pipe(withSession(server, passwordLayer()))
    }))

  it.effect("the margin is configurable", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("479 seconds")
        assert.strictEqual(yield* whoAmI, "token-1")
        yield* TestClock.adjust("1 second")
        assert.strictEqual(yield* whoAmI, "token-2")
      }).pipe(withSession(server, passwordLayer({ expiryMargin: "2 minutes" })))
    }))

  it.effect("20 concurrent calls on an expiring cache make exactly one refresh", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("590 seconds")
        const tokens = yield* Effect.all(Array.from({ length: 20 }, () => whoAmI), { concurrency: "unbounded" })
        assert.isTrue(tokens.every((token) => token === "token-2"))
        assert.strictEqual(server.tokenRequests.length, 2)
      }).pipe(withSession(server, passwordLayer()))
    }))

  it.effect("without expires_in, the JWT exp sets the expiry", () =>
    Effect.gen(function*() {
      // TestClock starts at the Unix epoch: exp 300 is 300 s from now.
      const server = fakeServer({
        token: (_, index) => tokenResponse(jwt({ usr: "buyer01", exp: 300 + index * 1000, n: index }), { expiresIn: 0 })
      })
      yield* Effect.gen(function*() {
        const first = yield* whoAmI
        yield* TestClock.adjust("269 seconds")
        assert.strictEqual(yield* whoAmI, first)
        yield* TestClock.adjust("1 second")
        assert.notStrictEqual(yield* whoAmI, first)
        assert.strictEqual(server.tokenRequests.length, 2)
      }).pipe(withSession(server, passwordLayer()))
    }))

  it.effect("a token shorter-lived than twice the margin is still reused for half its life", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: (_, index) => tokenResponse(`token-${index + 1}`, { expiresIn: 40 }) })
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("19 seconds")
        assert.strictEqual(yield* whoAmI, "token-1")
        yield* TestClock.adjust("1 second")
        assert.strictEqual(yield* whoAmI, "token-2")
      }).pipe(withSession(server, passwordLayer()))
    }))

  it.effect("refreshes with the refresh token, following rotation and keeping it when none comes back", () =>
    Effect.gen(function*() {
      const refreshTokens = ["rt-1", "rt-2", null]
      const server = fakeServer({
        token: (_, index) => tokenResponse(`token-${index + 1}`, { refreshToken: refreshTokens[index] ?? null })
      })
      yield* Effect.gen(function*() {
        assert.strictEqual(yield* whoAmI, "token-1")
        for (const expected of ["token-2", "token-3", "token-4"]) {
          yield* TestClock.adjust("10 minutes")
          assert.strictEqual(yield* whoAmI, expected)
        }
      }).pipe(withSession(server, passwordLayer()))
      assert.deepStrictEqual(grants(server), ["password", "refresh_token", "refresh_token", "refresh_token"])
      assert.deepStrictEqual(server.tokenRequests.slice(1).map((request) => request.body), [
        "grant_type=refresh_token&client_id=app&refresh_token=rt-1",
        "grant_type=refresh_token&client_id=app&refresh_token=rt-2",
        // the third response had no refresh token: rt-2 is kept
        "grant_type=refresh_token&client_id=app&refresh_token=rt-2"
      ])
    }))

  it.effect("the refresh grant carries the client secret for elevated and client credentials sessions", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: (_, index) => tokenResponse(`token-${index + 1}`, { refreshToken: "rt" }) })
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("10 minutes")
        yield* whoAmI
      }).pipe(
        withSession(server, Session.layerClientCredentials({ clientID: "int", clientSecret: Redacted.make("sh") }))
      )
      assert.strictEqual(
        server.tokenRequests[1]!.body,
        "grant_type=refresh_token&client_id=int&refresh_token=rt&client_secret=sh"
      )
    }))

  it.effect("a refused refresh falls back to the original grant, once", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: (request, index) =>
          request.form.get("grant_type") === "refresh_token"
            ? tokenError("Auth.TokenRevoked", "The refresh token was revoked.")
            : tokenResponse(`token-${index + 1}`, { refreshToken: index === 0 ? "rt-1" : null })
      })
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("10 minutes")
        assert.strictEqual(yield* whoAmI, "token-3")
        assert.deepStrictEqual(grants(server), ["password", "refresh_token", "password"])
        // The fallback issued no refresh token: the revoked one is not tried again.
        yield* TestClock.adjust("10 minutes")
        assert.strictEqual(yield* whoAmI, "token-4")
        assert.deepStrictEqual(grants(server), ["password", "refresh_token", "password", "password"])
      }).pipe(withSession(server, passwordLayer()))
    }))

  it.effect("when the fallback fails too, the call fails with its error; nothing is cached", () =>
    Effect.gen(function*() {
      let down = true
      const server = fakeServer({
        token: (request, index) =>
          index === 0
            ? tokenResponse("token-1", { refreshToken: "rt-1" })
            : down
            ? tokenError(request.form.get("grant_type") === "password" ? "Auth.UserNotActive" : "InvalidGrant", "no")
            : tokenResponse(`token-${index + 1}`)
      })
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("10 minutes")
        const error = yield* Effect.flip(whoAmI)
        assert.strictEqual(error._tag, "AuthenticationFailed")
        assert.strictEqual(error._tag === "AuthenticationFailed" ? error.errorCode : undefined, "Auth.UserNotActive")
        assert.deepStrictEqual(grants(server), ["password", "refresh_token", "password"])
        down = false
        assert.strictEqual(yield* whoAmI, "token-4")
        assert.strictEqual(server.apiRequests.length, 2)
      }).pipe(withSession(server, passwordLayer()))
    }))

  it.effect("refresh-token session: follows rotation, falls back to the configured token once", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: (request, index) =>
          request.form.get("refresh_token") === "rt-rotated"
            ? tokenError("InvalidGrant", "expired")
            : tokenResponse(`token-${index + 1}`, { refreshToken: index === 0 ? "rt-rotated" : null })
      })
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("10 minutes")
        assert.strictEqual(yield* whoAmI, "token-3")
        yield* TestClock.adjust("10 minutes")
        assert.strictEqual(yield* whoAmI, "token-4")
      }).pipe(
        withSession(
          server,
          Session.layerRefreshToken({ clientID: "app", refreshToken: Redacted.make("rt-configured") })
        )
      )
      assert.deepStrictEqual(server.tokenRequests.map((request) => request.form.get("refresh_token")), [
        "rt-configured",
        "rt-rotated",
        "rt-configured",
        // no refresh token came back: the configured one is kept, and a
        // failure of it is not "fallen back" to itself
        "rt-configured"
      ])
    }))

  it.effect("a caller interrupted while the token is being fetched does not cancel it for the others", () =>
    Effect.gen(function*() {
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const server = fakeServer({ token: async () => gate.then(() => tokenResponse("token-1")) })
      yield* Effect.gen(function*() {
        const first = yield* Effect.fork(whoAmI)
        yield* Effect.yieldNow({ priority: 1000 })
        const second = yield* Effect.fork(whoAmI)
        yield* Effect.yieldNow({ priority: 1000 })
        yield* Fiber.interrupt(first)
        release()
        assert.strictEqual(yield* Fiber.join(second), "token-1")
        assert.strictEqual(server.tokenRequests.length, 1)
      }).pipe(withSession(server, passwordLayer()))
    }))

  it.effect("expiryMargin reads any Duration", () =>
    Effect.sync(() => {
      assert.strictEqual(Duration.toMillis(Session.defaultExpiryMargin), 30_000)
    }))
})
