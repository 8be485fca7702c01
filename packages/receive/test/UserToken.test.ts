import { HttpApp, HttpRouter, HttpServerResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import { OrderCloudClient, OrderCloudConfig } from "@ordercloud-effect/core"
import { UserToken } from "@ordercloud-effect/receive"
import * as Me from "@ordercloud-effect/resources/Me"
import { Sandbox, Seed } from "@ordercloud-effect/sandbox"
import { Duration, Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import { audience, claims, fakeOrderCloud, makeKey, sign } from "./utils/tokens.js"

const verifierFor = (orderCloud: ReturnType<typeof fakeOrderCloud>, options: Partial<UserToken.Options> = {}) =>
  UserToken.layer({ baseUrl: audience, ...options }).pipe(Layer.provide(orderCloud.layer))

const reason = <A, R>(effect: Effect.Effect<A, import("@ordercloud-effect/receive").ReceiveError.InvalidToken, R>) =>
  Effect.map(Effect.flip(effect), (error) => error.reason)

// RSA key generation takes 50-500 ms a key: a generous limit for 2 busy cores.
describe("UserToken", { timeout: 30_000 }, () => {
  it.effect("verifies an RS256 token against {aud}/oauth/certs/{kid} and types its claims", () =>
    Effect.gen(function*() {
      const key = yield* makeKey("key-1")
      const orderCloud = fakeOrderCloud([key])
      const token = yield* sign(claims(), key)
      const user = yield* UserToken.verify(token).pipe(Effect.provide(verifierFor(orderCloud)))
      assert.deepStrictEqual(
        {
          username: user.username,
          clientID: user.clientID,
          userType: user.userType,
          roles: user.roles,
          databaseID: user.databaseID,
          audience: user.audience,
          expires: user.expires.toISOString()
        },
        {
          username: "buyer01",
          clientID: "storefront-client",
          userType: "buyer",
          roles: ["Shopper", "MeAddressAdmin"],
          databaseID: "1920563",
          audience,
          expires: "1970-01-01T00:10:00.000Z"
        }
      )
      assert.strictEqual(Redacted.value(user.token), token)
      assert.deepStrictEqual(orderCloud.requests, [`GET ${audience}/oauth/certs/key-1`])
      // A single role arrives as a plain string.
      const one = yield* UserToken.verify(yield* sign(claims({ role: "Shopper" }), key)).pipe(
        Effect.provide(verifierFor(orderCloud))
      )
      assert.deepStrictEqual(one.roles, ["Shopper"])
    }))

  it.effect("refuses expired and not-yet-valid tokens by the Clock (with optional leeway)", () =>
    Effect.gen(function*() {
      const key = yield* makeKey("key-1")
      const orderCloud = fakeOrderCloud([key])
      const token = yield* sign(claims({ nbf: 100, exp: 700 }), key)
      yield* Effect.gen(function*() {
        assert.strictEqual(yield* reason(UserToken.verify(token)), "notYetValid")
        yield* TestClock.adjust(Duration.seconds(100))
        yield* UserToken.verify(token)
        yield* TestClock.adjust(Duration.seconds(599))
        yield* UserToken.verify(token)
        yield* TestClock.adjust(Duration.seconds(1))
        assert.strictEqual(yield* reason(UserToken.verify(token)), "expired")
      }).pipe(Effect.provide(verifierFor(orderCloud)))
      // 30 s of leeway accepts the token until 730 s.
      yield* UserToken.verify(token).pipe(Effect.provide(verifierFor(orderCloud, { leeway: Duration.seconds(30) })))
    }))

  it.effect("refuses forged, wrong-key, unknown-key, other-audience and malformed tokens", () =>
    Effect.gen(function*() {
      const key = yield* makeKey("key-1")
      const attacker = yield* makeKey("key-1")
      const other = yield* makeKey("key-2")
      const orderCloud = fakeOrderCloud([key, other])
      const good = yield* sign(claims(), key)
      const [header, payload] = good.split(".")
      const reasons = yield* Effect.all([
        // The attacker's key under the real kid.
        reason(UserToken.verify(yield* sign(claims(), attacker))),
        // A real key, but not the one the header names.
        reason(UserToken.verify(yield* sign(claims(), other, { alg: "RS256", kid: "key-1" }))),
        // Claims changed after signing.
        reason(
          UserToken.verify(
            `${header}.${Buffer.from(JSON.stringify(claims({ usr: "admin" }))).toString("base64url")}.${
              good.split(".")[2]
            }`
          )
        ),
        reason(UserToken.verify(yield* sign(claims(), key, { alg: "HS256", kid: "key-1" }))),
        reason(UserToken.verify(yield* sign(claims(), key, { alg: "RS256", kid: "key-9" }))),
        reason(UserToken.verify(yield* sign(claims({ aud: "https://evil.test" }), key))),
        reason(UserToken.verify(`${header}.${payload}`)),
        reason(UserToken.verify("not a token"))
      ]).pipe(Effect.provide(verifierFor(orderCloud)))
      assert.deepStrictEqual(reasons, [
        "signature",
        "signature",
        "signature",
        "signature",
        "unknownKey",
        "untrustedAudience",
        "malformed",
        "malformed"
      ])
      // Nothing was fetched from the other audience.
      assert.isFalse(orderCloud.requests.some((request) => request.includes("evil")))
    }))

  it.effect("fetches an unknown key once for many concurrent requests, then from the cache", () =>
    Effect.gen(function*() {
      const key = yield* makeKey("key-1")
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const orderCloud = fakeOrderCloud([key], { gate })
      const tokens = yield* Effect.all(Array.from({ length: 20 }, (_, i) => sign(claims({ usr: `buyer${i}` }), key)))
      yield* Effect.gen(function*() {
        const all = yield* Effect.fork(Effect.all(tokens.map((t) => UserToken.verify(t)), { concurrency: "unbounded" }))
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
        release()
        const users = yield* Fiber.join(all)
        assert.strictEqual(users.length, 20)
        yield* UserToken.verify(tokens[0]!)
      }).pipe(Effect.provide(verifierFor(orderCloud)))
      assert.deepStrictEqual(orderCloud.requests, [`GET ${audience}/oauth/certs/key-1`])
    }))

  it.effect("checks a token without kid by calling GET {aud}/v1/me with it", () =>
    Effect.gen(function*() {
      const key = yield* makeKey("portal")
      const accepted = yield* sign(claims(), key, { alg: "RS256", typ: "JWT" })
      const refused = yield* sign(claims({ usr: "someone" }), key, { alg: "RS256", typ: "JWT" })
      const orderCloud = fakeOrderCloud([], { meAccepts: [accepted] })
      yield* Effect.gen(function*() {
        const user = yield* UserToken.verify(accepted)
        assert.strictEqual(user.username, "buyer01")
        assert.strictEqual(yield* reason(UserToken.verify(refused)), "rejected")
      }).pipe(Effect.provide(verifierFor(orderCloud)))
      assert.deepStrictEqual(orderCloud.requests, [`GET ${audience}/v1/me`, `GET ${audience}/v1/me`])
    }))

  it.effect("middleware: the route sees CurrentUser; no or a bad token is 401 and the route never runs", () =>
    Effect.gen(function*() {
      const key = yield* makeKey("key-1")
      const orderCloud = fakeOrderCloud([key])
      let runs = 0
      const router = HttpRouter.empty.pipe(
        HttpRouter.get(
          "/greeting",
          Effect.map(UserToken.CurrentUser, (user) => {
            runs++
            return HttpServerResponse.text(`Hello ${user.username} (${user.roles.join(", ")})`)
          })
        ),
        HttpRouter.use(UserToken.middleware)
      )
      const handler = HttpApp.toWebHandler(Effect.provide(router, verifierFor(orderCloud)))
      const call = (authorization?: string) =>
        Effect.promise(async () => {
          const response = await handler(
            new Request("https://shop.test/greeting", authorization === undefined ? {} : { headers: { authorization } })
          )
          return {
            status: response.status,
            text: await response.text(),
            auth: response.headers.get("www-authenticate")
          }
        })
      // The web handler runs on the real clock.
      const live = claims({ exp: Math.floor(Date.now() / 1000) + 600 })
      const ok = yield* call(`Bearer ${yield* sign(live, key)}`)
      assert.deepStrictEqual(ok, { status: 200, text: "Hello buyer01 (Shopper, MeAddressAdmin)", auth: null })
      const none = yield* call()
      const forged = yield* call(`Bearer ${yield* sign(live, yield* makeKey("key-1"))}`)
      assert.deepStrictEqual([none.status, forged.status], [401, 401])
      assert.strictEqual(none.auth, `Bearer error="invalid_token"`)
      assert.strictEqual(runs, 1)
    }))

  it.effect("verifies a real sandbox token (RS256, kid, /oauth/certs) and calls OrderCloud back as the user", () =>
    Effect.gen(function*() {
      // One sandbox: the client, the session and the verifier's key fetch all reach it.
      const client = OrderCloudClient.layer().pipe(
        Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: Sandbox.defaultBaseUrl })))
      )
      const buyer = Session.layerPassword({
        clientID: Seed.storefrontClientID,
        username: Seed.buyerUsername,
        password: Redacted.make(Seed.buyerPassword),
        scope: ["Shopper", "MeAdmin"]
      })
      yield* Effect.gen(function*() {
        const session = yield* Session.Session
        const token = yield* session.token
        const verifier = yield* UserToken.make({ baseUrl: Sandbox.defaultBaseUrl })
        const user = yield* verifier.verify(token)
        assert.strictEqual(user.username, Seed.buyerUsername)
        assert.strictEqual(user.userType, "buyer")
        const me = yield* Me.get().pipe(Effect.provideService(Session.Session, user.session))
        assert.strictEqual(me.Username, Seed.buyerUsername)
      }).pipe(Effect.provide(Layer.provideMerge(Layer.provideMerge(buyer, client), Sandbox.layer())))
    }))
})
