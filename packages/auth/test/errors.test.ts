import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import type { OrderCloudError } from "@ordercloud-effect/core"
import { Retry } from "@ordercloud-effect/core"
import { Chunk, Effect, Exit, Fiber, Layer, Redacted, TestClock } from "effect"
import { clientLayer, fakeServer, json, macrotask, tokenError, tokenResponse, whoAmI } from "./utils/server.js"

const password = Redacted.make("hunter2")

const failWith = (response: () => Response) =>
  Effect.gen(function*() {
    const server = fakeServer({ token: response })
    const error = yield* Effect.flip(
      whoAmI.pipe(
        Effect.provide(
          Layer.provideMerge(
            Session.layerPassword({ clientID: "app", username: "buyer01", password }),
            clientLayer(server, { config: { authUrl: "https://auth.test.example" } })
          )
        )
      )
    )
    assert.strictEqual(server.apiRequests.length, 0, "nothing is sent without a token")
    return error
  })

const asAuthenticationFailed = (error: OrderCloudError.OrderCloudError): OrderCloudError.AuthenticationFailed => {
  assert.strictEqual(error._tag, "AuthenticationFailed")
  return error as OrderCloudError.AuthenticationFailed
}

describe("token endpoint failures", () => {
  it.effect("invalid credentials and invalid grant stay distinguishable by errorCode", () =>
    Effect.gen(function*() {
      const credentials = asAuthenticationFailed(
        yield* failWith(() => tokenError("InvalidCredentials", "User not found or password incorrect."))
      )
      assert.strictEqual(credentials.errorCode, "InvalidCredentials")
      assert.strictEqual(credentials.oauthError, "invalid_grant")
      assert.strictEqual(credentials.status, 400)
      assert.strictEqual(credentials.url, "https://auth.test.example/oauth/token")
      assert.strictEqual(credentials.errors[0]?.Message, "User not found or password incorrect.")

      const grant = asAuthenticationFailed(yield* failWith(() => tokenError("InvalidGrant", "Client not allowed.")))
      assert.strictEqual(grant.errorCode, "InvalidGrant")

      const locked = asAuthenticationFailed(yield* failWith(() => tokenError("Auth.LockedOut", "Locked.")))
      assert.strictEqual(locked.errorCode, "Auth.LockedOut")
      assert.strictEqual(
        locked.message,
        "AuthenticationFailed (400) at https://auth.test.example/oauth/token: Auth.LockedOut - Locked."
      )
    }))

  it.effect("catchTag works on the call that needed the token", () =>
    Effect.gen(function*() {
      const code = yield* failWith(() => tokenError("InvalidCredentials", "no")).pipe(
        Effect.flip,
        Effect.catchTag("AuthenticationFailed", (error) => Effect.succeed(error.errorCode ?? "none")),
        Effect.orElseSucceed(() => "other")
      )
      assert.strictEqual(code, "InvalidCredentials")
    }))

  it.effect("an OAuth-only body keeps `error`; a body that is not JSON still gives the typed error", () =>
    Effect.gen(function*() {
      const oauthOnly = asAuthenticationFailed(
        yield* failWith(() => json(400, { error: "invalid_client", error_description: "unknown client" }))
      )
      assert.strictEqual(oauthOnly.oauthError, "invalid_client")
      assert.strictEqual(oauthOnly.errorCode, undefined)
      assert.deepStrictEqual(oauthOnly.errors, [])

      const html = asAuthenticationFailed(
        yield* failWith(() => new Response("<html>Bad Request</html>", { status: 400 }))
      )
      assert.strictEqual(html.oauthError, undefined)
      assert.deepStrictEqual(html.errors, [])
    }))

  it.effect("429 and 5xx are not authentication failures: they keep their status error", () =>
    Effect.gen(function*() {
      const unavailable = yield* failWith(() => json(503, { Errors: [{ ErrorCode: "Api.Offline", Message: "down" }] }))
      assert.strictEqual(unavailable._tag, "ServiceUnavailable")
      assert.strictEqual(unavailable._tag === "ServiceUnavailable" ? unavailable.errorCode : undefined, "Api.Offline")
      const throttled = yield* failWith(() => json(429, {}))
      assert.strictEqual(throttled._tag, "TooManyRequests")
    }))

  it.effect("a token request that meets a 503 is retried by the retry middleware, then the call goes through", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: (_, index) =>
          index === 0
            ? json(503, { Errors: [{ ErrorCode: "Api.Offline", Message: "down" }] })
            : tokenResponse("token-2")
      })
      const fiber = yield* Effect.fork(whoAmI.pipe(
        Effect.provide(
          Layer.provideMerge(
            Session.layerPassword({ clientID: "app", username: "buyer01", password }),
            clientLayer(server, { middleware: [Retry.middleware({ jitter: false, baseDelay: "100 millis" })] })
          )
        )
      ))
      // Let the first token request answer and the retry start its 100 ms wait (bounded); the
      // calls' deadlines are pending sleeps too, far later.
      const start = yield* TestClock.currentTimeMillis
      const retryWaits = Effect.map(TestClock.sleeps(), Chunk.some((at) => at === start + 100))
      for (let i = 0; i < 400 && !(yield* retryWaits); i++) {
        yield* macrotask
      }
      assert.isTrue(yield* retryWaits, "the retry waits 100 ms")
      yield* TestClock.adjust("100 millis")
      const exit = yield* Fiber.await(fiber)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(server.tokenRequests.length, 2)
      assert.deepStrictEqual(server.apiRequests.map((request) => request.token), ["token-2"])
    }))

  it.effect("a 200 that is not a token response is a ResponseDecodeError naming fields, not values", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() =>
        json(200, { access_token: "leaky-token", token_type: "bearer", expires_in: "soon" })
      )
      assert.strictEqual(error._tag, "ResponseDecodeError")
      if (error._tag !== "ResponseDecodeError") return
      assert.deepStrictEqual(error.issues.map((issue) => issue.path), ["expires_in"])
      assert.isFalse(error.message.includes("soon"))
      assert.isFalse(JSON.stringify(error).includes("leaky-token"))

      const notJson = yield* failWith(() => new Response("ok", { status: 200 }))
      assert.strictEqual(notJson._tag, "ResponseDecodeError")
      const emptyToken = yield* failWith(() => json(200, { access_token: "", token_type: "bearer", expires_in: 600 }))
      assert.strictEqual(emptyToken._tag, "ResponseDecodeError")
    }))

  it.effect("a failure is not cached: the next call asks again", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: (_, index) => index === 0 ? tokenError("Auth.UserNotActive", "inactive") : tokenResponse("token-2")
      })
      yield* Effect.gen(function*() {
        const error = yield* Effect.flip(whoAmI)
        assert.strictEqual(error._tag, "AuthenticationFailed")
        assert.strictEqual(yield* whoAmI, "token-2")
      }).pipe(
        Effect.provide(
          Layer.provideMerge(Session.layerPassword({ clientID: "app", username: "u", password }), clientLayer(server))
        )
      )
      assert.strictEqual(server.tokenRequests.length, 2)
    }))
})
