import { Session } from "@ordercloud-effect/auth"
import { Effect, type Redacted } from "effect"

// What the app kept for a user, e.g. in its own session store.
export interface Saved {
  accessToken: Redacted.Redacted<string>
  refreshToken: Redacted.Redacted<string>
}

// The user again after a restart: the saved access token while it lasts, then the
// refresh token; each renewed pair is saved again (OrderCloud may rotate the refresh token).
export const returningUser = (saved: Saved) =>
  Session.layerResume({
    accessToken: saved.accessToken,
    refreshToken: saved.refreshToken,
    // clientID: defaults to the token's cid claim
    onTokens: (tokens) =>
      Effect.sync(() => {
        saved.accessToken = tokens.accessToken
        if (tokens.refreshToken !== undefined) saved.refreshToken = tokens.refreshToken
      })
  })
