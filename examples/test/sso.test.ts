import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { sso } from "../src/examples/sso.js"
import { printed } from "./utils/capture.js"

describe("sso", () => {
  it.effect("signs in through /ocrplogin and the stand-in provider, lands with cookies and the guest's cart, renews, refuses a forged path", () =>
    Effect.gen(function*() {
      const text = (yield* printed(sso)).join("\n").replace(/sso-\w+/g, "sso-ID")
      const buyerCookies = "   Set-Cookie: ordercloud_access (HttpOnly, Secure, SameSite=Lax, kept 30 days); " +
        "ordercloud_refresh (HttpOnly, Secure, SameSite=Lax, kept 30 days)"
      const expected = [
        "1. The seller sets up single sign-on for the storefront's API client",
        "   OpenIdConnect sso-ID: AppStartUrl https://shop.example/sso?token={0}&idpToken={1}&appStartPath={2}&refreshToken={3}",
        "2. A guest puts a cap in the cart",
        "   Shopping as a guest; cart: 1 x Sandbox Cap, subtotal $15.00",
        "3. Sign in with SSO, to come back to /account",
        "   302 https://sandbox.ordercloud.test/ocrplogin",
        "   302 https://sandbox.ordercloud.test/sandbox/idp/authorize",
        "   the provider's page: Sandbox identity provider",
        "4. At the provider, sign in as buyer01",
        "   302 https://sandbox.ordercloud.test/ocrpcode",
        "   302 https://shop.example/sso",
        "   303 https://shop.example/account",
        "   buyer01",
        buyerCookies,
        "   cart: 1 x Sandbox Cap, subtotal $15.00",
        "5. Eleven hours later (the storefront's clock): the session renews itself",
        "   buyer01",
        buyerCookies,
        "   the access cookie holds a new token: true",
        "6. A forged link that would send the user to another site after sign-in is refused",
        "   400 That is not a page of this shop",
        "7. Seller deleted OpenIdConnect sso-ID"
      ]
      assert.strictEqual(text, expected.join("\n"))
      assert.notInclude(text, "eyJ")
    }))
})
