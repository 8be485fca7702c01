/**
 * Single sign-on with OpenID Connect end to end (CONVENTIONS 2.7): the auth
 * package's `/ocrplogin` URL, the sandbox's stand-in identity provider,
 * `/ocrpcode`, the redirect to the AppStartUrl with `{0}` to `{3}`, and a
 * session from what it hands over that renews itself.
 */
import * as HttpApp from "@effect/platform/HttpApp"
import { assert, describe, it } from "@effect/vitest"
import { AccessToken, OpenIdConnect, Session } from "@ordercloud-effect/auth"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Transport from "@ordercloud-effect/core/Transport"
import { Me, OpenIdConnects } from "@ordercloud-effect/resources"
import type { OpenIdConnectWrite } from "@ordercloud-effect/resources/models/OpenIdConnect"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as IdentityProvider from "../src/IdentityProvider.js"
import * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import { seller } from "./utils/sessions.js"

type Handler = (request: Request) => Promise<Response>

/** A fresh sandbox: its web handler (for the browser) and the client over the same handler. */
const sandbox = Effect.gen(function*() {
  const made = yield* Sandbox.make()
  const handler: Handler = HttpApp.toWebHandlerRuntime(yield* Effect.runtime<never>())(made.app)
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init))
  const client = yield* Layer.build(
    OrderCloudClient.layer().pipe(
      Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: made.baseUrl }))),
      Layer.provide(Transport.layerFetch(fetch as typeof globalThis.fetch))
    )
  )
  return { handler, client, baseUrl: made.baseUrl }
})

const appStartBase = "https://shop.example/sso"

/** The config the seller creates, pointing at the stand-in provider. */
const config = (baseUrl: string, overrides: Partial<OpenIdConnectWrite> = {}) =>
  OpenIdConnects.create({
    ID: "sandbox-sso",
    OrderCloudApiClientID: Seed.storefrontClientID,
    ConnectClientID: "shop",
    ConnectClientSecret: "not checked by the stand-in",
    AppStartUrl: OpenIdConnect.appStartUrl(appStartBase),
    ...IdentityProvider.endpoints(baseUrl),
    ...overrides
  })

/** A browser step: the answer as it is (no redirect followed). */
const get = (handler: Handler, url: string) => Effect.promise(() => handler(new Request(url)))

/** Through the provider's form as `username`: the answer of `/ocrpcode`. */
const signInAt = (handler: Handler, loginUrl: string, username: string) =>
  Effect.gen(function*() {
    const toProvider = yield* get(handler, loginUrl)
    assert.strictEqual(toProvider.status, 302)
    const page = yield* get(handler, toProvider.headers.get("location")!)
    const html = yield* Effect.promise(() => page.text())
    assert.include(html, "Sandbox identity provider")
    const form = new URLSearchParams({ username })
    for (const [, name, value] of html.matchAll(/name="(\w+)" value="([^"]*)"/g)) form.set(name!, value!)
    const posted = yield* Effect.promise(() =>
      handler(
        new Request(new URL(/action="([^"]+)"/.exec(html)![1]!, page.url || toProvider.headers.get("location")!), {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: form.toString()
        })
      )
    )
    assert.strictEqual(posted.status, 302)
    return yield* get(handler, posted.headers.get("location")!)
  })

const errorCode = (response: Response) =>
  Effect.promise(async () => (await response.json() as { Errors: Array<{ ErrorCode: string }> }).Errors[0]!.ErrorCode)

