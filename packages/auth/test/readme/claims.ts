import { AccessToken, Session } from "@ordercloud-effect/auth"
import { Effect } from "effect"

// A guest shopper from ORDERCLOUD_CLIENT_ID and ORDERCLOUD_SCOPE.
export const GuestLive = Session.layerAnonymousConfig()

// The order this guest may use: the token's `orderid` claim.
export const guestOrderID = Effect.gen(function*() {
  const session = yield* Session.Session
  const claims = yield* AccessToken.claims(yield* session.token)
  return claims.orderid
}).pipe(Effect.provide(GuestLive))
