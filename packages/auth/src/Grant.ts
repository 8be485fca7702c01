/**
 * One token request per OAuth grant, answering the whole token response:
 * the access token, the refresh token (when the API client issues them) and
 * `expires_in`. This is what an app's own login endpoint hands to its
 * browser, or saves to resume later with `Session.layerResume`; the
 * `Session` layers use the same requests and keep the tokens to themselves.
 *
 * The tokens in the answer are `Redacted`. Each function sends exactly one
 * request, with no cache: call it once per login.
 *
 * @example
 * ```ts
 * import { Grant } from "@ordercloud-effect/auth"
 * import { Effect, Redacted } from "effect"
 *
 * // A login endpoint's work: the password grant, then what to keep.
 * export const login = (username: string, password: Redacted.Redacted<string>) =>
 *   Grant.password({ clientID: "storefront-client-id", username, password, scope: ["Shopper"] }).pipe(
 *     Effect.map((response) => ({
 *       accessToken: response.access_token,
 *       refreshToken: response.refresh_token,
 *       expiresIn: response.expires_in
 *     }))
 *   )
 * ```
 *
 * @since 0.1.0
 */
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { TokenResponse } from "./AccessToken.js"
import * as Forms from "./internal/forms.js"
import * as Impersonation from "./internal/impersonation.js"

/**
 * What every grant but the refresh-token grant names: the API client and
 * the roles to ask for.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientOptions {
  /** The API client ID (`client_id`). */
  readonly clientID: string
  /**
   * The API roles to ask for (`scope`). The token holds those the user
   * actually has. Whether omitting it grants all roles is not documented:
   * name the roles you need.
   */
  readonly scope?: ReadonlyArray<string> | undefined
  /** Custom roles to ask for, sent in `scope` after the roles. */
  readonly customRoles?: ReadonlyArray<string> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface PasswordCredentials extends ClientOptions {
  readonly username: string
  readonly password: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ElevatedCredentials extends PasswordCredentials {
  readonly clientSecret: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ClientCredentials extends ClientOptions {
  readonly clientSecret: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface AnonymousCredentials extends ClientOptions {
  /** An id of your own for the guest (`anonuserid`), used only for tracking events. */
  readonly anonUserID?: string | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface RefreshTokenCredentials {
  readonly clientID: string
  /** A refresh token obtained elsewhere (an earlier login, SSO). */
  readonly refreshToken: Redacted.Redacted<string>
  /** Needed when the API client has a secret. */
  readonly clientSecret?: Redacted.Redacted<string> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ImpersonationRequest {
  readonly buyerID: string
  /** The buyer user to act as. */
  readonly userID: string
  /** The API client the impersonation token is for (`ClientID`). */
  readonly clientID: string
  /** The roles to ask for (`Roles`); the impersonation config's security profile caps them. */
  readonly scope: ReadonlyArray<string>
  /** `CustomRoles`. */
  readonly customRoles?: ReadonlyArray<string> | undefined
}

type Answer = Effect.Effect<TokenResponse, OrderCloudError.OrderCloudError, OrderCloudClient.OrderCloudClient>

const send = (form: Forms.Form): Answer =>
  Effect.flatMap(OrderCloudClient.OrderCloudClient, (client) => Forms.request(client, form))

/**
 * The `password` grant: a buyer, seller or supplier user logging in
 * (the official SDK's `Auth.Login`).
 *
 * @since 0.1.0
 * @category grants
 */
export const password = (options: PasswordCredentials): Answer => send(Forms.password(options))

/**
 * The `password` grant with the API client's secret (`Auth.Elevated`).
 *
 * @since 0.1.0
 * @category grants
 */
export const elevated = (options: ElevatedCredentials): Answer => send(Forms.elevated(options))

/**
 * The `client_credentials` grant with the client secret: the API client
 * acting as its default context user (`Auth.ClientCredentials`).
 *
 * @since 0.1.0
 * @category grants
 */
export const clientCredentials = (options: ClientCredentials): Answer => send(Forms.clientCredentials(options))

/**
 * The `client_credentials` grant without a secret: a new guest shopper
 * (`Auth.Anonymous`). The access token's `orderid` claim names its order.
 *
 * @since 0.1.0
 * @category grants
 */
export const anonymous = (options: AnonymousCredentials): Answer => send(Forms.anonymous(options))

/**
 * The `refresh_token` grant (`Auth.RefreshToken`). The answer may carry a
 * new refresh token: keep it instead of the one sent.
 *
 * @since 0.1.0
 * @category grants
 */
export const refreshToken = (options: RefreshTokenCredentials): Answer => send(Forms.refreshToken(options))

/**
 * A buyer user's token, asked for by the session in context (a seller user
 * with `BuyerImpersonation` and a matching impersonation config) through
 * `POST /v1/buyers/{buyerID}/users/{userID}/accesstoken`.
 *
 * @since 0.1.0
 * @category grants
 */
export const impersonation = (
  options: ImpersonationRequest
): Effect.Effect<
  TokenResponse,
  OrderCloudError.OrderCloudError,
  OrderCloudClient.OrderCloudClient | CoreSession.Session
> =>
  Effect.flatMap(
    Effect.all([OrderCloudClient.OrderCloudClient, CoreSession.Session]),
    ([client, seller]) => Impersonation.request(client, seller, options)
  )
