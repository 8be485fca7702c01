import { assert, describe, it } from "@effect/vitest"
import * as Server from "@ordercloud-effect/sandbox/Server"
import { Effect } from "effect"
import { storefront } from "../src/examples/storefront.js"
import { serve } from "../src/storefront/serve.js"
import { printed } from "./utils/capture.js"

describe("storefront", () => {
  it.effect(
    "cookies carry each shopper's session: the guest's cart survives sign-in, renewal goes out in Set-Cookie, 1,000 interleaved requests stay apart",
    () =>
      Effect.gen(function*() {
        const text = (yield* printed(storefront)).join("\n")
        const guestCookies =
          "Set-Cookie: ordercloud_access (HttpOnly, Secure, SameSite=Lax, kept 7 days); ordercloud_refresh removed"
        const buyerCookies = "Set-Cookie: ordercloud_access (HttpOnly, Secure, SameSite=Lax, kept 30 days); " +
          "ordercloud_refresh (HttpOnly, Secure, SameSite=Lax, kept 30 days)"
        const expected = [
          "1. A guest opens the shop",
          "   Shopping as a guest; cart: empty",
          `   ${guestCookies}`,
          "2. The guest adds 2 mugs, then comes back",
          "   Shopping as a guest; cart: 2 x Sandbox Mug, subtotal $19.00",
          "   no Set-Cookie",
          "3. The guest signs in as buyer01",
          "   a wrong password: 401 Wrong username or password",
          "   Signed in as buyer01; cart: 2 x Sandbox Mug, subtotal $19.00",
          `   ${buyerCookies}`,
          "4. A page served 11 hours later (the storefront's clock moved on): the access token has expired",
          "   Signed in as buyer01; cart: 2 x Sandbox Mug, subtotal $19.00",
          `   ${buyerCookies}`,
          "   the access cookie holds a new token: true",
          "   the next page (clock back to now) uses the renewed pair:",
          "   no Set-Cookie",
          "5. A new guest and the buyer load pages at once: 1,000 requests, interleaved",
          "   500 of 500 buyer pages say buyer01",
          "   500 of 500 guest pages say guest-shopper",
          "   pages with a Set-Cookie: 0",
          "6. The buyer signs out",
          "   Set-Cookie: ordercloud_access removed; ordercloud_refresh removed",
          "   the next page is a new guest's:",
          "   Shopping as a guest; cart: empty",
          `   ${guestCookies}`
        ]
        assert.strictEqual(text, expected.join("\n"))
        // No token value is ever printed: JWTs start with eyJ.
        assert.notInclude(text, "eyJ")
      }),
    90_000
  ) // 1,000 pages, each a call with an RS256-signed token: real work that a busy machine stretches

  it.live(
    "pnpm storefront serves it on a port, against a sandbox server, with single sign-on set up",
    () =>
      Effect.gen(function*() {
        const { url: api } = yield* Server.SandboxServer
        const shop = yield* serve(api)
        const get = (path: string, cookie?: string) =>
          Effect.promise(() =>
            fetch(`${shop}${path}`, { redirect: "manual", ...(cookie === undefined ? {} : { headers: { cookie } }) })
          )
        const home = yield* get("/")
        assert.include(yield* Effect.promise(() => home.text()), "Shopping as a guest")
        const cookie = home.headers.getSetCookie()[0]!.split(";")[0]!
        assert.match(cookie, /^ordercloud_access=ey/)
        const again = yield* get("/", cookie)
        assert.deepStrictEqual(again.headers.getSetCookie(), [])
        const sso = yield* get("/sign-in/sso")
        assert.strictEqual(sso.status, 302)
        assert.isTrue(sso.headers.get("location")!.startsWith(`${api}/ocrplogin?id=storefront-sso&cid=`))
      }).pipe(Effect.scoped, Effect.provide(Server.layer())),
    60_000
  ) // two servers on loopback ports
})
