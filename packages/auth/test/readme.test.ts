/**
 * The README's examples are the files in test/readme (type-checked with the
 * tests): each ```ts block must be identical to the file its snippet marker
 * names, and the examples must run against the in-process OrderCloud.
 */
import { HttpApp, KeyValueStore } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Session, SessionCookies } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { ConfigProvider, Effect, Either, Fiber, Layer, Redacted, TestClock } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as claimsSnippet from "./readme/claims.js"
import * as cookiesSnippet from "./readme/cookies.js"
import * as errorsSnippet from "./readme/errors.js"
import * as impersonationSnippet from "./readme/impersonation.js"
import * as layersSnippet from "./readme/layers.js"
import * as loginSnippet from "./readme/login.js"
import * as perspectivesSnippet from "./readme/perspectives.js"
import * as quickstartSnippet from "./readme/quickstart.js"
import * as resumeSnippet from "./readme/resume.js"
import * as ssoSnippet from "./readme/sso.js"
import * as storeSnippet from "./readme/store.js"
import {
  clientLayer,
  type FakeServer,
  fakeServer,
  json,
  jwt,
  macrotask,
  tokenError,
  tokenResponse,
  whoAmI
} from "./utils/server.js"

const packageDir = path.join(import.meta.dirname, "..")
const readme = fs.readFileSync(path.join(packageDir, "README.md"), "utf8")

interface Block {
  readonly marker: string | undefined
  readonly code: string
}

const tsBlocks = (markdown: string): Array<Block> => {
  const blocks: Array<Block> = []
  const lines = markdown.split("\n")
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```ts") continue
    const marker = /^<!-- snippet: (\S+) -->$/.exec(lines[i - 1] ?? "")?.[1]
    const end = lines.indexOf("```", i + 1)
    assert.isAbove(end, i, `unterminated block at line ${i + 1}`)
    blocks.push({ marker, code: lines.slice(i + 1, end).join("\n") })
    i = end
  }
  return blocks
}

const secretOf = Redacted.make

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

const run = <A, E>(
  server: FakeServer,
  effect: Effect.Effect<A, E, OrderCloudClient.OrderCloudClient>,
  env: Record<string, string>
) => effect.pipe(Effect.provide(clientLayer(server)), withEnv(env))

