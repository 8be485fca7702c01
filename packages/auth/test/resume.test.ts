/**
 * Sessions resumed from saved tokens, and `onTokens`: every pair a session
 * obtains is reported so the app can save it again.
 */
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { ConfigProvider, Effect, Exit, Layer, Redacted, TestClock } from "effect"
import {
  clientLayer,
  type FakeServer,
  fakeServer,
  json,
  jwt,
  tokenResponse,
  unauthorized,
  whoAmI
} from "./utils/server.js"

const withSession = <E>(
  server: FakeServer,
  session: Layer.Layer<Session.Session, E, OrderCloudClient.OrderCloudClient>
) => Effect.provide(Layer.provideMerge(session, clientLayer(server)))

/** A saved access token for API client `storefront`, valid from 0 to 600 s (TestClock starts at 0). */
const saved = jwt({ cid: "storefront", usr: "buyer01", nbf: 0, exp: 600 })

interface Reported {
  readonly accessToken: string
  readonly refreshToken: string | undefined
  readonly expiresAt: number
}

const recorder = () => {
  const reported: Array<Reported> = []
  const onTokens = (tokens: Session.Tokens) =>
    Effect.sync(() => {
      reported.push({
        accessToken: Redacted.value(tokens.accessToken),
        refreshToken: tokens.refreshToken === undefined ? undefined : Redacted.value(tokens.refreshToken),
        expiresAt: tokens.expiresAt.getTime()
      })
    })
  return { reported, onTokens }
}

/** Each refresh answers access `token-N` with a rotated `refresh-N`. */
const rotating = () =>
  fakeServer({ token: (_, index) => tokenResponse(`token-${index + 1}`, { refreshToken: `refresh-${index + 1}` }) })

