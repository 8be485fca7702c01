/**
 * A server-rendered storefront on `@effect/platform`'s HTTP server, with no
 * global state: each request's `Session` comes from that request's cookies
 * (`SessionCookies.middleware`), so two shoppers' concurrent requests never
 * share a token.
 *
 * - `GET /`: the shopper (a guest or a signed-in buyer), the products and the cart.
 * - `GET /account`: who OrderCloud says the shopper is (`Me.get`).
 * - `POST /cart` (`product`, `quantity`): a line item in the cart.
 * - `POST /sign-in` (`username`, `password`): the password grant; a guest's
 *   cart goes with it (`PUT /me/orders?anonUserToken=`), and the token
 *   response goes out in HttpOnly, Secure, SameSite cookies.
 * - `POST /sign-out`: the cookies removed; the next visit is a new guest.
 * - With `openIdConnectID`, single sign-on: `GET /sign-in/sso?path=` sends
 *   the browser to OrderCloud's `/ocrplogin`, and `GET /sso` (the
 *   OpenIdConnect config's `AppStartUrl`, `OpenIdConnect.appStartUrl`) puts
 *   the tokens OrderCloud hands over into the cookies, keeps a guest's cart,
 *   and sends the browser on to the app start path.
 */
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { AccessToken, Grant, OpenIdConnect, Session, SessionCookies } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { Cart, Me } from "@ordercloud-effect/resources"
import { Clock, Duration, Effect, Option, Redacted, Schema } from "effect"

/** The storefront's API clients and the roles it asks for. */
export interface Options {
  /** The API client buyers sign in with. */
  readonly clientID: string
  /** The API client guests shop with (`IsAnonBuyer`). */
  readonly anonymousClientID: string
  /** The OpenIdConnect config for single sign-on, if the shop offers it. */
  readonly openIdConnectID?: string | undefined
}

const buyerScope = ["Shopper", "MeAdmin"]

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]!)

const money = (value: number | null | undefined) => `$${(value ?? 0).toFixed(2)}`

const layout = (body: string, status = 200) =>
  HttpServerResponse.text(`<!doctype html><meta charset="utf-8"><title>Shop</title>${body}`, {
    status,
    contentType: "text/html; charset=utf-8"
  })

/** The session's token, when it is a guest's: only anonymous tokens carry an `orderid` claim. */
const guestToken = Effect.gen(function*() {
  const token = yield* (yield* Session.Session).token
  const claims = yield* Effect.option(AccessToken.claims(token))
  return Option.isSome(claims) && claims.value.orderid !== undefined ? Option.some(token) : Option.none()
})

/**
 * The guest token of a visitor who came with one, to hand its cart over at
 * sign-in; a visitor with no cookie is not made a guest just to ask.
 */
const returningGuest = (cookies: SessionCookies.SessionCookies) =>
  Effect.flatMap(
    HttpServerRequest.HttpServerRequest,
    (request) => Option.isSome(cookies.read(request.cookies)) ? guestToken : Effect.succeed(Option.none())
  )

const home = (options: Options) =>
  Effect.gen(function*() {
    const me = yield* Me.get()
    const guest = Option.isSome(yield* guestToken)
    const products = yield* Me.listProducts({ sortBy: ["Name"] })
    const cart = yield* Cart.get()
    const lines = yield* Cart.listLineItems()
    const who = guest ? "Shopping as a guest" : `Signed in as ${me.Username}`
    const cartText = lines.Items.length === 0
      ? "empty"
      : `${lines.Items.map((l) => `${l.Quantity} x ${l.Product?.Name ?? l.ProductID}`).join(", ")}, subtotal ${
        money(cart.Subtotal)
      }`
    return layout(
      `<h1 id="who">${escape(who)}</h1>
<ul id="products">${
        products.Items.map((p) =>
          `<li>${escape(p.Name ?? "")} <form method="post" action="/cart"><input type="hidden" name="product" value="${
            escape(p.ID ?? "")
          }"><input name="quantity" value="1"><button>Add</button></form></li>`
        ).join("")
      }</ul>