describe("README", () => {
  it("every ```ts block is a snippet file, verbatim, and every snippet file is in the README", () => {
    const blocks = tsBlocks(readme)
    assert.isAtLeast(blocks.length, 6)
    for (const block of blocks) {
      assert.isDefined(block.marker, `a ts block has no <!-- snippet: ... --> marker:\n${block.code.slice(0, 80)}`)
      const file = fs.readFileSync(path.join(packageDir, block.marker!), "utf8").replace(/\n$/, "")
      assert.strictEqual(block.code, file, `README block differs from ${block.marker}`)
    }
    const files = fs.readdirSync(path.join(packageDir, "test/readme")).filter((name) => name.endsWith(".ts"))
    assert.deepStrictEqual(
      files.map((name) => `test/readme/${name}`).sort(),
      blocks.map((block) => block.marker).sort()
    )
  })

  it("documents every layer and every environment variable the code reads", () => {
    const layerNames = Object.keys(Session).filter((name) => name.startsWith("layer"))
    assert.strictEqual(layerNames.length, 16)
    for (const name of layerNames) assert.include(readme, `\`${name}\``)
    const sources = ["src/Session.ts", "src/internal/sessions.ts"].map((file) =>
      fs.readFileSync(path.join(packageDir, file), "utf8")
    ).join("\n")
    const variables = new Set(sources.match(/ORDERCLOUD_[A-Z_]+/g))
    assert.isAtLeast(variables.size, 14)
    for (const variable of variables) assert.include(readme, `\`${variable}\``)
  })

  it.effect("quick start: a buyer from ORDERCLOUD_* variables", () =>
    Effect.gen(function*() {
      const server = fakeServer({ api: () => json(200, { ID: "u1", Username: "buyer01" }) })
      const username = yield* run(server, quickstartSnippet.whoAmI, {
        ORDERCLOUD_CLIENT_ID: "buyer-app",
        ORDERCLOUD_USERNAME: "buyer01",
        ORDERCLOUD_PASSWORD: "pw",
        ORDERCLOUD_SCOPE: "Shopper"
      })
      assert.strictEqual(username, "buyer01")
      assert.strictEqual(
        server.tokenRequests[0]!.body,
        "grant_type=password&username=buyer01&password=pw&client_id=buyer-app&scope=Shopper"
      )
    }))

  it.effect("layers: each builds and authenticates", () =>
    Effect.gen(function*() {
      const secret = secretOf("s")
      const layers = [
        layersSnippet.buyer(secret),
        layersSnippet.admin(secret, secret),
        layersSnippet.integration(secret),
        layersSnippet.guest,
        layersSnippet.returning(secret),
        layersSnippet.SellerLive
      ]
      for (const layer of layers) {
        const server = fakeServer()
        const token = yield* run(server, whoAmI.pipe(Effect.provide(layer)), { SELLER_PASSWORD: "pw" })
        assert.strictEqual(token, "token-1")
      }
      const forwarded = yield* run(
        fakeServer(),
        whoAmI.pipe(Effect.provide(layersSnippet.forwarded(secretOf("x")))),
        {}
      )
      assert.strictEqual(forwarded, "x")
    }))

  it.effect("impersonation: buyer01's orders, fetched with the token the seller obtained", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: () => tokenResponse("seller-token"),
        api: (request) =>
          request.path === "/v1/buyers/acme/users/buyer01/accesstoken"
            ? tokenResponse("buyer01-token")
            : json(200, { Items: request.token === "buyer01-token" ? [{ ID: "o1" }] : [] })
      })
      const orders = yield* run(server, impersonationSnippet.ordersOfBuyer01, {
        ORDERCLOUD_CLIENT_ID: "admin-app",
        ORDERCLOUD_CLIENT_SECRET: "sh"
      })
      assert.deepStrictEqual(orders.Items, [{ ID: "o1" }])
      assert.deepStrictEqual(server.apiRequests.map((request) => [request.path, request.token]), [
        ["/v1/buyers/acme/users/buyer01/accesstoken", "seller-token"],
        ["/v1/me/orders", "buyer01-token"]
      ])
    }))

  it.effect("login: the whole token response of the password grant", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: () => tokenResponse("access-1", { expiresIn: 3599, refreshToken: "refresh-1" })
      })
      const answer = yield* run(server, loginSnippet.login("buyer01", secretOf("pw")), {})
      assert.strictEqual(answer.accessToken, "access-1")
      assert.strictEqual(Redacted.value(answer.refreshToken!), "refresh-1")
      assert.strictEqual(answer.expiresIn, 3599)
      assert.strictEqual(
        server.tokenRequests[0]!.body,
        "grant_type=password&username=buyer01&password=pw&client_id=storefront-client-id&scope=Shopper%20MeAdmin"
      )
    }))

  it.effect("resume: the saved pair while it lasts, then the refresh token; the renewed pair is saved again", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse("token-1", { refreshToken: "refresh-1" }) })
      const saved = { accessToken: secretOf(jwt({ cid: "storefront", exp: 600 })), refreshToken: secretOf("refresh-0") }
      const first = saved.accessToken
      const token = yield* run(server, whoAmI.pipe(Effect.provide(resumeSnippet.returningUser(saved))), {})
      assert.strictEqual(token, Redacted.value(first))
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(
        yield* run(server, whoAmI.pipe(Effect.provide(resumeSnippet.returningUser(saved))), {}),
        "token-1"
      )
      assert.strictEqual(
        server.tokenRequests[0]!.body,
        "grant_type=refresh_token&client_id=storefront&refresh_token=refresh-0"
      )
      assert.strictEqual(Redacted.value(saved.accessToken), "token-1")
      assert.strictEqual(Redacted.value(saved.refreshToken), "refresh-1")
    }))

  it.scoped("store: TokenStore.layer over your KeyValueStore: a session built twice asks once", () =>
    Effect.gen(function*() {
      assert.isTrue(Layer.isLayer(storeSnippet.IntegrationLive))
      const server = fakeServer()
      const shared = Layer.succeedContext(
        yield* Layer.build(Layer.provide(storeSnippet.storeFrom, KeyValueStore.layerMemory))
      )
      for (let i = 0; i < 2; i++) {
        const fiber = yield* Effect.fork(
          run(server, whoAmI.pipe(Effect.provide(Layer.provide(layersSnippet.integration(secretOf("s")), shared))), {})
        )
        for (let round = 0; round < 10; round++) {
          yield* macrotask
          yield* TestClock.adjust("50 millis")
        }
        assert.strictEqual(yield* Fiber.join(fiber), "token-1")
      }
      assert.strictEqual(server.tokenRequests.length, 1)
    }))

  it.scoped("perspectives: the sub-effect swap and the side-by-side sessions", () =>
    Effect.gen(function*() {
      const env = {
        ORDERCLOUD_CLIENT_ID: "admin-app",
        ORDERCLOUD_USERNAME: "seller01",
        ORDERCLOUD_PASSWORD: "pw",
        BUYER_CLIENT_ID: "buyer-app",
        BUYER_USERNAME: "buyer01",
        BUYER_PASSWORD: "pw"
      }
      const server = fakeServer({
        token: (request) => tokenResponse(`${request.form.get("username")}-token`),
        api: (request) =>
          json(200, {
            Items: request.path === "/v1/orders/Incoming" && request.token === "seller01-token"
              ? [{ ID: "i1" }, { ID: "i2" }]
              : request.path === "/v1/me/orders" && request.token === "buyer01-token"
              ? [{ ID: "m1" }]
              : []
          })
      })
      assert.deepStrictEqual(yield* run(server, perspectivesSnippet.compare, env), { incoming: 2, mine: 1 })
      const both = yield* run(server, perspectivesSnippet.sideBySide, env)
      assert.deepStrictEqual({ incoming: both.incoming.Items.length, mine: both.mine.Items.length }, {
        incoming: 2,
        mine: 1
      })
    }))

  it.effect("errors: the sign-in message per error code", () =>
    Effect.gen(function*() {
      const message = (response: Response) =>
        run(
          fakeServer({ token: () => response }),
          errorsSnippet.explainSignIn(whoAmI).pipe(Effect.provide(layersSnippet.buyer(secretOf("wrong"))), Effect.flip),
          {}
        )
      assert.strictEqual(yield* message(tokenError("InvalidCredentials", "no")), "Wrong username or password")
      assert.strictEqual(yield* message(tokenError("Auth.LockedOut", "no")), "Too many attempts: try again later")
      assert.strictEqual(yield* message(tokenError("Auth.UserNotActive", "no")), "Sign-in refused (Auth.UserNotActive)")
    }))

  it.effect("claims: the guest's order from the anonymous token", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse(jwt({ cid: "storefront", orderid: "guest-order-1" })) })
      const orderID = yield* run(server, claimsSnippet.guestOrderID, { ORDERCLOUD_CLIENT_ID: "storefront" })
      assert.strictEqual(orderID, "guest-order-1")
      assert.strictEqual(server.tokenRequests[0]!.body, "grant_type=client_credentials&client_id=storefront")
    }))

  it.effect("cookies: a guest's first page, a sign-in whose tokens go out in cookies, the next page as the buyer", () =>
    Effect.gen(function*() {
      const buyer = jwt({ cid: "storefront-client-id", usr: "buyer01", nbf: 0, exp: 600 })
      const server = fakeServer({
        token: (request) =>
          request.form.get("grant_type") === "password"
            ? tokenResponse(buyer, { refreshToken: "refresh-1" })
            : tokenResponse(jwt({ cid: "storefront-client-id", usr: "guest", orderid: "o1", exp: 600 })),
        api: (request) =>
          json(200, {
            Username: JSON.parse(atob(request.token!.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).usr
          })
      })
      const context = yield* Layer.build(clientLayer(server))
      const app = yield* cookiesSnippet.storefront
      const handler = HttpApp.toWebHandlerRuntime(yield* Effect.runtime<never>())(app.pipe(Effect.provide(context)))
      const send = (request: Request) => Effect.promise(() => handler(request))
      const guestPage = yield* send(new Request("https://shop.example/"))
      assert.strictEqual(yield* Effect.promise(() => guestPage.text()), "Hello guest")
      const signedIn = yield* send(
        new Request("https://shop.example/sign-in", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "username=buyer01&password=pw"
        })
      )
      assert.strictEqual(signedIn.status, 303)
      const cookie = signedIn.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ")
      assert.strictEqual(cookie, `ordercloud_access=${buyer}; ordercloud_refresh=refresh-1`)
      const page = yield* send(new Request("https://shop.example/", { headers: { cookie } }))
      assert.strictEqual(yield* Effect.promise(() => page.text()), "Hello buyer01")
      assert.strictEqual(server.tokenRequests.length, 2)
    }).pipe(Effect.scoped))

  it.effect("sso: the /ocrplogin redirect, and the AppStartUrl's tokens into cookies on the way to the app start path", () =>
    Effect.gen(function*() {
      const token = jwt({ cid: "storefront-client-id", usr: "buyer01", nbf: 0, exp: 600 })
      const context = yield* Layer.build(clientLayer(fakeServer()))
      const cookies = Either.getOrThrow(SessionCookies.make())
      const handler = HttpApp.toWebHandlerRuntime(yield* Effect.runtime<never>())(
        ssoSnippet.ssoRoutes(cookies).pipe(Effect.provide(context))
      )
      const start = yield* Effect.promise(() => handler(new Request("https://shop.example/sign-in/sso")))
      assert.strictEqual(
        start.headers.get("location"),
        "https://api.test.example/ocrplogin?id=contoso&cid=storefront-client-id&roles=Shopper%20MeAdmin&appstartpath=%2Faccount"
      )
      const values = [token, "idp", "/account", "refresh-1"]
      const landing = ssoSnippet.appStartUrl.replace(
        /\{(\d)\}/g,
        (_, i: string) => encodeURIComponent(values[Number(i)]!)
      )
      const landed = yield* Effect.promise(() => handler(new Request(landing)))
      assert.strictEqual(landed.status, 303)
      assert.strictEqual(landed.headers.get("location"), "/account")
      assert.strictEqual(
        landed.headers.getSetCookie().map((line) => line.split(";")[0]).join("; "),
        `ordercloud_access=${token}; ordercloud_refresh=refresh-1`
      )
      const session = yield* ssoSnippet.sessionAt(landing)
      const sent = yield* whoAmI.pipe(Effect.provide(session), Effect.provide(context))
      assert.strictEqual(sent, token)
    }).pipe(Effect.scoped))
})
