import { Session } from "@ordercloud-effect/auth"
import { Config, Effect, Layer, type Redacted } from "effect"

// A buyer, seller or supplier user with username and password.
export const buyer = (password: Redacted.Redacted<string>) =>
  Session.layerPassword({
    clientID: "buyer-client-id",
    username: "buyer01",
    password,
    scope: ["Shopper", "MeAdmin"],
    customRoles: ["VIP"]
  })

// The same with the API client's secret, for API clients that have one.
export const admin = (password: Redacted.Redacted<string>, clientSecret: Redacted.Redacted<string>) =>
  Session.layerElevated({
    clientID: "admin-client-id",
    clientSecret,
    username: "admin",
    password,
    scope: ["FullAccess"]
  })

// An integration acting as the API client's default context user.
export const integration = (clientSecret: Redacted.Redacted<string>) =>
  Session.layerClientCredentials({ clientID: "integration-client-id", clientSecret, scope: ["OrderAdmin"] })

// A guest shopper (the API client has IsAnonBuyer); no secret.
export const guest = Session.layerAnonymous({ clientID: "storefront-client-id", scope: ["Shopper"] })

// A user whose refresh token you kept (from an earlier login or SSO).
export const returning = (refreshToken: Redacted.Redacted<string>) =>
  Session.layerRefreshToken({ clientID: "storefront-client-id", refreshToken })

// A token received from elsewhere, sent as it is and never renewed.
export const forwarded = (accessToken: Redacted.Redacted<string>) => Session.layerAccessToken({ accessToken })

// Options from your own Config: the secret stays Redacted all the way.
export const SellerLive = Layer.unwrapEffect(
  Effect.map(Config.redacted("SELLER_PASSWORD"), (password) =>
    Session.layerPassword({
      clientID: "admin-client-id",
      username: "seller01",
      password,
      scope: ["OrderAdmin", "BuyerImpersonation"],
      expiryMargin: "1 minute"
    }))
)
