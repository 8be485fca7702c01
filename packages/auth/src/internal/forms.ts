import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as Redacted from "effect/Redacted"
import type {
  AnonymousCredentials,
  ClientCredentials,
  ElevatedCredentials,
  PasswordCredentials,
  RefreshTokenCredentials
} from "../Grant.js"
import * as Grant from "./grant.js"

/**
 * One token request: its grant type and its form fields in the order the
 * official SDKs send them. The fields also identify the credential set for
 * a token store (secrets hashed, never stored).
 * @internal
 */
export interface Form {
  readonly grantType: string
  readonly fields: ReadonlyArray<Grant.Field>
}

/** @internal */
export const password = (options: PasswordCredentials): Form => ({
  grantType: "password",
  fields: [
    ["username", options.username],
    ["password", options.password],
    ["client_id", options.clientID],
    ["scope", Grant.scope(options.scope, options.customRoles)]
  ]
})

/** @internal */
export const elevated = (options: ElevatedCredentials): Form => ({
  grantType: "password",
  fields: [
    ["scope", Grant.scope(options.scope, options.customRoles)],
    ["client_id", options.clientID],
    ["username", options.username],
    ["password", options.password],
    ["client_secret", options.clientSecret]
  ]
})

/** @internal */
export const clientCredentials = (options: ClientCredentials): Form => ({
  grantType: "client_credentials",
  fields: [
    ["scope", Grant.scope(options.scope, options.customRoles)],
    ["client_id", options.clientID],
    ["client_secret", options.clientSecret]
  ]
})

/** @internal */
export const anonymous = (options: AnonymousCredentials): Form => ({
  grantType: "client_credentials",
  fields: [
    ["client_id", options.clientID],
    ["scope", Grant.scope(options.scope, options.customRoles)],
    ["anonuserid", options.anonUserID]
  ]
})

/** @internal */
export const refreshToken = (options: RefreshTokenCredentials): Form => ({
  grantType: "refresh_token",
  fields: [
    ["client_id", options.clientID],
    ["refresh_token", options.refreshToken],
    ["client_secret", options.clientSecret]
  ]
})

/**
 * The `refresh_token` grant of a session, for whichever refresh token it
 * holds at the time.
 * @internal
 */
export const refreshWith =
  (clientID: string, clientSecret: Redacted.Redacted<string> | undefined) => (token: Redacted.Redacted<string>): Form =>
    refreshToken({ clientID, refreshToken: token, clientSecret })

/** Sends a form to the token endpoint. @internal */
export const request = (client: OrderCloudClient.Service, form: Form) =>
  Grant.requestToken(client, form.grantType, form.fields)
