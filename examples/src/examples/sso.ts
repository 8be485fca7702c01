/**
 * Single sign-on with OpenID Connect, in the server-rendered storefront
 * (`../storefront/server.ts`): a guest with a cart clicks "Sign in with
 * SSO", goes through OrderCloud's `/ocrplogin` to the identity provider
 * (the sandbox's stand-in), and comes back to the shop's `AppStartUrl` with
 * the OrderCloud token, the provider's token, the app start path and the
 * refresh token. The shop keeps them in cookies, and the session renews
 * itself from them. Runs against the sandbox only: a real provider's
 * sign-in page cannot be scripted.
 */
import { OpenIdConnect } from "@ordercloud-effect/auth"
import { OpenIdConnects } from "@ordercloud-effect/resources"
import { IdentityProvider } from "@ordercloud-effect/sandbox"
import { Console, Duration, Effect, Option } from "effect"
import { as, Environment } from "../Environment.js"
import type { Example } from "../Example.js"
import * as Browser from "../storefront/browser.js"
import * as Storefront from "../storefront/server.js"

const shop = "https://shop.example"

const program = Effect.gen(function*() {
  const env = yield* Environment
  if (Option.isNone(env.sandboxWeb)) {
    return yield* Console.log(
      "   needs the sandbox's stand-in identity provider: run it with no ORDERCLOUD_* variables"
    )
  }
  const sandbox = env.sandboxWeb.value

  yield* Console.log("1. The seller sets up single sign-on for the storefront's API client")
  const configID = `sso-${Math.random().toString(36).slice(2, 8)}`
  const config = yield* as("seller")(OpenIdConnects.create({
    ID: configID,
    OrderCloudApiClientID: env.storefrontClientID,
    ConnectClientID: "shop",
    ConnectClientSecret: "stand-in-secret",
    // OrderCloud fills in {0} to {3}: token, provider token, app start path, refresh token.
    AppStartUrl: OpenIdConnect.appStartUrl(`${shop}/sso`),
    ...IdentityProvider.endpoints(sandbox.baseUrl)
  }))
  yield* Console.log(`   OpenIdConnect ${configID}: AppStartUrl ${config.AppStartUrl}`)

  const { app } = yield* Storefront.make({
    clientID: env.storefrontClientID,
    anonymousClientID: env.anonymousClientID,
    openIdConnectID: configID
  })
  const server = yield* Storefront.toHandler(app)
  const route = (url: URL) => url.origin === shop ? server : sandbox.handler
  const browser = Browser.make(shop, route)

  yield* Console.log("2. A guest puts a cap in the cart")
  const home = yield* browser.visit("GET", "/")
  const cap = /<li>([^<]*Cap[^<]*) <form[^>]*><input type="hidden" name="product" value="([^"]+)"/.exec(home.body)
  if (cap !== null) yield* browser.visit("POST", "/cart", { form: { product: cap[2]!, quantity: "1" } })
  const before = yield* browser.visit("GET", "/")
  yield* Console.log(`   ${Browser.textOf(before.body, "who")}; cart: ${Browser.textOf(before.body, "cart")}`)

  yield* Console.log("3. Sign in with SSO, to come back to /account")
  const signInPage = yield* browser.visit("GET", "/sign-in/sso?path=/account")
  for (const hop of signInPage.hops) yield* Console.log(`   ${hop}`)
  yield* Console.log(`   the provider's page: ${/<h1>([^<]*)</.exec(signInPage.body)?.[1]}`)

  yield* Console.log(`4. At the provider, sign in as ${env.buyerSignIn.username}`)
  const form: Record<string, string> = { username: env.buyerSignIn.username }
  for (const [, name, value] of signInPage.body.matchAll(/name="(\w+)" value="([^"]*)"/g)) form[name!] = value!
  const action = new URL(/action="([^"]+)"/.exec(signInPage.body)![1]!, sandbox.baseUrl)
  const landed = yield* browser.visit("POST", action.href, { form })
  for (const hop of landed.hops) yield* Console.log(`   ${hop}`)
  yield* Console.log(`   ${Browser.textOf(landed.body, "who")}`)
  yield* Console.log(Browser.cookiesLine(landed))
  const home2 = yield* browser.visit("GET", "/")
  yield* Console.log(`   cart: ${Browser.textOf(home2.body, "cart")}`)

  yield* Console.log("5. Eleven hours later (the storefront's clock): the session renews itself")
  const before11 = browser.cookie("ordercloud_access")
  const later = yield* browser.visit("GET", "/account", { via: yield* Storefront.toHandler(app, Duration.hours(11)) })
  yield* Console.log(`   ${Browser.textOf(later.body, "who")}`)
  yield* Console.log(Browser.cookiesLine(later))
  yield* Console.log(`   the access cookie holds a new token: ${browser.cookie("ordercloud_access") !== before11}`)

  yield* Console.log("6. A forged link that would send the user to another site after sign-in is refused")
  const forged = yield* browser.visit("GET", "/sign-in/sso?path=https://evil.example/")
  yield* Console.log(`   ${forged.status} ${/<h1>([^<]*)</.exec(forged.body)?.[1]}`)

  yield* as("seller")(OpenIdConnects.delete(configID))
  yield* Console.log(`7. Seller deleted OpenIdConnect ${configID}`)
})

export const sso: Example = {
  name: "sso",
  description: "Single sign-on with OpenID Connect: /ocrplogin, the AppStartUrl's tokens into cookies, renewal",
  program
}
