/**
 * A server-rendered storefront (`../storefront/server.ts`) on
 * `@effect/platform`'s HTTP server, visited by scripted browsers that keep
 * cookies as a browser does. A guest fills a cart that survives across
 * requests, signs in and keeps it; the token response travels in HttpOnly,
 * Secure, SameSite cookies; the next day the expired access token is
 * renewed from the refresh cookie and the new pair goes back out; a guest
 * and the buyer load pages concurrently, each seeing only its own session.
 * Token values are never printed.
 */
import { Console, Duration, Effect, Redacted } from "effect"
import { Environment } from "../Environment.js"
import type { Example } from "../Example.js"
import * as Browser from "../storefront/browser.js"
import * as Storefront from "../storefront/server.js"

const showCookies = (page: Browser.Page) => Console.log(Browser.cookiesLine(page))

const showPage = (page: Browser.Page) =>
  Console.log(`   ${Browser.textOf(page.body, "who")}; cart: ${Browser.textOf(page.body, "cart")}`)

const program = Effect.gen(function*() {
  const env = yield* Environment
  const { app } = yield* Storefront.make({
    clientID: env.storefrontClientID,
    anonymousClientID: env.anonymousClientID
  })
  const server = yield* Storefront.toHandler(app)
  const shopper = Browser.make("https://shop.example", () => server)

  yield* Console.log("1. A guest opens the shop")
  let page = yield* shopper.visit("GET", "/")
  yield* showPage(page)
  yield* showCookies(page)

  yield* Console.log("2. The guest adds 2 mugs, then comes back")
  const mug = /<li>([^<]*Mug[^<]*) <form[^>]*><input type="hidden" name="product" value="([^"]+)"/.exec(page.body)
    ?? /<li>([^<]*) <form[^>]*><input type="hidden" name="product" value="([^"]+)"/.exec(page.body)
  if (mug === null) return yield* Console.log("   no product to add")
  yield* shopper.visit("POST", "/cart", { form: { product: mug[2]!, quantity: "2" } })
  page = yield* shopper.visit("GET", "/")
  yield* showPage(page)
  yield* showCookies(page)

  yield* Console.log(`3. The guest signs in as ${env.buyerSignIn.username}`)
  page = yield* shopper.visit("POST", "/sign-in", {
    form: { username: env.buyerSignIn.username, password: "wrong password" }
  })
  yield* Console.log(`   a wrong password: ${page.status} ${/<h1>([^<]*)</.exec(page.body)?.[1]}`)
  page = yield* shopper.visit("POST", "/sign-in", {
    form: { username: env.buyerSignIn.username, password: Redacted.value(env.buyerSignIn.password) }
  })
  yield* showPage(page)
  yield* showCookies(page)

  // The in-process sandbox keeps the real time, so only the storefront's clock
  // moves: for one page it is 11 hours on, and the access token in the cookie
  // has expired; the session renews it with the refresh cookie.
  yield* Console.log("4. A page served 11 hours later (the storefront's clock moved on): the access token has expired")
  const later11 = yield* Storefront.toHandler(app, Duration.hours(11))
  const before = shopper.cookie("ordercloud_access")
  page = yield* shopper.visit("GET", "/", { via: later11 })
  yield* showPage(page)
  yield* showCookies(page)
  yield* Console.log(`   the access cookie holds a new token: ${shopper.cookie("ordercloud_access") !== before}`)
  page = yield* shopper.visit("GET", "/")
  yield* Console.log("   the next page (clock back to now) uses the renewed pair:")
  yield* showCookies(page)

  yield* Console.log("5. A new guest and the buyer load pages at once: 1,000 requests, interleaved")
  const guest = Browser.make("https://shop.example", () => server)
  const guestName = Browser.textOf((yield* guest.visit("GET", "/account")).body, "who")
  const pages = yield* Effect.forEach(
    Array.from({ length: 1000 }, (_, i) => i % 2 === 0 ? "buyer" as const : "guest" as const),
    (who) =>
      Effect.map(
        (who === "buyer" ? shopper : guest).visit("GET", "/account"),
        (answer) => ({ who, name: Browser.textOf(answer.body, "who"), renewed: answer.setCookie.length > 0 })
      ),
    { concurrency: "unbounded" }
  )
  const right = (who: "buyer" | "guest") =>
    pages.filter((p) => p.who === who && p.name === (who === "buyer" ? env.buyerSignIn.username : guestName)).length
  yield* Console.log(`   ${right("buyer")} of 500 buyer pages say ${env.buyerSignIn.username}`)
  yield* Console.log(`   ${right("guest")} of 500 guest pages say ${guestName}`)
  yield* Console.log(`   pages with a Set-Cookie: ${pages.filter((p) => p.renewed).length}`)

  yield* Console.log("6. The buyer signs out")
  // The sign-out answer removes the cookies; the page it leads to starts a new guest.
  const signedOut = yield* shopper.visit("POST", "/sign-out")
  yield* showCookies({ ...signedOut, setCookie: signedOut.setCookie.slice(0, 2) })
  yield* Console.log("   the next page is a new guest's:")
  yield* showPage(signedOut)
  yield* showCookies({ ...signedOut, setCookie: signedOut.setCookie.slice(2) })
})

export const storefront: Example = {
  name: "storefront",
  description: "A server-rendered storefront: sessions in HttpOnly cookies, a guest's cart kept at sign-in, renewal",
  program
}