describe("layerResume: a saved access token plus refresh token", () => {
  it.effect("uses the access token until it nears expiry, then refreshes (client ID from cid) and reports each pair", () =>
    Effect.gen(function*() {
      const server = rotating()
      const { onTokens, reported } = recorder()
      const session = Session.layerResume({
        accessToken: Redacted.make(saved),
        refreshToken: Redacted.make("refresh-0"),
        onTokens
      })
      yield* Effect.gen(function*() {
        assert.strictEqual(yield* whoAmI, saved)
        yield* TestClock.adjust("569 seconds")
        assert.strictEqual(yield* whoAmI, saved)
        assert.strictEqual(server.tokenRequests.length, 0)
        yield* TestClock.adjust("1 second") // exp 600 s - 30 s margin
        assert.strictEqual(yield* whoAmI, "token-1")
        assert.strictEqual(
          server.tokenRequests[0]!.body,
          "grant_type=refresh_token&client_id=storefront&refresh_token=refresh-0"
        )
        yield* TestClock.adjust("570 seconds")
        assert.strictEqual(yield* whoAmI, "token-2")
        // The rotated refresh token is the one used next.
        assert.strictEqual(server.tokenRequests[1]!.form.get("refresh_token"), "refresh-1")
      }).pipe(withSession(server, session))
      assert.deepStrictEqual(reported, [
        { accessToken: "token-1", refreshToken: "refresh-1", expiresAt: 1_170_000 },
        { accessToken: "token-2", refreshToken: "refresh-2", expiresAt: 1_740_000 }
      ])
    }))

  it.effect("an explicit client ID and secret are sent on the refresh; a kept refresh token is reported again", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse("token-1") }) // no refresh_token in the answer
      const { onTokens, reported } = recorder()
      const session = Session.layerResume({
        accessToken: Redacted.make(saved),
        refreshToken: Redacted.make("refresh-0"),
        clientID: "other-client",
        clientSecret: Redacted.make("sh"),
        onTokens
      })
      yield* Effect.gen(function*() {
        yield* TestClock.adjust("570 seconds")
        assert.strictEqual(yield* whoAmI, "token-1")
      }).pipe(withSession(server, session))
      assert.strictEqual(
        server.tokenRequests[0]!.body,
        "grant_type=refresh_token&client_id=other-client&refresh_token=refresh-0&client_secret=sh"
      )
      assert.deepStrictEqual(reported.map((pair) => pair.refreshToken), ["refresh-0"])
    }))

  it.effect("an access token refused with 401 is replaced through the refresh token at once", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: () => tokenResponse("token-1", { refreshToken: "refresh-1" }),
        api: (request) => request.token === saved ? unauthorized() : json(200, { token: request.token })
      })
      const token = yield* whoAmI.pipe(
        withSession(
          server,
          Session.layerResume({ accessToken: Redacted.make(saved), refreshToken: Redacted.make("r") })
        )
      )
      assert.strictEqual(token, "token-1")
      assert.deepStrictEqual(server.apiRequests.map((request) => request.token), [saved, "token-1"])
    }))

  it.effect("without a client ID and without a readable cid, the layer fails with InvalidAccessToken and sends nothing", () =>
    Effect.gen(function*() {
      for (const accessToken of [jwt({ usr: "buyer01", exp: 600 }), "not-a-jwt"]) {
        const server = fakeServer()
        const exit = yield* Effect.exit(
          whoAmI.pipe(
            withSession(
              server,
              Session.layerResume({ accessToken: Redacted.make(accessToken), refreshToken: Redacted.make("r") })
            )
          )
        )
        assert.isTrue(Exit.isFailure(exit))
        const error = yield* Effect.flip(exit)
        assert.strictEqual(error._tag, "InvalidAccessToken")
        assert.include(error.message, "clientID")
        assert.notInclude(error.message, accessToken)
        assert.strictEqual(server.log.length, 0)
      }
    }))

  it.effect("an impersonation token (imp claim) is never renewed with a refresh token: the layer refuses it", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const impersonated = jwt({ cid: "storefront", usr: "buyer01", imp: "42", exp: 600 })
      const error = yield* whoAmI.pipe(
        withSession(
          server,
          Session.layerResume({
            accessToken: Redacted.make(impersonated),
            refreshToken: Redacted.make("seller-refresh")
          })
        ),
        Effect.flip
      )
      assert.strictEqual(error._tag, "InvalidAccessToken")
      assert.include(error.message, "layerImpersonation")
      assert.strictEqual(server.log.length, 0)
    }))

  it.effect("a token without exp (an opaque token, client ID given) is used until OrderCloud refuses it", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: () => tokenResponse("token-1"),
        api: (request, index) =>
          request.token === "opaque" && index >= 1 ? unauthorized() : json(200, { token: request.token })
      })
      yield* Effect.gen(function*() {
        yield* TestClock.adjust("30 days")
        assert.strictEqual(yield* whoAmI, "opaque")
        assert.strictEqual(yield* whoAmI, "token-1")
      }).pipe(
        withSession(
          server,
          Session.layerResume({
            accessToken: Redacted.make("opaque"),
            refreshToken: Redacted.make("r"),
            clientID: "app"
          })
        )
      )
      assert.strictEqual(server.tokenRequests.length, 1)
    }))
})

describe("layerResumeConfig", () => {
  it.effect("reads ORDERCLOUD_ACCESS_TOKEN and ORDERCLOUD_REFRESH_TOKEN; the client ID comes from cid", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      yield* Effect.gen(function*() {
        assert.strictEqual(yield* whoAmI, saved)
        yield* TestClock.adjust("570 seconds")
        assert.strictEqual(yield* whoAmI, "token-1")
      }).pipe(
        withSession(server, Session.layerResumeConfig()),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([["ORDERCLOUD_ACCESS_TOKEN", saved], ["ORDERCLOUD_REFRESH_TOKEN", "refresh-0"]])
          )
        )
      )
      assert.strictEqual(
        server.tokenRequests[0]!.body,
        "grant_type=refresh_token&client_id=storefront&refresh_token=refresh-0"
      )
    }))
})

