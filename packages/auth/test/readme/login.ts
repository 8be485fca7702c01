import { Grant } from "@ordercloud-effect/auth"
import { Effect, Redacted } from "effect"

// A login endpoint: the password grant, answering what the app keeps.
export const login = (username: string, password: Redacted.Redacted<string>) =>
  Grant.password({ clientID: "storefront-client-id", username, password, scope: ["Shopper", "MeAdmin"] }).pipe(
    Effect.map((response) => ({
      accessToken: Redacted.value(response.access_token), // for the browser, or a cookie
      refreshToken: response.refresh_token, // Redacted; absent unless the API client issues them
      expiresIn: response.expires_in // seconds
    }))
  )