<p id="cart">${escape(cartText)}</p>
${
        guest
          ? `<form method="post" action="/sign-in"><input name="username"><input name="password" type="password"><button>Sign in</button></form>${
            options.openIdConnectID === undefined ? "" : `<p><a href="/sign-in/sso">Sign in with SSO</a></p>`
          }`
          : `<form method="post" action="/sign-out"><button>Sign out</button></form>`
      }`
    )
  })

const account = Effect.map(
  Me.get(),
  (me) => layout(`<h1 id="who">${escape(me.Username ?? "")}</h1><p><a href="/">The shop</a></p>`)
)

const AddForm = Schema.Struct({ product: Schema.NonEmptyString, quantity: Schema.NumberFromString })
const addToCart = Effect.gen(function*() {
  const form = yield* HttpServerRequest.schemaBodyUrlParams(AddForm)
  yield* Cart.createLineItem({ ProductID: form.product, Quantity: form.quantity })
  return HttpServerResponse.redirect("/", { status: 303 })
})

const SignInForm = Schema.Struct({ username: Schema.NonEmptyString, password: Schema.NonEmptyString })

const signIn = (options: Options, cookies: SessionCookies.SessionCookies) =>
  Effect.gen(function*() {
    const form = yield* HttpServerRequest.schemaBodyUrlParams(SignInForm)
    const guest = yield* returningGuest(cookies)
    const response = yield* Grant.password({
      clientID: options.clientID,
      username: form.username,
      password: Redacted.make(form.password),
      scope: buyerScope
    }).pipe(
      Effect.catchTag("AuthenticationFailed", () => Effect.fail(layout(`<h1>Wrong username or password</h1>`, 401)))
    )
    yield* keepGuestCart(guest, response.access_token)
    const written = yield* cookies.write(yield* SessionCookies.tokensOf(response))
    return HttpServerResponse.redirect("/", { status: 303, cookies: written })
  }).pipe(Effect.catchIf(HttpServerResponse.isServerResponse, Effect.succeed))

/** The guest's cart becomes the buyer's: the guest's token goes as anonUserToken, sent as the buyer. */
const keepGuestCart = (guest: Option.Option<Redacted.Redacted<string>>, buyer: Redacted.Redacted<string>) =>
  Option.isNone(guest) ? Effect.void : Me.transferAnonUserOrder({ anonUserToken: Redacted.value(guest.value) }).pipe(
    Effect.provide(Session.layerAccessToken({ accessToken: buyer })),
    // A guest who never started a cart has no order to give.
    Effect.catchTag("NotFound", () => Effect.void)
  )

const PathQuery = Schema.Struct({ path: Schema.optionalWith(Schema.String, { default: () => "/" }) })

/** Single sign-on, step 1: to OrderCloud's `/ocrplogin`, coming back to `path`. */
const ssoStart = (options: Options, openIdConnectID: string) =>
  Effect.gen(function*() {
    const { path } = yield* HttpServerRequest.schemaSearchParams(PathQuery)
    const url = yield* OpenIdConnect.loginUrl({
      openIdConnectID,
      clientID: options.clientID,
      scope: buyerScope,
      appStartPath: path
    })
    return HttpServerResponse.redirect(url, { status: 302 })
  }).pipe(
    Effect.catchTag("InvalidRequest", () => Effect.succeed(layout("<h1>That is not a page of this shop</h1>", 400)))
  )

/**
 * Single sign-on, step 2, at the `AppStartUrl`: the tokens into cookies, the
 * guest's cart kept, and straight on to the app start path, so the tokens
 * leave the address bar.
 */
const ssoLanding = (cookies: SessionCookies.SessionCookies) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const appStart = yield* OpenIdConnect.readAppStart(request.url)
    yield* keepGuestCart(yield* returningGuest(cookies), appStart.accessToken)
    const written = yield* cookies.write(yield* OpenIdConnect.tokensOf(appStart))
    return HttpServerResponse.redirect(appStart.appStartPath ?? "/", { status: 303, cookies: written })
  }).pipe(
    Effect.catchTags({
      InvalidAppStart: () => Effect.succeed(layout("<h1>Single sign-on did not complete</h1>", 400)),
      InvalidAccessToken: () => Effect.succeed(layout("<h1>Single sign-on did not complete</h1>", 400))
    })
  )

const signOut = (cookies: SessionCookies.SessionCookies) =>
  Effect.succeed(HttpServerResponse.redirect("/", { status: 303, cookies: cookies.clear }))

/**
 * The storefront's `HttpApp`: needs the `OrderCloudClient`; every session
 * comes from the request's cookies. What went wrong is logged by tag only
 * and the page says little: no token or OrderCloud detail reaches it.
 */
export const make = (options: Options) =>
  Effect.gen(function*() {
    const cookies = yield* SessionCookies.make({ guest: { clientID: options.anonymousClientID, scope: ["Shopper"] } })
    const router = HttpRouter.empty.pipe(
      HttpRouter.get("/", home(options)),
      HttpRouter.get("/account", account),
      HttpRouter.post("/cart", addToCart),
      HttpRouter.post("/sign-in", signIn(options, cookies)),
      HttpRouter.post("/sign-out", signOut(cookies)),
      options.openIdConnectID === undefined ? (router) => router : (router) =>
        router.pipe(
          HttpRouter.get("/sign-in/sso", ssoStart(options, options.openIdConnectID!)),
          HttpRouter.get("/sso", ssoLanding(cookies))
        ),
      Effect.catchTags({
        RouteNotFound: () => Effect.succeed(layout("<h1>Not found</h1>", 404)),
        ParseError: () => Effect.succeed(layout("<h1>That form is not filled in right</h1>", 400))
      }),
      Effect.catchAll((error) =>
        Effect.as(
          Effect.logWarning(`storefront: ${error._tag}`),
          layout("<h1>Something went wrong</h1>", 500)
        )
      )
    )
    return { app: cookies.middleware(router), cookies }
  })

/** A Clock `offset` ahead of `clock`: the server's view of a later day. */
const ahead = (clock: Clock.Clock, offset: Duration.Duration): Clock.Clock => {
  const millis = Duration.toMillis(offset)
  const nanos = BigInt(millis) * 1_000_000n
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => clock.unsafeCurrentTimeMillis() + millis,
    currentTimeMillis: Effect.map(clock.currentTimeMillis, (now) => now + millis),
    unsafeCurrentTimeNanos: () => clock.unsafeCurrentTimeNanos() + nanos,
    currentTimeNanos: Effect.map(clock.currentTimeNanos, (now) => now + nanos),
    sleep: (duration) => clock.sleep(duration)
  }
}

/**
 * The storefront as a fetch-style handler (what a Node, Deno or Bun server,
 * or a test, calls), running in the current context; with `later`, its
 * clock runs that far ahead (to show what a later visit does).
 */
export const toHandler = (
  app: HttpApp.Default<never, OrderCloudClient.OrderCloudClient>,
  later?: Duration.Duration
) =>
  Effect.gen(function*() {
    const clock = yield* Effect.clock
    const runtime = yield* Effect.runtime<OrderCloudClient.OrderCloudClient>().pipe(
      later === undefined ? (effect) => effect : Effect.withClock(ahead(clock, later))
    )
    return HttpApp.toWebHandlerRuntime(runtime)(app)
  })
