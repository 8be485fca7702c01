import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { OpenIdConnect, type SessionCookies } from "@ordercloud-effect/auth"
import { Effect } from "effect"

// The OpenIdConnect config's AppStartUrl:
// https://shop.example/sso?token={0}&idpToken={1}&appStartPath={2}&refreshToken={3}
export const appStartUrl = OpenIdConnect.appStartUrl("https://shop.example/sso")

export const ssoRoutes = (cookies: SessionCookies.SessionCookies) =>
  HttpRouter.empty.pipe(
    // "Sign in with Contoso": to OrderCloud's /ocrplogin, to come back to /account.
    HttpRouter.get(
      "/sign-in/sso",
      Effect.map(
        OpenIdConnect.loginUrl({
          openIdConnectID: "contoso",
          clientID: "storefront-client-id",
          scope: ["Shopper", "MeAdmin"],
          appStartPath: "/account"
        }),
        (url) => HttpServerResponse.redirect(url)
      )
    ),
    // The AppStartUrl: the tokens into cookies, where the session renews itself
    // from; then straight on, so the tokens leave the address bar.
    HttpRouter.get(
      "/sso",
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const appStart = yield* OpenIdConnect.readAppStart(request.url)
        const written = yield* cookies.write(yield* OpenIdConnect.tokensOf(appStart))
        return HttpServerResponse.redirect(appStart.appStartPath ?? "/", { status: 303, cookies: written })
      })
    )
  )

// Outside a web app: the handed-over tokens as a session that renews itself.
export const sessionAt = (url: string) => Effect.map(OpenIdConnect.readAppStart(url), OpenIdConnect.layer)