describe("layerImpersonation with a saved token", () => {
  it.effect("uses it until it nears expiry, then asks the seller again: never a refresh_token grant", () =>
    Effect.gen(function*() {
      const impersonated = jwt({ cid: "storefront", usr: "buyer01", imp: "42", nbf: 0, exp: 600 })
      let asked = 0
      const server = fakeServer({
        token: () => tokenResponse("seller-token", { refreshToken: "seller-refresh", expiresIn: 36000 }),
        api: (request) =>
          request.path === "/v1/buyers/acme/users/buyer01/accesstoken"
            ? tokenResponse(`buyer01-token-${++asked + 1}`, { refreshToken: "buyer01-refresh" })
            : json(200, { token: request.token })
      })
      const { onTokens, reported } = recorder()
      const seller = Session.layerClientCredentials({
        clientID: "admin",
        clientSecret: Redacted.make("sh"),
        scope: ["BuyerImpersonation"]
      })
      const session = Session.layerImpersonation({
        buyerID: "acme",
        userID: "buyer01",
        clientID: "storefront",
        scope: ["Shopper"],
        accessToken: Redacted.make(impersonated),
        onTokens
      }).pipe(Layer.provide(seller))
      yield* Effect.gen(function*() {
        assert.strictEqual(yield* whoAmI, impersonated)
        yield* TestClock.adjust("570 seconds")
        assert.strictEqual(yield* whoAmI, "buyer01-token-2")
        yield* TestClock.adjust("570 seconds")
        assert.strictEqual(yield* whoAmI, "buyer01-token-3")
      }).pipe(withSession(server, session))
      assert.deepStrictEqual(server.tokenRequests.map((request) => request.form.get("grant_type")), [
        "client_credentials"
      ])
      assert.deepStrictEqual(
        server.apiRequests.filter((request) => request.path.endsWith("/accesstoken")).map((request) => request.token),
        ["seller-token", "seller-token"]
      )
      assert.deepStrictEqual(reported.map((pair) => pair.accessToken), ["buyer01-token-2", "buyer01-token-3"])
    }))
})

describe("onTokens", () => {
  it.effect("a password session reports its first token and each renewal, with the refresh token it will use", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: (_, index) =>
          index === 0 ? tokenResponse("token-1", { refreshToken: "refresh-1" }) : tokenResponse("token-2")
      })
      const { onTokens, reported } = recorder()
      const session = Session.layerPassword({ clientID: "app", username: "u", password: Redacted.make("pw"), onTokens })
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("570 seconds")
        yield* whoAmI
      }).pipe(withSession(server, session))
      assert.deepStrictEqual(reported, [
        { accessToken: "token-1", refreshToken: "refresh-1", expiresAt: 600_000 },
        { accessToken: "token-2", refreshToken: "refresh-1", expiresAt: 1_170_000 }
      ])
    }))

  it.effect("a callback that fails does not lose the token", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const session = Session.layerPassword({
        clientID: "app",
        username: "u",
        password: Redacted.make("pw"),
        onTokens: () => Effect.die("the database is down")
      })
      assert.strictEqual(yield* whoAmI.pipe(withSession(server, session)), "token-1")
    }))
})

describe("layerAnonymous with a saved guest token", () => {
  it.effect("is the same guest while the token lasts, then a new guest from the anonymous grant", () =>
    Effect.gen(function*() {
      const guest = jwt({ cid: "storefront", usr: "guest", orderid: "order-1", nbf: 0, exp: 600 })
      const server = fakeServer()
      const { onTokens, reported } = recorder()
      const session = Session.layerAnonymous({ clientID: "storefront", accessToken: Redacted.make(guest), onTokens })
      const [first, later] = yield* Effect.gen(function*() {
        const first = yield* whoAmI
        yield* TestClock.adjust("590 seconds")
        return [first, yield* whoAmI] as const
      }).pipe(withSession(server, session))
      assert.strictEqual(first, guest)
      assert.strictEqual(later, "token-1")
      assert.deepStrictEqual(server.tokenRequests.map((r) => r.body), [
        "grant_type=client_credentials&client_id=storefront"
      ])
      assert.deepStrictEqual(reported.map((r) => r.accessToken), ["token-1"])
    }))
})
