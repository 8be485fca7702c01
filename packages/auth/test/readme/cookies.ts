import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Grant, SessionCookies } from "@ordercloud-effect/auth"
import { OrderCloudClient } from "@ordercloud-effect/core"
import { Effect, Schema } from "effect"

const getMe = OrderCloudClient.operation({
  id: "Me.get",
  method: "GET",
  path: "/me",
  body: undefined,
  response: Schema.Struct({ Username: Schema.String })
})

const SignIn = Schema.Struct({ username: Schema.String, password: Schema.Redacted(Schema.String) })

export const storefront = Effect.gen(function*() {
  // Visitors without a cookie shop as guests of the storefront's API client.
  const cookies = yield* SessionCookies.make({ guest: { clientID: "storefront-client-id", scope: ["Shopper"] } })
  const router = HttpRouter.empty.pipe(
    // Every page runs as the visitor whose cookies came with the request.
    HttpRouter.get(
      "/",
      Effect.map(OrderCloudClient.execute(getMe), (me) => HttpServerResponse.text(`Hello ${me.Username}`))
    ),
    // The token response goes out in HttpOnly, Secure, SameSite cookies.
    HttpRouter.post(
      "/sign-in",
      Effect.gen(function*() {
        const form = yield* HttpServerRequest.schemaBodyUrlParams(SignIn)
        const response = yield* Grant.password({
          clientID: "storefront-client-id",
          username: form.username,
          password: form.password,
          scope: ["Shopper", "MeAdmin"]
        })
        const written = yield* cookies.write(yield* SessionCookies.tokensOf(response))
        return HttpServerResponse.redirect("/", { status: 303, cookies: written })
      })
    ),
    HttpRouter.post(
      "/sign-out",
      Effect.succeed(HttpServerResponse.redirect("/", { status: 303, cookies: cookies.clear }))
    )
  )
  // An HttpApp that needs the OrderCloudClient: serve it with HttpServer.serve,
  // or as a fetch handler with HttpApp.toWebHandler.
  return cookies.middleware(router)
})
