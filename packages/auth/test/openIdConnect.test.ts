/**
 * OpenIdConnect: the `/ocrplogin` URL, the AppStartUrl's parameters read
 * back, and the session from them. The flow end to end runs against the
 * sandbox's stand-in provider (packages/sandbox/test/sso.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import { OpenIdConnect, type Session } from "@ordercloud-effect/auth"
import { Effect, Either, Layer, Redacted, TestClock } from "effect"
import { baseUrl, clientLayer, fakeServer, jwt, tokenResponse, whoAmI } from "./utils/server.js"

const token = jwt({ cid: "storefront", usr: "buyer01", nbf: 0, exp: 600 })

describe("loginUrl", () => {
  it.effect("names the config, the client, the roles (spaces as %20) and the app start path, on the auth host", () =>
    Effect.gen(function*() {
      const url = yield* OpenIdConnect.loginUrl({
        openIdConnectID: "contoso",
        clientID: "storefront",
        scope: ["Shopper", "MeAdmin"],
        customRoles: ["VIP"],
        appStartPath: "/orders?page=2&sort=new"
      }).pipe(Effect.provide(clientLayer(fakeServer(), { config: { authUrl: "https://auth.test.example" } })))
      assert.strictEqual(
        url,
        "https://auth.test.example/ocrplogin?id=contoso&cid=storefront&roles=Shopper%20MeAdmin%20VIP" +
          "&appstartpath=%2Forders%3Fpage%3D2%26sort%3Dnew"
      )
      const bare = yield* OpenIdConnect.loginUrl({ openIdConnectID: "c o", clientID: "s&x" }).pipe(
        Effect.provide(clientLayer(fakeServer()))
      )
      assert.strictEqual(bare, `${baseUrl}/ocrplogin?id=c%20o&cid=s%26x`)
    }))

  it.effect("refuses empty IDs, roles with spaces and app start paths that leave the app, with InvalidRequest", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<OpenIdConnect.LoginOptions> = [
        { openIdConnectID: "", clientID: "storefront" },
        { openIdConnectID: "contoso", clientID: "" },
        { openIdConnectID: "contoso", clientID: "storefront", scope: ["Shopper MeAdmin"] },
        { openIdConnectID: "contoso", clientID: "storefront", appStartPath: "https://evil.example/" },
        { openIdConnectID: "contoso", clientID: "storefront", appStartPath: "//evil.example/" },
        { openIdConnectID: "contoso", clientID: "storefront", appStartPath: "/\\evil.example/" },
        { openIdConnectID: "contoso", clientID: "storefront", appStartPath: "account" }
      ]
      for (const options of cases) {
        const error = yield* Effect.flip(OpenIdConnect.loginUrl(options)).pipe(
          Effect.provide(clientLayer(fakeServer()))
        )
        assert.strictEqual(error._tag, "InvalidRequest", JSON.stringify(options))
        assert.strictEqual(error.reason, "Url")
      }
    }))
})

describe("appStartUrl and readAppStart", () => {
  it("writes {0} to {3} under named parameters, and reads them back", () => {
    const template = OpenIdConnect.appStartUrl("https://shop.example/sso?from=oc")
    assert.strictEqual(
      template,
      "https://shop.example/sso?from=oc&token={0}&idpToken={1}&appStartPath={2}&refreshToken={3}"
    )
    // What OrderCloud does with it: each value URL-encoded into its place.
    const values = [token, "idp.token.value", "/account?tab=1", "refresh-1"]
    const landed = template.replace(/\{(\d)\}/g, (_, i: string) => encodeURIComponent(values[Number(i)]!))
    const appStart = Either.getOrThrow(OpenIdConnect.readAppStart(landed))
    assert.strictEqual(Redacted.value(appStart.accessToken), token)
    assert.strictEqual(Redacted.value(appStart.idpToken!), "idp.token.value")
    assert.strictEqual(appStart.appStartPath, "/account?tab=1")
    assert.strictEqual(Redacted.value(appStart.refreshToken!), "refresh-1")
    assert.strictEqual(String(appStart.accessToken), "<redacted>")
  })

  it("reads empty values as absent, drops an app start path that leaves the app, and fails without a token", () => {
    const names = { accessToken: "t", idpToken: "i", appStartPath: "p", refreshToken: "r" }
    const appStart = Either.getOrThrow(
      OpenIdConnect.readAppStart(new URLSearchParams({ t: token, i: "", p: "//evil.example", r: "" }), names)
    )
    assert.isUndefined(appStart.idpToken)
    assert.isUndefined(appStart.appStartPath)
    assert.isUndefined(appStart.refreshToken)
    const missing = OpenIdConnect.readAppStart("/sso?refreshToken=secret-refresh")
    assert.isTrue(Either.isLeft(missing))
    if (Either.isLeft(missing)) {
      assert.strictEqual(missing.left._tag, "InvalidAppStart")
      assert.notInclude(missing.left.message, "secret-refresh")
    }
  })

  it("tokensOf: the tokens as a session reports them, expiring at the exp claim", () => {
    const tokens = Either.getOrThrow(OpenIdConnect.tokensOf({
      accessToken: Redacted.make(token),
      idpToken: undefined,
      appStartPath: undefined,
      refreshToken: Redacted.make("refresh-1")
    }))
    assert.strictEqual(tokens.expiresAt.getTime(), 600_000)
    assert.isTrue(Either.isLeft(OpenIdConnect.tokensOf({
      accessToken: Redacted.make("not-a-jwt"),
      idpToken: undefined,
      appStartPath: undefined,
      refreshToken: undefined
    })))
  })
})

describe("layer", () => {
  it.effect("uses the handed-over token, then renews with the refresh token (client from cid), reporting the pair", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse("token-2", { refreshToken: "refresh-2" }) })
      const reported: Array<Session.Tokens> = []
      const session = OpenIdConnect.layer({
        accessToken: Redacted.make(token),
        idpToken: Redacted.make("idp"),
        appStartPath: "/",
        refreshToken: Redacted.make("refresh-1")
      }, { onTokens: (tokens) => Effect.sync(() => reported.push(tokens)) })
      const [first, second] = yield* Effect.gen(function*() {
        const first = yield* whoAmI
        yield* TestClock.adjust("10 minutes")
        return [first, yield* whoAmI] as const
      }).pipe(Effect.provide(Layer.provideMerge(session, clientLayer(server))))
      assert.strictEqual(first, token)
      assert.strictEqual(second, "token-2")
      assert.deepStrictEqual(Object.fromEntries(server.tokenRequests[0]!.form), {
        grant_type: "refresh_token",
        client_id: "storefront",
        refresh_token: "refresh-1"
      })
      assert.strictEqual(Redacted.value(reported[0]!.refreshToken!), "refresh-2")
    }))

  it.effect("without a refresh token, sends the token as it is and never asks for another", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const session = OpenIdConnect.layer({
        accessToken: Redacted.make(token),
        idpToken: undefined,
        appStartPath: undefined,
        refreshToken: undefined
      })
      const sent = yield* whoAmI.pipe(Effect.provide(Layer.provideMerge(session, clientLayer(server))))
      assert.strictEqual(sent, token)
      assert.strictEqual(server.tokenRequests.length, 0)
    }))
})
