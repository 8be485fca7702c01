import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { Config, ConfigProvider, Effect, Layer, TestClock } from "effect"
import { clientLayer, fakeServer, json, tokenResponse, whoAmI } from "./utils/server.js"

type SessionLayer<E> = Layer.Layer<Session.Session, E, OrderCloudClient.OrderCloudClient>

/** Builds `session` from `env`, makes one call, returns the token request body. */
const tokenBody = <E>(env: Record<string, string>, session: SessionLayer<E>) =>
  Effect.gen(function*() {
    const server = fakeServer()
    yield* whoAmI.pipe(
      Effect.provide(Layer.provideMerge(session, clientLayer(server))),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
    )
    return server.tokenRequests[0]?.body
  })

const missing = <E>(env: Record<string, string>, session: SessionLayer<E>) =>
  Effect.gen(function*() {
    const server = fakeServer()
    const error = yield* Effect.flip(
      whoAmI.pipe(
        Effect.provide(Layer.provideMerge(session, clientLayer(server))),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
      )
    )
    assert.strictEqual(server.tokenRequests.length + server.apiRequests.length, 0)
    return error
  })

describe("layerConfig variants", () => {
  it.effect("password: ORDERCLOUD_CLIENT_ID, _USERNAME, _PASSWORD, _SCOPE, _CUSTOM_ROLES", () =>
    Effect.gen(function*() {
      const body = yield* tokenBody({
        ORDERCLOUD_CLIENT_ID: "buyer-app",
        ORDERCLOUD_USERNAME: "buyer01",
        ORDERCLOUD_PASSWORD: "pa ss",
        ORDERCLOUD_SCOPE: "Shopper, MeAdmin",
        ORDERCLOUD_CUSTOM_ROLES: "VIP"
      }, Session.layerPasswordConfig())
      assert.strictEqual(
        body,
        "grant_type=password&username=buyer01&password=pa%20ss&client_id=buyer-app&scope=Shopper%20MeAdmin%20VIP"
      )
      const error = yield* missing(
        { ORDERCLOUD_CLIENT_ID: "buyer-app", ORDERCLOUD_USERNAME: "buyer01" },
        Session.layerPasswordConfig()
      )
      assert.strictEqual(error._tag, "ConfigError")
      assert.include(String(error), "ORDERCLOUD_PASSWORD")
    }))

  it.effect("elevated: adds ORDERCLOUD_CLIENT_SECRET", () =>
    Effect.gen(function*() {
      const body = yield* tokenBody({
        ORDERCLOUD_CLIENT_ID: "admin-app",
        ORDERCLOUD_CLIENT_SECRET: "sh",
        ORDERCLOUD_USERNAME: "admin",
        ORDERCLOUD_PASSWORD: "pw",
        ORDERCLOUD_SCOPE: "FullAccess"
      }, Session.layerElevatedConfig())
      assert.strictEqual(
        body,
        "grant_type=password&scope=FullAccess&client_id=admin-app&username=admin&password=pw&client_secret=sh"
      )
      const error = yield* missing(
        { ORDERCLOUD_CLIENT_ID: "a", ORDERCLOUD_USERNAME: "u", ORDERCLOUD_PASSWORD: "p" },
        Session.layerElevatedConfig()
      )
      assert.include(String(error), "ORDERCLOUD_CLIENT_SECRET")
    }))

  it.effect("client credentials: ORDERCLOUD_CLIENT_ID, ORDERCLOUD_CLIENT_SECRET, scope optional", () =>
    Effect.gen(function*() {
      const body = yield* tokenBody(
        { ORDERCLOUD_CLIENT_ID: "int", ORDERCLOUD_CLIENT_SECRET: "sh" },
        Session.layerClientCredentialsConfig()
      )
      assert.strictEqual(body, "grant_type=client_credentials&client_id=int&client_secret=sh")
    }))

  it.effect("anonymous: ORDERCLOUD_CLIENT_ID, ORDERCLOUD_SCOPE, ORDERCLOUD_ANON_USER_ID", () =>
    Effect.gen(function*() {
      const body = yield* tokenBody(
        { ORDERCLOUD_CLIENT_ID: "shop", ORDERCLOUD_SCOPE: "Shopper", ORDERCLOUD_ANON_USER_ID: "v1" },
        Session.layerAnonymousConfig()
      )
      assert.strictEqual(body, "grant_type=client_credentials&client_id=shop&scope=Shopper&anonuserid=v1")
      const error = yield* missing({}, Session.layerAnonymousConfig())
      assert.include(String(error), "ORDERCLOUD_CLIENT_ID")
    }))

  it.effect("refresh token: ORDERCLOUD_REFRESH_TOKEN, ORDERCLOUD_CLIENT_SECRET optional", () =>
    Effect.gen(function*() {
      const plain = yield* tokenBody(
        { ORDERCLOUD_CLIENT_ID: "app", ORDERCLOUD_REFRESH_TOKEN: "rt" },
        Session.layerRefreshTokenConfig()
      )
      assert.strictEqual(plain, "grant_type=refresh_token&client_id=app&refresh_token=rt")
      const withSecret = yield* tokenBody(
        { ORDERCLOUD_CLIENT_ID: "app", ORDERCLOUD_REFRESH_TOKEN: "rt", ORDERCLOUD_CLIENT_SECRET: "sh" },
        Session.layerRefreshTokenConfig()
      )
      assert.strictEqual(withSecret, "grant_type=refresh_token&client_id=app&refresh_token=rt&client_secret=sh")
    }))

  it.effect("access token: ORDERCLOUD_ACCESS_TOKEN", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const token = yield* whoAmI.pipe(
        Effect.provide(Layer.merge(Session.layerAccessTokenConfig(), clientLayer(server))),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ORDERCLOUD_ACCESS_TOKEN", "given"]])))
      )
      assert.strictEqual(token, "given")
      const error = yield* Effect.flip(
        whoAmI.pipe(
          Effect.provide(Layer.merge(Session.layerAccessTokenConfig(), clientLayer(server))),
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
        )
      )
      assert.include(String(error), "ORDERCLOUD_ACCESS_TOKEN")
    }))

  it.effect("impersonation: ORDERCLOUD_IMPERSONATION_* with the client ID defaulting to ORDERCLOUD_CLIENT_ID", () =>
    Effect.gen(function*() {
      const env = new Map(Object.entries({
        ORDERCLOUD_CLIENT_ID: "buyer-app",
        ORDERCLOUD_ACCESS_TOKEN: "seller-token",
        ORDERCLOUD_IMPERSONATION_BUYER_ID: "b1",
        ORDERCLOUD_IMPERSONATION_USER_ID: "u1",
        ORDERCLOUD_IMPERSONATION_SCOPE: "Shopper MeAdmin",
        ORDERCLOUD_IMPERSONATION_CUSTOM_ROLES: "VIP"
      }))
      const run = (extra: Record<string, string>) =>
        Effect.gen(function*() {
          const server = fakeServer({
            api: (request) =>
              request.path.endsWith("/accesstoken") ? tokenResponse("buyer-token") : json(200, { token: request.token })
          })
          const token = yield* whoAmI.pipe(
            Effect.provide(
              Session.layerImpersonationConfig().pipe(
                Layer.provide(Session.layerAccessTokenConfig()),
                Layer.provideMerge(clientLayer(server))
              )
            ),
            Effect.withConfigProvider(ConfigProvider.fromMap(new Map([...env, ...Object.entries(extra)])))
          )
          assert.strictEqual(token, "buyer-token")
          assert.strictEqual(server.apiRequests[0]!.path, "/v1/buyers/b1/users/u1/accesstoken")
          assert.strictEqual(server.apiRequests[0]!.token, "seller-token")
          return JSON.parse(server.apiRequests[0]!.body) as unknown
        })
      assert.deepStrictEqual(yield* run({}), {
        ClientID: "buyer-app",
        Roles: ["Shopper", "MeAdmin"],
        CustomRoles: ["VIP"]
      })
      assert.deepStrictEqual(yield* run({ ORDERCLOUD_IMPERSONATION_CLIENT_ID: "other-app" }), {
        ClientID: "other-app",
        Roles: ["Shopper", "MeAdmin"],
        CustomRoles: ["VIP"]
      })
    }))

  it.effect("ORDERCLOUD_TOKEN_EXPIRY_MARGIN sets the margin", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: (_, index) => tokenResponse(`token-${index + 1}`) })
      yield* Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("479 seconds")
        assert.strictEqual(yield* whoAmI, "token-1")
        yield* TestClock.adjust("1 second")
        assert.strictEqual(yield* whoAmI, "token-2")
      }).pipe(
        Effect.provide(Layer.provideMerge(Session.layerClientCredentialsConfig(), clientLayer(server))),
        Effect.withConfigProvider(ConfigProvider.fromMap(
          new Map([["ORDERCLOUD_CLIENT_ID", "int"], ["ORDERCLOUD_CLIENT_SECRET", "sh"], [
            "ORDERCLOUD_TOKEN_EXPIRY_MARGIN",
            "2 minutes"
          ]])
        ))
      )
    }))

  it.effect("each variable can be replaced by another Config (two users from one environment)", () =>
    Effect.gen(function*() {
      const body = yield* tokenBody(
        { ORDERCLOUD_CLIENT_ID: "app", BUYER_USERNAME: "b", BUYER_PASSWORD: "p" },
        Session.layerPasswordConfig({
          username: Config.string("BUYER_USERNAME"),
          password: Config.redacted("BUYER_PASSWORD"),
          scope: Config.succeed(["Shopper"])
        })
      )
      assert.strictEqual(body, "grant_type=password&username=b&password=p&client_id=app&scope=Shopper")
    }))

  it.effect("Session.roles reads spaces or commas, and nothing when missing", () =>
    Effect.gen(function*() {
      const read = (value: string | undefined) =>
        Session.roles("R").pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map(value === undefined ? [] : [["R", value]])))
        )
      assert.deepStrictEqual(yield* read("A B,C ,  D"), ["A", "B", "C", "D"])
      assert.deepStrictEqual(yield* read(""), [])
      assert.deepStrictEqual(yield* read(undefined), [])
    }))
})
