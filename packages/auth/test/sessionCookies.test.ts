/**
 * SessionCookies: a visitor's token pair in HttpOnly, Secure, SameSite
 * cookies, each request resuming its own visitor's session, and renewed
 * tokens written back out.
 */
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { assert, describe, it } from "@effect/vitest"
import { type Session, SessionCookies } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { Data, Duration, Effect, Either, Layer, Option, Redacted, TestClock } from "effect"
import { clientLayer, type FakeServer, fakeServer, json, jwt, tokenResponse, whoAmI } from "./utils/server.js"

/** Saved tokens for API client `storefront`, valid from 0 to 600 s (TestClock starts at 0). */
const buyerToken = jwt({ cid: "storefront", usr: "buyer01", nbf: 0, exp: 600 })
const guestToken = jwt({ cid: "storefront", usr: "guest", nbf: 0, exp: 600, orderid: "order-1" })

const guest = { clientID: "storefront", scope: ["Shopper"] }

class PageBroke extends Data.TaggedError("PageBroke") {}

/** The page: who OrderCloud saw (the bearer token the fake API echoes), or the error's tag and code. */
const page = Effect.matchEffect(whoAmI, {
  onFailure: (error) =>
    HttpServerResponse.text(`${error._tag} ${"errorCode" in error ? String(error.errorCode) : ""}`, { status: 401 }),
  onSuccess: (token) => HttpServerResponse.text(token ?? "none")
})

/** A `fetch`-style handler for `cookies.middleware(page)` over the fake server, in the test's runtime. */
const serve = (
  server: FakeServer,
  cookies: SessionCookies.SessionCookies,
  app: HttpApp.Default<unknown, OrderCloudClient.OrderCloudClient | Session.Session> = page
) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(clientLayer(server))
    const handler = HttpApp.toWebHandlerRuntime(yield* Effect.runtime<never>())(
      cookies.middleware(app).pipe(Effect.provide(context))
    )
    return (cookie?: string) =>
      Effect.promise(async () => {
        const response = await handler(
          new Request("https://shop.test/", cookie === undefined ? {} : { headers: { cookie } })
        )
        return { status: response.status, body: await response.text(), setCookie: response.headers.getSetCookie() }
      })
  })

const make = (options: SessionCookies.Options = {}) => Either.getOrThrow(SessionCookies.make(options))

/** `name=value` pairs of Set-Cookie lines, as the browser would send them back. */
const cookieHeader = (setCookie: ReadonlyArray<string>) =>
  setCookie.map((line) => line.split(";")[0]!).filter((pair) => !pair.endsWith("=")).join("; ")

describe("make", () => {
  it("refuses names, paths and lifetimes a cookie cannot hold, with a typed error", () => {
    for (
      const options of [{ name: "my session" }, { path: "/a;b" }, { maxAge: Duration.infinity }, { maxAge: 0 }]
    ) {
      const made = SessionCookies.make(options)
      assert.isTrue(Either.isLeft(made) && made.left._tag === "InvalidCookieOptions", JSON.stringify(options))
    }
  })
})