describe("SSO with OpenID Connect", () => {
  it.effect("a buyer signs in at the stand-in provider and the app gets a session that renews itself", () =>
    Effect.gen(function*() {
      const { baseUrl, client, handler } = yield* sandbox
      yield* config(baseUrl).pipe(Effect.provide(seller), Effect.provide(client))
      const loginUrl = yield* OpenIdConnect.loginUrl({
        openIdConnectID: "sandbox-sso",
        clientID: Seed.storefrontClientID,
        scope: ["Shopper", "MeAdmin"],
        appStartPath: "/account?tab=orders"
      }).pipe(Effect.provide(client))
      assert.strictEqual(
        loginUrl,
        `${baseUrl}/ocrplogin?id=sandbox-sso&cid=sandbox-storefront&roles=Shopper%20MeAdmin&appstartpath=%2Faccount%3Ftab%3Dorders`
      )

      const toProvider = yield* get(handler, loginUrl)
      const authorize = new URL(toProvider.headers.get("location")!)
      assert.strictEqual(`${authorize.origin}${authorize.pathname}`, `${baseUrl}${IdentityProvider.authorizePath}`)
      assert.strictEqual(authorize.searchParams.get("client_id"), "shop")
      assert.strictEqual(authorize.searchParams.get("redirect_uri"), `${baseUrl}/ocrpcode`)
      assert.strictEqual(authorize.searchParams.get("response_type"), "code")

      const landed = yield* signInAt(handler, loginUrl, Seed.buyerUsername)
      assert.strictEqual(landed.status, 302)
      const location = landed.headers.get("location")!
      assert.isTrue(location.startsWith(`${appStartBase}?token=`))
      const appStart = yield* OpenIdConnect.readAppStart(location)
      assert.strictEqual(appStart.appStartPath, "/account?tab=orders")
      assert.isDefined(appStart.refreshToken)
      const claims = yield* AccessToken.claims(appStart.accessToken)
      assert.strictEqual(claims.usr, Seed.buyerUsername)
      assert.strictEqual(claims.cid, Seed.storefrontClientID)
      assert.deepStrictEqual(claims.role, ["Shopper", "MeAdmin"])
      const idp = JSON.parse(
        atob(Redacted.value(appStart.idpToken!).split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))
      )
      assert.deepInclude(idp, { sub: Seed.buyerUsername, aud: "shop" })

      const renewed: Array<Session.Tokens> = []
      const session = yield* Layer.build(
        OpenIdConnect.layer(appStart, { onTokens: (tokens) => Effect.sync(() => renewed.push(tokens)) }).pipe(
          Layer.provide(Layer.succeedContext(client))
        )
      )
      const me = yield* Me.get().pipe(Effect.provide(session), Effect.provide(client))
      assert.strictEqual(me.Username, Seed.buyerUsername)
      assert.strictEqual(renewed.length, 0)

      // The storefront client's tokens last 600 minutes: past that, the refresh token renews it.
      yield* TestClock.adjust("601 minutes")
      const later = yield* Me.get().pipe(Effect.provide(session), Effect.provide(client))
      assert.strictEqual(later.Username, Seed.buyerUsername)
      assert.strictEqual(renewed.length, 1)
      assert.notStrictEqual(Redacted.value(renewed[0]!.accessToken), Redacted.value(appStart.accessToken))
    }).pipe(Effect.scoped))

  it.effect("refuses what OrderCloud refuses: an unknown config, another API client, a reused code, an unknown user, a foreign provider", () =>
    Effect.gen(function*() {
      const { baseUrl, client, handler } = yield* sandbox
      yield* config(baseUrl).pipe(Effect.provide(seller), Effect.provide(client))
      yield* config(baseUrl, { ID: "foreign", TokenEndpoint: "https://idp.example/token" }).pipe(
        Effect.provide(seller),
        Effect.provide(client)
      )
      const login = (id: string, cid = Seed.storefrontClientID) => `${baseUrl}/ocrplogin?id=${id}&cid=${cid}`

      const unknown = yield* get(handler, login("nope"))
      assert.strictEqual(unknown.status, 404)
      const otherClient = yield* get(handler, login("sandbox-sso", Seed.adminClientID))
      assert.strictEqual(otherClient.status, 400)

      const nobody = yield* signInAt(handler, login("sandbox-sso"), "nobody")
      assert.strictEqual(yield* errorCode(nobody), "Auth.UserNotFound")
      const foreign = yield* signInAt(handler, login("foreign"), Seed.buyerUsername)
      assert.strictEqual(foreign.status, 400)

      // A code and its sign-in are good for one try.
      const toProvider = yield* get(handler, login("sandbox-sso"))
      const state = new URL(toProvider.headers.get("location")!).searchParams.get("state")!
      const posted = yield* Effect.promise(() =>
        handler(
          new Request(`${baseUrl}${IdentityProvider.authorizePath}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              username: Seed.buyerUsername,
              client_id: "shop",
              redirect_uri: `${baseUrl}/ocrpcode`,
              state
            }).toString()
          })
        )
      )
      const code = posted.headers.get("location")!
      assert.strictEqual((yield* get(handler, code)).status, 302)
      assert.strictEqual((yield* get(handler, code)).status, 400)

      // The stand-in sends codes to this sandbox's /ocrpcode only.
      const elsewhere = yield* Effect.promise(() =>
        handler(
          new Request(`${baseUrl}${IdentityProvider.authorizePath}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              username: Seed.buyerUsername,
              client_id: "shop",
              redirect_uri: "https://attacker.example/ocrpcode",
              state
            }).toString()
          })
        )
      )
      assert.strictEqual(elsewhere.status, 400)
      assert.isTrue(Either.isLeft(OpenIdConnect.readAppStart(`${appStartBase}?token=`)))
    }).pipe(Effect.scoped))
})
