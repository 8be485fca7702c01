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
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { AccessToken, Grant, Session, SessionCookies } from "@ordercloud-effect/auth"
import { Cart, Me } from "@ordercloud-effect/resources"
import { Effect, Option, Redacted, Schema } from "effect"

/** The storefront's API clients and the roles it asks for. */
export interface Options {
  /** The API client buyers sign in with. */
  readonly clientID: string
  /** The API client guests shop with (`IsAnonBuyer`). */
  readonly anonymousClientID: string
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

/** Whether the visitor is a guest: only anonymous tokens carry an `orderid` claim. */
const guestToken = Effect.gen(function*() {
  const token = yield* (yield* Session.Session).token
  const claims = yield* Effect.option(AccessToken.claims(token))
  return Option.isSome(claims) && claims.value.orderid !== undefined ? Option.some(token) : Option.none()
})

const home = Effect.gen(function*() {
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
        ? `<form method="post" action="/sign-in"><input name="username"><input name="password" type="password"><button>Sign in</button></form>`
        : `<form method="post" action="/sign-out"><button>Sign out</button></form>`
    }`
  )
})

const account = Effect.map(Me.get(), (me) => layout(`<h1 id="who">${escape(me.Username ?? "")}</h1>`))

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
    const guest = yield* guestToken
    const response = yield* Grant.password({
      clientID: options.clientID,
      username: form.username,
      password: Redacted.make(form.password),
      scope: buyerScope
    }).pipe(
      Effect.catchTag("AuthenticationFailed", () => Effect.fail(layout(`<h1>Wrong username or password</h1>`, 401)))
    )
    if (Option.isSome(guest)) {
      // The guest's cart becomes the buyer's: pass the guest's token as anonUserToken, as the buyer.
      yield* Me.transferAnonUserOrder({ anonUserToken: Redacted.value(guest.value) }).pipe(
        Effect.provide(Session.layerAccessToken({ accessToken: response.access_token })),
        // A guest who never started a cart has no order to give.
        Effect.catchTag("NotFound", () => Effect.void)
      )
    }
    const written = yield* cookies.write(yield* SessionCookies.tokensOf(response))
    return HttpServerResponse.redirect("/", { status: 303, cookies: written })
  }).pipe(Effect.catchIf(HttpServerResponse.isServerResponse, Effect.succeed))

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
      HttpRouter.get("/", home),
      HttpRouter.get("/account", account),
      HttpRouter.post("/cart", addToCart),
      HttpRouter.post("/sign-in", signIn(options, cookies)),
      HttpRouter.post("/sign-out", signOut(cookies)),
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