describe("write and read", () => {
  it.effect("a pair with a refresh token: two HttpOnly, Secure, SameSite cookies kept for maxAge", () =>
    Effect.gen(function*() {
      const cookies = make({ maxAge: "7 days" })
      const written = yield* cookies.write({
        accessToken: Redacted.make(buyerToken),
        refreshToken: Redacted.make("refresh-1"),
        expiresAt: new Date(600_000)
      })
      const lines = (yield* Effect.succeed(written)).pipe((c) => [...Object.values(c.cookies)])
      assert.deepStrictEqual(lines.map((c) => c.name), ["ordercloud_access", "ordercloud_refresh"])
      for (const cookie of lines) {
        assert.deepInclude(cookie.options, { path: "/", httpOnly: true, secure: true, sameSite: "lax" })
        assert.strictEqual(Duration.toSeconds(cookie.options!.maxAge!), 7 * 24 * 3600)
      }
      const read = cookies.read({ ordercloud_access: buyerToken, ordercloud_refresh: "refresh-1" })
      assert.isTrue(Option.isSome(read))
      assert.strictEqual(Redacted.value(Option.getOrThrow(read).accessToken), buyerToken)
      assert.strictEqual(Redacted.value(Option.getOrThrow(read).refreshToken!), "refresh-1")
    }))

  it.effect("a guest's token (no refresh token) lasts until it expires, and the refresh cookie is removed", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("100 seconds")
      const written = yield* make({ name: "shop", sameSite: "strict" }).write({
        accessToken: Redacted.make(guestToken),
        refreshToken: undefined,
        expiresAt: new Date(600_000)
      })
      const access = written.cookies["shop_access"]!
      const refresh = written.cookies["shop_refresh"]!
      assert.strictEqual(Duration.toSeconds(access.options!.maxAge!), 500)
      assert.strictEqual(access.options!.sameSite, "strict")
      assert.strictEqual(refresh.value, "")
      assert.strictEqual(Duration.toSeconds(refresh.options!.maxAge!), 0)
    }))

  it.effect("tokensOf: a token response expires expires_in seconds from now", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("10 seconds")
      const tokens = yield* SessionCookies.tokensOf({
        access_token: Redacted.make(buyerToken),
        token_type: "bearer",
        expires_in: 600,
        refresh_token: Redacted.make("r")
      })
      assert.strictEqual(tokens.expiresAt.getTime(), 610_000)
    }))
})

