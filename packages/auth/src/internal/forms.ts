import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type {
  AnonymousCredentials,
  ClientCredentials,
  ClientOptions,
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
  /** Why the options cannot make a request (roles that are not a list): it is never sent. */
  readonly refused?: OrderCloudError.InvalidRequest | undefined
}

/** A form with the `scope` field of `options`, refused for roles that are not a list of names. */
const withScope = (
  grantType: string,
  options: ClientOptions,
  fields: (scope: string | undefined) => ReadonlyArray<Grant.Field>
): Form => {
  const refused = Grant.invalidRoles(options, "Body")
  return refused === undefined
    ? { grantType, fields: fields(Grant.scope(options.scope, options.customRoles)) }
    : { grantType, fields: fields(undefined), refused }
}

/** @internal */
export const password = (options: PasswordCredentials): Form =>
  withScope("password", options, (scope) => [
    ["username", options.username],
    ["password", options.password],
    ["client_id", options.clientID],
    ["scope", scope]
  ])

/** @internal */
export const elevated = (options: ElevatedCredentials): Form =>
  withScope("password", options, (scope) => [
    ["scope", scope],
    ["client_id", options.clientID],
    ["username", options.username],
    ["password", options.password],
    ["client_secret", options.clientSecret]
  ])

/** @internal */
export const clientCredentials = (options: ClientCredentials): Form =>
  withScope("client_credentials", options, (scope) => [
    ["scope", scope],
    ["client_id", options.clientID],
    ["client_secret", options.clientSecret]
  ])

/** @internal */
export const anonymous = (options: AnonymousCredentials): Form =>
  withScope("client_credentials", options, (scope) => [
    ["client_id", options.clientID],
    ["scope", scope],
    ["anonuserid", options.anonUserID]
  ])

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

/** Sends a form to the token endpoint, or fails with why it cannot be sent. @internal */
export const request = (client: OrderCloudClient.Service, form: Form) =>
  form.refused === undefined
    ? Grant.requestToken(client, form.grantType, form.fields)
    : Effect.fail(form.refused)
