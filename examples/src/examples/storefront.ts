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
import * as HttpApp from "@effect/platform/HttpApp"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { Clock, Console, Duration, Effect, Redacted } from "effect"
import { Environment } from "../Environment.js"
import type { Example } from "../Example.js"
import * as Storefront from "../storefront/server.js"

type Handler = (request: Request) => Promise<Response>

interface Page {
  readonly status: number
  readonly body: string
  readonly setCookie: ReadonlyArray<string>
}

/** A browser: a cookie jar, following the storefront's redirects. */
const browser = (origin: string) => {
  const jar = new Map<string, string>()
  const send = (handler: Handler, method: string, path: string, form?: Record<string, string>): Effect.Effect<Page> =>
    Effect.promise(async () => {
      const headers = new Headers()
      if (jar.size > 0) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "))
      if (form !== undefined) headers.set("content-type", "application/x-www-form-urlencoded")
      const init: RequestInit = form === undefined
        ? { method, headers }
        : { method, headers, body: new URLSearchParams(form).toString() }
      const response = await handler(new Request(new URL(path, origin), init))
      const setCookie = response.headers.getSetCookie()
      for (const line of setCookie) {
        const pair = line.split(";")[0]!
        const name = pair.slice(0, pair.indexOf("="))
        const value = pair.slice(pair.indexOf("=") + 1)
        if (value === "" || /;\s*max-age=0(;|$)/i.test(line)) jar.delete(name)
        else jar.set(name, value)
      }
      return { status: response.status, body: await response.text(), setCookie }
    })
  return {
    send,
    /** A request, then the page a 303 points to (as a browser does after a form post). */
    visit: (handler: Handler, method: string, path: string, form?: Record<string, string>) =>
      Effect.gen(function*() {
        const first = yield* send(handler, method, path, form)
        if (first.status !== 303) return first
        const next = yield* send(handler, "GET", "/")
        return { ...next, setCookie: [...first.setCookie, ...next.setCookie] }
      }),
    /** A cookie's value, to compare (never printed). */
    cookie: (name: string) => jar.get(name)
  }
}

const textOf = (html: string, id: string) => new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1] ?? "(none)"

/** What a Set-Cookie says, its value left out. */
const describeCookie = (line: string) => {
  const [pair, ...attributes] = line.split(";").map((part) => part.trim())
  const name = pair!.slice(0, pair!.indexOf("="))
  const seconds = Number(/^max-age=(\d+)$/i.exec(attributes.find((a) => /^max-age=/i.test(a)) ?? "")?.[1] ?? NaN)
  if (seconds === 0) return `${name} removed`
  const kept = seconds >= 86_000 ? `${Math.round(seconds / 86_400)} days` : `${Math.round(seconds / 3600)} hours`
  return `${name} (${attributes.filter((a) => !/^(max-age|path)=/i.test(a)).join(", ")}, kept ${kept})`
}

const showCookies = (page: Page) =>
  Console.log(
    page.setCookie.length === 0
      ? "   no Set-Cookie"
      : `   Set-Cookie: ${page.setCookie.map(describeCookie).join("; ")}`
  )

const showPage = (page: Page) => Console.log(`   ${textOf(page.body, "who")}; cart: ${textOf(page.body, "cart")}`)

/** A Clock `offset` ahead of the current one: the server's view of a later day. */
const later = (clock: Clock.Clock, offset: Duration.Duration): Clock.Clock => {
  const millis = Duration.toMillis(offset)
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => clock.unsafeCurrentTimeMillis() + millis,
    currentTimeMillis: Effect.map(clock.currentTimeMillis, (now) => now + millis),
    unsafeCurrentTimeNanos: () => clock.unsafeCurrentTimeNanos() + BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.map(clock.currentTimeNanos, (now) => now + BigInt(millis) * 1_000_000n),
    sleep: (duration) => clock.sleep(duration)
  }
}