describe("middleware", () => {
  it.effect("resumes the visitor's session from its cookies: the saved token, no token request, no Set-Cookie", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const request = yield* serve(server, make())
      const answer = yield* request(`ordercloud_access=${buyerToken}; ordercloud_refresh=refresh-0`)
      assert.strictEqual(answer.body, buyerToken)
      assert.strictEqual(server.tokenRequests.length, 0)
      assert.deepStrictEqual(answer.setCookie, [])
    }).pipe(Effect.scoped))

  it.effect("renews with the cookie's refresh token near expiry and sends the new pair out in Set-Cookie", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse("token-2", { refreshToken: "refresh-2" }) })
      const request = yield* serve(server, make())
      yield* TestClock.adjust("590 seconds")
      const answer = yield* request(`ordercloud_access=${buyerToken}; ordercloud_refresh=refresh-0`)
      assert.strictEqual(answer.body, "token-2")
      assert.deepStrictEqual(server.tokenRequests.map((r) => Object.fromEntries(r.form)), [
        { grant_type: "refresh_token", client_id: "storefront", refresh_token: "refresh-0" }
      ])
      assert.strictEqual(cookieHeader(answer.setCookie), "ordercloud_access=token-2; ordercloud_refresh=refresh-2")
      for (const line of answer.setCookie) {
        assert.match(line, /; Max-Age=2592000; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
      }
    }).pipe(Effect.scoped))

  it.effect("a first visit becomes a guest, whose token comes back out and is used again next time", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse(guestToken) })
      const request = yield* serve(server, make({ guest }))
      const first = yield* request()
      assert.strictEqual(first.body, guestToken)
      assert.strictEqual(server.tokenRequests[0]!.form.get("grant_type"), "client_credentials")
      assert.strictEqual(cookieHeader(first.setCookie), `ordercloud_access=${guestToken}`)
      assert.include(first.setCookie[1], "ordercloud_refresh=; Max-Age=0")

      const again = yield* request(cookieHeader(first.setCookie))
      assert.strictEqual(again.body, guestToken)
      assert.strictEqual(server.tokenRequests.length, 1)
      assert.deepStrictEqual(again.setCookie, [])
    }).pipe(Effect.scoped))

  it.effect("without a guest option, a visitor with no cookie fails with NotSignedIn and nothing is sent", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const request = yield* serve(server, make())
      const answer = yield* request()
      assert.strictEqual(answer.body, `AuthenticationFailed ${SessionCookies.notSignedIn}`)
      assert.deepStrictEqual(server.log, [])
    }).pipe(Effect.scoped))

  it.effect("an unreadable cookie is removed and the visitor starts over (as a guest when allowed)", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse(guestToken) })
      const signedOut = yield* (yield* serve(server, make()))("ordercloud_access=garbage; ordercloud_refresh=r")
      assert.deepStrictEqual(signedOut.setCookie.map((line) => line.split(";")[0]), [
        "ordercloud_access=",
        "ordercloud_refresh="
      ])
      const asGuest = yield* (yield* serve(server, make({ guest })))("ordercloud_access=garbage; ordercloud_refresh=r")
      assert.strictEqual(asGuest.body, guestToken)
      assert.strictEqual(cookieHeader(asGuest.setCookie), `ordercloud_access=${guestToken}`)
    }).pipe(Effect.scoped))

  it.effect("a request that renews and then fails still sends the renewed pair out with its error page", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse("token-2", { refreshToken: "refresh-2" }) })
      const failing = Effect.zipRight(whoAmI, Effect.fail(new PageBroke()))
      const request = yield* serve(server, make(), failing)
      yield* TestClock.adjust("590 seconds")
      const answer = yield* request(`ordercloud_access=${buyerToken}; ordercloud_refresh=refresh-0`)
      assert.strictEqual(answer.status, 500)
      assert.strictEqual(cookieHeader(answer.setCookie), "ordercloud_access=token-2; ordercloud_refresh=refresh-2")
    }).pipe(Effect.scoped))

  it.effect("cookies the handler sets (a sign-in) win over the renewal the middleware would write", () =>
    Effect.gen(function*() {
      const server = fakeServer({ token: () => tokenResponse(guestToken) })
      const cookies = make({ guest })
      const signIn = Effect.gen(function*() {
        yield* whoAmI // the guest's token is requested and reported
        const written = yield* cookies.write({
          accessToken: Redacted.make(buyerToken),
          refreshToken: Redacted.make("refresh-9"),
          expiresAt: new Date(600_000)
        })
        return HttpServerResponse.empty({ status: 303, cookies: written })
      })
      const answer = yield* (yield* serve(server, cookies, signIn))()
      assert.strictEqual(
        cookieHeader(answer.setCookie),
        `ordercloud_access=${buyerToken}; ordercloud_refresh=refresh-9`
      )
    }).pipe(Effect.scoped))

  it.effect(
    "two visitors' 1,000 interleaved concurrent requests each carry their own token, renewals included",
    () =>
      Effect.gen(function*() {
        const tokenOf = (user: string, n: number) => jwt({ cid: "storefront", usr: user, n, nbf: 0, exp: 6000 })
        // Refresh tokens name their user: each renewal answers a new token for that user only.
        const server = fakeServer({
          token: (request, index) => {
            const user = request.form.get("refresh_token")!.split("-")[0]!
            return tokenResponse(tokenOf(user, index), { refreshToken: `${user}-refresh-${index}` })
          },
          api: (request) => json(200, { token: request.token ?? null })
        })
        const request = yield* serve(server, make())
        const start = {
          a: `ordercloud_access=${
            jwt({ cid: "storefront", usr: "a", nbf: 0, exp: 300 })
          }; ordercloud_refresh=a-refresh`,
          b: `ordercloud_access=${jwt({ cid: "storefront", usr: "b", nbf: 0, exp: 300 })}; ordercloud_refresh=b-refresh`
        }
        yield* TestClock.adjust("290 seconds") // within the margin: every first request renews
        const results = yield* Effect.forEach(
          Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? "a" : "b") as "a" | "b"),
          (user) => Effect.map(request(start[user]), (answer) => ({ user, answer })),
          { concurrency: "unbounded" }
        )
        const usrOf = (token: string) =>
          JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).usr as string
        for (const { answer, user } of results) {
          assert.strictEqual(usrOf(answer.body), user)
          const [access, refresh] = answer.setCookie.map((line) => line.split(";")[0]!.split("=")[1]!)
          assert.strictEqual(usrOf(access!), user)
          assert.isTrue(refresh!.startsWith(`${user}-refresh-`))
        }
        assert.strictEqual(server.tokenRequests.length, 1000)
      }).pipe(Effect.scoped),
    90_000
  ) // 1,000 requests through the whole stack: real work that a busy machine stretches
})
