import type { OrderCloudError } from "@ordercloud-effect/core"
import { Effect } from "effect"

// What a sign-in form says for each refusal of the token endpoint.
export const explainSignIn = <A, R>(effect: Effect.Effect<A, OrderCloudError.OrderCloudError, R>) =>
  effect.pipe(
    Effect.catchTag("AuthenticationFailed", (error) => {
      switch (error.errorCode) {
        case "InvalidCredentials":
        case "Auth.InvalidUsernameOrPassword":
          return Effect.fail("Wrong username or password")
        case "Auth.LockedOut":
          return Effect.fail("Too many attempts: try again later")
        default:
          return Effect.fail(`Sign-in refused (${error.errorCode ?? error.oauthError ?? error.status})`)
      }
    })
  )
