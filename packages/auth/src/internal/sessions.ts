import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { TokenResponse } from "../AccessToken.js"
import type {
  AnonymousOptions,
  ClientCredentialsOptions,
  ElevatedOptions,
  ImpersonationOptions,
  PasswordOptions,
  RefreshTokenOptions
} from "../Session.js"
import * as Grant from "./grant.js"
import * as TokenCache from "./tokenCache.js"

/** @internal */
export const defaultExpiryMargin: Duration.Duration = Duration.seconds(30)

const margin = (input: Duration.DurationInput | undefined): Duration.Duration =>
  input === undefined ? defaultExpiryMargin : Duration.decode(input)

type Secret = Redacted.Redacted<string>

const refreshGrant =
  (client: OrderCloudClient.Service, clientID: string, clientSecret: Secret | undefined) => (refreshToken: Secret) =>
    Grant.requestToken(client, "refresh_token", [
      ["client_id", clientID],
      ["refresh_token", refreshToken],
      ["client_secret", clientSecret]
    ])

type Make = Effect.Effect<CoreSession.Service, never, OrderCloudClient.OrderCloudClient | Scope.Scope>

const cached = (
  options: { readonly expiryMargin?: Duration.DurationInput | undefined },
  build: (client: OrderCloudClient.Service) => Omit<TokenCache.Grant, "expiryMargin">
): Make =>
  Effect.flatMap(
    OrderCloudClient.OrderCloudClient,
    (client) => TokenCache.make({ ...build(client), expiryMargin: margin(options.expiryMargin) })
  )

/** @internal */
export const password = (options: PasswordOptions): Make =>
  cached(options, (client) => ({
    request: Grant.requestToken(client, "password", [
      ["username", options.username],
      ["password", options.password],
      ["client_id", options.clientID],
      ["scope", Grant.scope(options.scope, options.customRoles)]
    ]),
    refresh: refreshGrant(client, options.clientID, undefined),
    configuredRefreshToken: undefined
  }))

/** @internal */
export const elevated = (options: ElevatedOptions): Make =>
  cached(options, (client) => ({
    request: Grant.requestToken(client, "password", [
      ["scope", Grant.scope(options.scope, options.customRoles)],
      ["client_id", options.clientID],
      ["username", options.username],
      ["password", options.password],
      ["client_secret", options.clientSecret]
    ]),
    refresh: refreshGrant(client, options.clientID, options.clientSecret),
    configuredRefreshToken: undefined
  }))

/** @internal */
export const clientCredentials = (options: ClientCredentialsOptions): Make =>
  cached(options, (client) => ({
    request: Grant.requestToken(client, "client_credentials", [
      ["scope", Grant.scope(options.scope, options.customRoles)],
      ["client_id", options.clientID],
      ["client_secret", options.clientSecret]
    ]),
    refresh: refreshGrant(client, options.clientID, options.clientSecret),
    configuredRefreshToken: undefined
  }))

/** @internal */
export const anonymous = (options: AnonymousOptions): Make =>
  cached(options, (client) => ({
    request: Grant.requestToken(client, "client_credentials", [
      ["client_id", options.clientID],
      ["scope", Grant.scope(options.scope, options.customRoles)],
      ["anonuserid", options.anonUserID]
    ]),
    refresh: refreshGrant(client, options.clientID, undefined),
    configuredRefreshToken: undefined
  }))

/** @internal */
export const refreshToken = (options: RefreshTokenOptions): Make =>
  cached(options, (client) => {
    const refresh = refreshGrant(client, options.clientID, options.clientSecret)
    return { request: refresh(options.refreshToken), refresh, configuredRefreshToken: options.refreshToken }
  })

/** The impersonation endpoint's body. @internal */
export const ImpersonationRequest = Schema.Struct({
  ClientID: Schema.String,
  Roles: Schema.Array(Schema.String),
  CustomRoles: Schema.Array(Schema.String)
})

/** `POST /v1/buyers/{buyerID}/users/{userID}/accesstoken`. @internal */
export const getAccessToken = OrderCloudClient.operation({
  id: "Users.getAccessToken",
  method: "POST",
  path: "/buyers/{buyerID}/users/{userID}/accesstoken",
  body: ImpersonationRequest,
  response: TokenResponse
})

/**
 * A buyer user's token, asked for by the session in context (the seller) at
 * the time the layer is built. Renewed by asking again, never with a refresh
 * token and never by falling back to the seller's token.
 * @internal
 */
export const impersonation = (options: ImpersonationOptions): Effect.Effect<
  CoreSession.Service,
  never,
  OrderCloudClient.OrderCloudClient | CoreSession.Session | Scope.Scope
> =>
  Effect.flatMap(CoreSession.Session, (seller) =>
    cached(options, (client) => ({
      request: client.execute(getAccessToken, {
        path: { buyerID: options.buyerID, userID: options.userID },
        body: { ClientID: options.clientID, Roles: options.scope, CustomRoles: options.customRoles ?? [] }
      }).pipe(
        Effect.provideService(CoreSession.Session, seller),
        Effect.withSpan("Session.impersonate")
      ),
      refresh: undefined,
      configuredRefreshToken: undefined
    })))