const program = Effect.gen(function*() {
  const env = yield* Environment
  const { app } = yield* Storefront.make({
    clientID: env.storefrontClientID,
    anonymousClientID: env.anonymousClientID
  })
  // The storefront as a fetch-style handler: what a Node or Deno server, or a test, calls.
  const server: Handler = HttpApp.toWebHandlerRuntime(yield* Effect.runtime<OrderCloudClient.OrderCloudClient>())(app)
  const shopper = browser("https://shop.example")

  yield* Console.log("1. A guest opens the shop")
  let page = yield* shopper.visit(server, "GET", "/")
  yield* showPage(page)
  yield* showCookies(page)

  yield* Console.log("2. The guest adds 2 mugs, then comes back")
  const mug = /<li>([^<]*Mug[^<]*) <form[^>]*><input type="hidden" name="product" value="([^"]+)"/.exec(page.body)
    ?? /<li>([^<]*) <form[^>]*><input type="hidden" name="product" value="([^"]+)"/.exec(page.body)
  if (mug === null) return yield* Console.log("   no product to add")
  yield* shopper.visit(server, "POST", "/cart", { product: mug[2]!, quantity: "2" })
  page = yield* shopper.visit(server, "GET", "/")
  yield* showPage(page)
  yield* showCookies(page)

  yield* Console.log(`3. The guest signs in as ${env.buyerSignIn.username}`)
  page = yield* shopper.visit(server, "POST", "/sign-in", {
    username: env.buyerSignIn.username,
    password: "wrong password"
  })
  yield* Console.log(`   a wrong password: ${page.status} ${/<h1>([^<]*)</.exec(page.body)?.[1]}`)
  page = yield* shopper.visit(server, "POST", "/sign-in", {
    username: env.buyerSignIn.username,
    password: Redacted.value(env.buyerSignIn.password)
  })
  yield* showPage(page)
  yield* showCookies(page)

  // The in-process sandbox keeps the real time, so only the storefront's clock
  // moves: for one page it is 11 hours on, and the access token in the cookie
  // has expired; the session renews it with the refresh cookie.
  yield* Console.log("4. A page served 11 hours later (the storefront's clock moved on): the access token has expired")
  const later11: Handler = HttpApp.toWebHandlerRuntime(
    yield* Effect.runtime<OrderCloudClient.OrderCloudClient>().pipe(
      Effect.withClock(later(yield* Effect.clock, Duration.hours(11)))
    )
  )(app)
  const before = shopper.cookie("ordercloud_access")
  page = yield* shopper.visit(later11, "GET", "/")
  yield* showPage(page)
  yield* showCookies(page)
  yield* Console.log(`   the access cookie holds a new token: ${shopper.cookie("ordercloud_access") !== before}`)
  page = yield* shopper.visit(server, "GET", "/")
  yield* Console.log("   the next page (clock back to now) uses the renewed pair:")
  yield* showCookies(page)

  yield* Console.log("5. A new guest and the buyer load pages at once: 1,000 requests, interleaved")
  const guest = browser("https://shop.example")
  const guestName = textOf((yield* guest.visit(server, "GET", "/account")).body, "who")
  const pages = yield* Effect.forEach(
    Array.from({ length: 1000 }, (_, i) => i % 2 === 0 ? "buyer" as const : "guest" as const),
    (who) =>
      Effect.map(
        (who === "buyer" ? shopper : guest).visit(server, "GET", "/account"),
        (answer) => ({ who, name: textOf(answer.body, "who"), renewed: answer.setCookie.length > 0 })
      ),
    { concurrency: "unbounded" }
  )
  const right = (who: "buyer" | "guest") =>
    pages.filter((p) => p.who === who && p.name === (who === "buyer" ? env.buyerSignIn.username : guestName)).length
  yield* Console.log(`   ${right("buyer")} of 500 buyer pages say ${env.buyerSignIn.username}`)
  yield* Console.log(`   ${right("guest")} of 500 guest pages say ${guestName}`)
  yield* Console.log(`   pages with a Set-Cookie: ${pages.filter((p) => p.renewed).length}`)

  yield* Console.log("6. The buyer signs out")
  yield* showCookies(yield* shopper.send(server, "POST", "/sign-out"))
  yield* Console.log("   the next page is a new guest's:")
  page = yield* shopper.visit(server, "GET", "/")
  yield* showPage(page)
  yield* showCookies(page)
})

export const storefront: Example = {
  name: "storefront",
  description: "A server-rendered storefront: sessions in HttpOnly cookies, a guest's cart kept at sign-in, renewal",
  program
}
