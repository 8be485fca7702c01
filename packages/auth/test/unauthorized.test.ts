import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { Effect, Layer, Redacted, TestClock } from "effect"
import { clientLayer, type FakeServer, fakeServer, json, tokenResponse, unauthorized, whoAmI } from "./utils/server.js"

const password = Redacted.make("hunter2")
const passwordLayer = Session.layerPassword({ clientID: "app", username: "buyer01", password, scope: ["Shopper"] })

const withSession = (
  server: FakeServer,
  session: Layer.Layer<Session.Session, never, OrderCloudClient.OrderCloudClient>
) => Effect.provide(Layer.provideMerge(session, clientLayer(server)))

describe("401 on a cached token", () => {
  it.effect("re-authenticates once and retries the call once", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        api: (request) => request.token === "token-1" ? unauthorized() : json(200, { token: request.token })
      })
      const token = yield* whoAmI.pipe(withSession(server, passwordLayer))
      assert.strictEqual(token, "token-2")
      assert.deepStrictEqual(server.apiRequests.map((request) => request.token), ["token-1", "token-2"])
      assert.strictEqual(server.tokenRequests.length, 2)
    }))

  it.effect("a second 401 surfaces as Unauthorized: two sends, two token requests, no loop", () =>
    Effect.gen(function*() {
      const server = fakeServer({ api: () => unauthorized() })
      const error = yield* Effect.flip(whoAmI.pipe(withSession(server, passwordLayer)))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(error._tag === "Unauthorized" ? error.errorCode : undefined, "InvalidToken")
      assert.strictEqual(server.apiRequests.length, 2)
      assert.strictEqual(server.tokenRequests.length, 2)
      // the error names the call, never the token
      assert.isFalse(error.message.includes("token-"))
    }))

  it.effect("re-authenticates with the refresh token when one was issued", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: (_, index) => tokenResponse(`token-${index + 1}`, { refreshToken: "rt-1" }),
        api: (request) => request.token === "token-1" ? unauthorized() : json(200, { token: request.token })
      })
      assert.strictEqual(yield* whoAmI.pipe(withSession(server, passwordLayer)), "token-2")
      assert.deepStrictEqual(server.tokenRequests.map((request) => request.form.get("grant_type")), [
        "password",
        "refresh_token"
      ])
    }))

  it.effect("50 concurrent calls rejected with the same token cause one re-authentication", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        api: (request) => request.token === "token-1" ? unauthorized() : json(200, { token: request.token })
      })
      const tokens = yield* Effect.all(Array.from({ length: 50 }, () => whoAmI), { concurrency: "unbounded" }).pipe(
        withSession(server, passwordLayer)
      )
      assert.isTrue(tokens.every((token) => token === "token-2"))
      assert.strictEqual(server.tokenRequests.length, 2)
      assert.strictEqual(server.apiRequests.length, 100)
    }))

  it.effect("invalidate drops the cached token only when it is the rejected one, and answers true", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      yield* Effect.gen(function*() {
        const session = yield* Session.Session
        const first = yield* session.token
        assert.isTrue(yield* session.invalidate(Redacted.make("some-older-token")))
        assert.strictEqual(Redacted.value(yield* session.token), "token-1")
        assert.strictEqual(server.tokenRequests.length, 1)
        assert.isTrue(yield* session.invalidate(Redacted.make(Redacted.value(first))))
        assert.strictEqual(Redacted.value(yield* session.token), "token-2")
        assert.strictEqual(server.tokenRequests.length, 2)
      }).pipe(withSession(server, passwordLayer))
    }))

  it.effect("a static access token cannot be renewed: invalidate answers false, the 401 is final", () =>
    Effect.gen(function*() {
      const server = fakeServer({ api: () => unauthorized() })
      yield* Effect.gen(function*() {
        const session = yield* Session.Session
        assert.isFalse(yield* session.invalidate(Redacted.make("static")))
        const error = yield* Effect.flip(whoAmI)
        assert.strictEqual(error._tag, "Unauthorized")
      }).pipe(
        Effect.provide(
          Layer.merge(Session.layerAccessToken({ accessToken: Redacted.make("static") }), clientLayer(server))
        )
      )
      assert.strictEqual(server.apiRequests.length, 1)
      assert.strictEqual(server.tokenRequests.length, 0)
    }))
})

describe("impersonation", () => {
  const seller = Session.layerPassword({
    clientID: "admin-app",
    username: "admin",
    password,
    scope: ["BuyerImpersonation"]
  })
  const impersonated = Session.layerImpersonation({
    buyerID: "b1",
    userID: "u1",
    clientID: "buyer-app",
    scope: ["Shopper"]
  })
  const withImpersonation = (server: FakeServer) =>
    Effect.provide(impersonated.pipe(Layer.provide(seller), Layer.provideMerge(clientLayer(server))))
  const mePaths = (server: FakeServer) => server.apiRequests.filter((request) => request.path === "/v1/me")

  it.effect("a 401 on the impersonation token asks the seller for a new one; the seller's token is never used", () =>
    Effect.gen(function*() {
      let issued = 0
      const server = fakeServer({
        token: () => tokenResponse("seller-token"),
        api: (request) =>
          request.path.endsWith("/accesstoken")
            ? tokenResponse(`buyer-token-${++issued}`, { refreshToken: "buyer-rt" })
            : request.token === "buyer-token-1"
            ? unauthorized()
            : json(200, { token: request.token })
      })
      assert.strictEqual(yield* whoAmI.pipe(withImpersonation(server)), "buyer-token-2")
      assert.deepStrictEqual(mePaths(server).map((request) => request.token), ["buyer-token-1", "buyer-token-2"])
      // renewed through the seller, not with the buyer's refresh token
      assert.strictEqual(server.tokenRequests.length, 1)
      assert.strictEqual(server.apiRequests.filter((request) => request.path.endsWith("/accesstoken")).length, 2)
    }))

  it.effect("when the seller cannot impersonate, the call fails and is never sent as the seller", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: () => tokenResponse("seller-token"),
        api: (request) =>
          request.path.endsWith("/accesstoken")
            ? json(403, {
              Errors: [{
                ErrorCode: "InsufficientRoles",
                Message: "no",
                Data: { SufficientRoles: ["BuyerImpersonation"] }
              }]
            })
            : json(200, { token: request.token })
      })
      const error = yield* Effect.flip(whoAmI.pipe(withImpersonation(server)))
      assert.strictEqual(error._tag, "Forbidden")
      assert.deepStrictEqual(mePaths(server), [])
    }))

  it.effect("when the impersonation token expires and renewal fails, the call fails; no fallback to the seller", () =>
    Effect.gen(function*() {
      let calls = 0
      const server = fakeServer({
        token: (_, index) => tokenResponse(`seller-token-${index + 1}`, { expiresIn: 3600 }),
        api: (request) =>
          request.path.endsWith("/accesstoken")
            ? ++calls === 1 ? tokenResponse("buyer-token-1", { expiresIn: 60 }) : json(503, {})
            : json(200, { token: request.token })
      })
      yield* Effect.gen(function*() {
        assert.strictEqual(yield* whoAmI, "buyer-token-1")
        yield* TestClock.adjust("2 minutes")
        const error = yield* Effect.flip(whoAmI)
        assert.strictEqual(error._tag, "ServiceUnavailable")
      }).pipe(withImpersonation(server))
      assert.deepStrictEqual(mePaths(server).map((request) => request.token), ["buyer-token-1"])
    }))
})
