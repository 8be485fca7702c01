import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { TokenResponse } from "../AccessToken.js"
import type { ImpersonationRequest } from "../Grant.js"
import { invalidRoles } from "./grant.js"

/** The impersonation endpoint's body. @internal */
export const ImpersonationBody = Schema.Struct({
  ClientID: Schema.String,
  Roles: Schema.Array(Schema.String),
  CustomRoles: Schema.Array(Schema.String)
})

/** `POST /v1/buyers/{buyerID}/users/{userID}/accesstoken`. @internal */
export const getAccessToken = OrderCloudClient.operation({
  id: "Users.getAccessToken",
  method: "POST",
  path: "/buyers/{buyerID}/users/{userID}/accesstoken",
  body: ImpersonationBody,
  response: TokenResponse
})

/**
 * A buyer user's token, asked for as `seller`: never sent with any other
 * session's token.
 * @internal
 */
export const request = (
  client: OrderCloudClient.Service,
  seller: CoreSession.Service,
  options: ImpersonationRequest
) => {
  const refused = invalidRoles(options, "Body")
  if (refused !== undefined) return Effect.fail(refused)
  return client.execute(getAccessToken, {
    path: { buyerID: options.buyerID, userID: options.userID },
    body: { ClientID: options.clientID, Roles: options.scope, CustomRoles: options.customRoles ?? [] }
  }).pipe(
    Effect.provideService(CoreSession.Session, seller),
    Effect.withSpan("Session.impersonate")
  )
}
