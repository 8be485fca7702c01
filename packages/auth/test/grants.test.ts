import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { Effect, Layer, Redacted } from "effect"
import { clientLayer, type FakeServer, fakeServer, json, tokenResponse, whoAmI } from "./utils/server.js"

const secret = Redacted.make("s3cr&t =+%")
const password = Redacted.make("p@ss w&rd=1")

const firstTokenRequest = (
  server: FakeServer,
  session: Layer.Layer<Session.Session, never, OrderCloudClient.OrderCloudClient>,
  config: { readonly authUrl?: string } = {}
) =>
  Effect.gen(function*() {
    const token = yield* whoAmI
    assert.strictEqual(token, "token-1")
    assert.strictEqual(server.tokenRequests.length, 1)
    return server.tokenRequests[0]!
  }).pipe(Effect.provide(Layer.provideMerge(session, clientLayer(server, { config }))))

describe("token requests", () => {
  it.effect("password: grant_type, username, password, client_id, scope", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const request = yield* firstTokenRequest(
        server,
        Session.layerPassword({
          clientID: "buyer-app",
          username: "buyer01",
          password,
          scope: ["Shopper", "MeAdmin"],
          customRoles: ["VIP"]
        })
      )
      assert.strictEqual(
        request.body,
        "grant_type=password&username=buyer01&password=p%40ss%20w%26rd%3D1&client_id=buyer-app&scope=Shopper%20MeAdmin%20VIP"
      )
      assert.deepStrictEqual(request.fields, ["grant_type", "username", "password", "client_id", "scope"])
      assert.strictEqual(request.form.get("password"), "p@ss w&rd=1")
    }))

  it.effect("elevated: grant_type, scope, client_id, username, password, client_secret", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const request = yield* firstTokenRequest(
        server,
        Session.layerElevated({
          clientID: "admin-app",
          clientSecret: secret,
          username: "admin01",
          password,
          scope: ["FullAccess"]
        })
      )
      assert.strictEqual(
        request.body,
        "grant_type=password&scope=FullAccess&client_id=admin-app&username=admin01&password=p%40ss%20w%26rd%3D1&client_secret=s3cr%26t%20%3D%2B%25"
      )
      assert.strictEqual(request.form.get("client_secret"), "s3cr&t =+%")
    }))

  it.effect("client credentials: grant_type, scope, client_id, client_secret", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const request = yield* firstTokenRequest(
        server,
        Session.layerClientCredentials({
          clientID: "integration",
          clientSecret: secret,
          scope: ["OrderAdmin", "ProductReader"]
        })
      )
      assert.strictEqual(
        request.body,
        "grant_type=client_credentials&scope=OrderAdmin%20ProductReader&client_id=integration&client_secret=s3cr%26t%20%3D%2B%25"
      )
    }))

  it.effect("anonymous: grant_type, client_id, scope, then anonuserid when given; no secret", () =>
    Effect.gen(function*() {
      const without = fakeServer()
      const plain = yield* firstTokenRequest(
        without,
        Session.layerAnonymous({ clientID: "storefront", scope: ["Shopper"] })
      )
      assert.strictEqual(plain.body, "grant_type=client_credentials&client_id=storefront&scope=Shopper")

      const withId = fakeServer()
      const tracked = yield* firstTokenRequest(
        withId,
        Session.layerAnonymous({ clientID: "storefront", scope: ["Shopper"], anonUserID: "visitor 42" })
      )
      assert.strictEqual(
        tracked.body,
        "grant_type=client_credentials&client_id=storefront&scope=Shopper&anonuserid=visitor%2042"
      )
    }))

  it.effect("refresh token: grant_type, client_id, refresh_token (+ client_secret when configured)", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const request = yield* firstTokenRequest(
        server,
        Session.layerRefreshToken({ clientID: "buyer-app", refreshToken: Redacted.make("rt/1+2") })
      )
      assert.strictEqual(request.body, "grant_type=refresh_token&client_id=buyer-app&refresh_token=rt%2F1%2B2")

      const withSecret = fakeServer()
      const secretRequest = yield* firstTokenRequest(
        withSecret,
        Session.layerRefreshToken({ clientID: "admin-app", refreshToken: Redacted.make("rt"), clientSecret: secret })
      )
      assert.strictEqual(
        secretRequest.body,
        "grant_type=refresh_token&client_id=admin-app&refresh_token=rt&client_secret=s3cr%26t%20%3D%2B%25"
      )
    }))

  it.effect("scope: custom roles alone are sent alone (never `undefined`), no roles drops the field", () =>
    Effect.gen(function*() {
      const customOnly = fakeServer()
      const custom = yield* firstTokenRequest(
        customOnly,
        Session.layerPassword({ clientID: "app", username: "u", password, customRoles: ["VIP", "Beta"] })
      )
      assert.strictEqual(custom.form.get("scope"), "VIP Beta")
      assert.isFalse(custom.body.includes("undefined"))

      const none = fakeServer()
      const bare = yield* firstTokenRequest(none, Session.layerPassword({ clientID: "app", username: "u", password }))
      assert.deepStrictEqual(bare.fields, ["grant_type", "username", "password", "client_id"])

      const empties = fakeServer()
      const dropped = yield* firstTokenRequest(
        empties,
        Session.layerAnonymous({ clientID: "app", scope: ["", " "], customRoles: [], anonUserID: "" })
      )
      assert.strictEqual(dropped.body, "grant_type=client_credentials&client_id=app")
    }))

  it.effect("POSTs a form to {authUrl}/oauth/token, Accept: application/json, no Authorization", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const request = yield* firstTokenRequest(
        server,
        Session.layerClientCredentials({ clientID: "integration", clientSecret: secret }),
        { authUrl: "https://auth.test.example" }
      )
      assert.strictEqual(request.url, "https://auth.test.example/oauth/token")
      assert.strictEqual(request.headers.get("content-type"), "application/x-www-form-urlencoded")
      assert.strictEqual(request.headers.get("accept"), "application/json")
      assert.isNull(request.headers.get("authorization"))
      assert.deepStrictEqual(server.log, ["POST /oauth/token", "GET /v1/me"])
      assert.strictEqual(server.apiRequests[0]!.url, "https://api.test.example/v1/me")
    }))

  it.effect("impersonation: the seller POSTs {ClientID, Roles, CustomRoles} to the accesstoken endpoint", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: () => tokenResponse("seller-token"),
        api: (request) =>
          request.path.endsWith("/accesstoken")
            ? tokenResponse("buyer-token", { expiresIn: 600 })
            : json(200, { token: request.token })
      })
      const seller = Session.layerPassword({
        clientID: "admin-app",
        username: "admin",
        password,
        scope: ["BuyerImpersonation"]
      })
      const impersonated = Session.layerImpersonation({
        buyerID: "buyer/1",
        userID: "user 1",
        clientID: "buyer-app",
        scope: ["Shopper"],
        customRoles: ["VIP"]
      })
      const token = yield* whoAmI.pipe(
        Effect.provide(impersonated.pipe(Layer.provide(seller), Layer.provideMerge(clientLayer(server))))
      )
      assert.strictEqual(token, "buyer-token")
      const [impersonate, me] = server.apiRequests
      assert.strictEqual(impersonate!.method, "POST")
      assert.strictEqual(impersonate!.url, "https://api.test.example/v1/buyers/buyer%2F1/users/user%201/accesstoken")
      assert.strictEqual(impersonate!.token, "seller-token")
      assert.strictEqual(impersonate!.headers.get("content-type"), "application/json")
      assert.deepStrictEqual(JSON.parse(impersonate!.body), {
        ClientID: "buyer-app",
        Roles: ["Shopper"],
        CustomRoles: ["VIP"]
      })
      assert.strictEqual(me!.token, "buyer-token")
      assert.deepStrictEqual(server.log, [
        "POST /oauth/token",
        "POST /v1/buyers/buyer%2F1/users/user%201/accesstoken",
        "GET /v1/me"
      ])
    }))

  it.effect("access token: sent as given, no token request", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const token = yield* whoAmI.pipe(
        Effect.provide(
          Layer.merge(Session.layerAccessToken({ accessToken: Redacted.make("from-sso") }), clientLayer(server))
        )
      )
      assert.strictEqual(token, "from-sso")
      assert.strictEqual(server.tokenRequests.length, 0)
    }))
})
