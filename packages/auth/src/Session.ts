/**
 * Sessions: which access token an OrderCloud call carries. One Layer per
 * OAuth grant, each implementing core's `Session`.
 *
 * | layer | grant | renews by |
 * |---|---|---|
 * | `layerPassword` | `password` | refresh token if issued, else the grant again |
 * | `layerElevated` | `password` + `client_secret` | refresh token if issued, else the grant again |
 * | `layerClientCredentials` | `client_credentials` + `client_secret` | refresh token if issued, else the grant again |
 * | `layerAnonymous` | `client_credentials`, no secret (guest shopping) | the grant again: a new guest |
 * | `layerRefreshToken` | `refresh_token` | the (rotated) refresh token |
 * | `layerResume` | none while the saved access token lasts | the saved (then rotated) refresh token |
 * | `layerImpersonation` | the seller session in context asks `POST /v1/buyers/{buyerID}/users/{userID}/accesstoken` | asking again |
 * | `layerAccessToken` | none: a token received from elsewhere | never |
 *
 * Tokens are fetched on first use, not when the layer is built. Each session
 * caches its token and reuses it until `expiryMargin` (default 30 seconds)
 * before it expires; concurrent callers share one token request; a 401 on a
 * cached token drops it, and core sends the call once more with a fresh one.
 * `onTokens` is told of every pair a session requests, to save it again; a
 * `TokenStore` in the context shares tokens across restarts and processes.
 *
 * Every layer has a `...Config` variant that reads environment variables
 * (each may be replaced by another `Config`):
 *
 * | variable | read by | |
 * |---|---|---|
 * | `ORDERCLOUD_CLIENT_ID` | all but `layerAccessTokenConfig` | the API client ID |
 * | `ORDERCLOUD_CLIENT_SECRET` | client credentials, elevated; optional for refresh token | `Config.redacted` |
 * | `ORDERCLOUD_USERNAME` | password, elevated | |
 * | `ORDERCLOUD_PASSWORD` | password, elevated | `Config.redacted` |
 * | `ORDERCLOUD_SCOPE` | password, elevated, client credentials, anonymous | roles, separated by spaces or commas; optional |
 * | `ORDERCLOUD_CUSTOM_ROLES` | the same | custom roles, same format; optional |
 * | `ORDERCLOUD_ANON_USER_ID` | anonymous | optional |
 * | `ORDERCLOUD_REFRESH_TOKEN` | refresh token | `Config.redacted` |
 * | `ORDERCLOUD_ACCESS_TOKEN` | access token | `Config.redacted` |
 * | `ORDERCLOUD_IMPERSONATION_BUYER_ID` | impersonation | |
 * | `ORDERCLOUD_IMPERSONATION_USER_ID` | impersonation | |
 * | `ORDERCLOUD_IMPERSONATION_CLIENT_ID` | impersonation | optional, defaults to `ORDERCLOUD_CLIENT_ID` |
 * | `ORDERCLOUD_IMPERSONATION_SCOPE` | impersonation | roles, as for `ORDERCLOUD_SCOPE` |
 * | `ORDERCLOUD_IMPERSONATION_CUSTOM_ROLES` | impersonation | optional |
 * | `ORDERCLOUD_TOKEN_EXPIRY_MARGIN` | all but access token | optional duration (`30 seconds`) |
 *
 * @example
 * ```ts
 * import { Session } from "@ordercloud-effect/auth"
 * import { OrderCloudClient } from "@ordercloud-effect/core"
 * import { Effect, Layer, Redacted } from "effect"
 *
 * // The client over the runtime's fetch, from ORDERCLOUD_BASE_URL, ...
 * const OrderCloudLive = OrderCloudClient.layerConfig()
 *
 * // A buyer user; sessions ask the OrderCloudClient for their tokens.
 * const Buyer = Session.layerPassword({
 *   clientID: "storefront-client-id",
 *   username: "buyer01",
 *   password: Redacted.make("a password"),
 *   scope: ["Shopper", "MeAdmin"]
 * })
 *
 * // An integration, from ORDERCLOUD_CLIENT_ID, ORDERCLOUD_CLIENT_SECRET and ORDERCLOUD_SCOPE.
 * const Integration = Session.layerClientCredentialsConfig()
 *
 * // The seller acting as one of a buyer's users: the seller session goes underneath.
 * const Impersonated = Session.layerImpersonation({
 *   buyerID: "buyer-1",
 *   userID: "buyer01",
 *   clientID: "storefront-client-id",
 *   scope: ["Shopper"]
 * }).pipe(Layer.provide(Integration))
 *
 * // Each perspective is a Layer: provide one to a whole program, or another to a sub-effect.
 * export const asBuyer = <A, E>(program: Effect.Effect<A, E, Session.Session>) =>
 *   program.pipe(Effect.provide(Layer.provideMerge(Buyer, OrderCloudLive)))
 * export const asBuyerViaSeller = <A, E>(program: Effect.Effect<A, E, Session.Session>) =>
 *   program.pipe(Effect.provide(Layer.provideMerge(Impersonated, OrderCloudLive)))
 * ```
 *
 * @since 0.1.0
 */
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as AccessToken from "./AccessToken.js"
import type * as Grant from "./Grant.js"
import * as Sessions from "./internal/sessions.js"

/**
 * The service a session implements (core's interface): `token` for the next
 * request, `invalidate` when OrderCloud answered 401.
 *
 * @since 0.1.0
 * @category models
 */
export type Service = CoreSession.Service

/**
 * The perspective of a call (core's tag, re-exported): resource operations
 * require it, so `Effect.provide(effect, otherSessionLayer)` switches user
 * for that sub-effect.
 *
 * @since 0.1.0
 * @category tags
 */
export const Session: typeof CoreSession.Session = CoreSession.Session

/**
 * @since 0.1.0
 * @category tags
 */
export type Session = CoreSession.Session

/**
 * The margin used when `expiryMargin` is not given: 30 seconds (the .NET
 * SDK's choice).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultExpiryMargin: Duration.Duration = Sessions.defaultExpiryMargin

/**
 * What every token-requesting session takes: the API client and roles
 * (`Grant.ClientOptions`) and how the token is kept.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommonOptions extends Grant.ClientOptions, KeepOptions {}

/**
 * How a session keeps its tokens.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeepOptions {
  /** How long before expiry a token stops being reused. Default 30 seconds. */
  readonly expiryMargin?: Duration.DurationInput | undefined
  /**
   * Told of every token pair the session requests (the first and each
   * renewal), before any call uses it, so the app can save it again: the
   * refresh token it reports is the one the session renews with next. A
   * failure of the callback is logged (without its cause) and the session
   * goes on. Tokens taken from a shared `TokenStore` are not reported: the
   * store already holds them.
   */
  readonly onTokens?: ((tokens: Tokens) => Effect.Effect<void>) | undefined
}

/**
 * A token pair a session obtained, as told to `onTokens`: what to save to
 * resume later with `layerResume`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Tokens {
  readonly accessToken: Redacted.Redacted<string>
  /** The refresh token the session renews with next (rotated, or the one it had); none when never issued. */
  readonly refreshToken: Redacted.Redacted<string> | undefined
  /** When the access token expires (from `expires_in`, else the JWT `exp`). */
  readonly expiresAt: Date
}

/**
 * @since 0.1.0
 * @category models
 */
export interface PasswordOptions extends Grant.PasswordCredentials, KeepOptions {}

/**
 * @since 0.1.0
 * @category models
 */
export interface ElevatedOptions extends Grant.ElevatedCredentials, KeepOptions {}

/**
 * @since 0.1.0
 * @category models
 */
export interface ClientCredentialsOptions extends Grant.ClientCredentials, KeepOptions {}

/**
 * @since 0.1.0
 * @category models
 */
export interface AnonymousOptions extends Grant.AnonymousCredentials, KeepOptions {
  /**
   * A saved guest token (a cookie, an earlier run) to use until it nears
   * expiry (its `exp` claim): the same guest, so the same cart. The next
   * token is a new guest.
   */
  readonly accessToken?: Redacted.Redacted<string> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface RefreshTokenOptions extends Grant.RefreshTokenCredentials, KeepOptions {}

/**
 * @since 0.1.0
 * @category models
 */
export interface AccessTokenOptions {
  readonly accessToken: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ImpersonationOptions extends Grant.ImpersonationRequest, KeepOptions {
  /**
   * A saved impersonation token to use until it nears expiry (its `exp`
   * claim); the seller is asked for the next one.
   */
  readonly accessToken?: Redacted.Redacted<string> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ResumeOptions extends KeepOptions {
  /** The saved access token, used until it nears expiry (its `exp` claim). */
  readonly accessToken: Redacted.Redacted<string>
  /** The saved refresh token, used once the access token nears expiry. */
  readonly refreshToken: Redacted.Redacted<string>
  /** The API client ID; default the access token's `cid` claim. */
  readonly clientID?: string | undefined
  /** Needed when the API client has a secret. */
  readonly clientSecret?: Redacted.Redacted<string> | undefined
}

/**
 * A user logging in with username and password (the `password` grant). The
 * usual buyer or seller user session.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPassword = (
  options: PasswordOptions
): Layer.Layer<Session, never, OrderCloudClient.OrderCloudClient> => Layer.scoped(Session, Sessions.password(options))

/**
 * The `password` grant with the API client's secret, for API clients that
 * have one (OrderCloud then requires it on every grant): typically a
 * back-office user acting from a server.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerElevated = (
  options: ElevatedOptions
): Layer.Layer<Session, never, OrderCloudClient.OrderCloudClient> => Layer.scoped(Session, Sessions.elevated(options))

/**
 * The API client acting as its `DefaultContextUserName` (the
 * `client_credentials` grant with the client secret): integrations and jobs.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClientCredentials = (
  options: ClientCredentialsOptions
): Layer.Layer<Session, never, OrderCloudClient.OrderCloudClient> =>
  Layer.scoped(Session, Sessions.clientCredentials(options))

/**
 * A guest shopper (an API client with `IsAnonBuyer`; `client_credentials`
 * with no secret). The token's `orderid` claim names the guest's order.
 * When the token expires or is rejected, the new token is a new guest: keep
 * a guest across restarts by saving its token (`onTokens`) and passing it
 * back as `accessToken`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAnonymous = (
  options: AnonymousOptions
): Layer.Layer<Session, never, OrderCloudClient.OrderCloudClient> => Layer.scoped(Session, Sessions.anonymous(options))

/**
 * A session that starts from a refresh token (the `refresh_token` grant),
 * following rotated refresh tokens.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerRefreshToken = (
  options: RefreshTokenOptions
): Layer.Layer<Session, never, OrderCloudClient.OrderCloudClient> =>
  Layer.scoped(Session, Sessions.refreshToken(options))

/**
 * A user resumed from a saved access token and refresh token (an earlier
 * login, SSO, a cookie): the access token is used until it nears expiry
 * (its `exp` claim; without one, until OrderCloud refuses it), then the
 * refresh token, following rotated refresh tokens. The client ID defaults
 * to the token's `cid` claim. Use `onTokens` to save each renewed pair.
 *
 * Fails with `InvalidAccessToken`, sending nothing, when no `clientID` is
 * given and the token has no readable `cid`, and for an impersonation token
 * (`imp` claim): that is renewed only by asking the seller again
 * (`layerImpersonation` with `accessToken`), never with a refresh token.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerResume = (
  options: ResumeOptions
): Layer.Layer<Session, AccessToken.InvalidAccessToken, OrderCloudClient.OrderCloudClient> =>
  Layer.scoped(Session, Sessions.resume(options))

/**
 * A fixed access token the app received from elsewhere (SSO, a browser
 * session, a webhook). It is never renewed: a 401 ends the call with
 * `Unauthorized`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAccessToken = (options: AccessTokenOptions): Layer.Layer<Session> =>
  Layer.succeed(Session, CoreSession.fromToken(options.accessToken))

/**
 * A buyer user's token obtained by the session in context (a seller user
 * with the `BuyerImpersonation` role and a matching impersonation config)
 * through `POST /v1/buyers/{buyerID}/users/{userID}/accesstoken`. The
 * seller session is taken from the context when the layer is built, so
 * provide it underneath: `Layer.provide(layerImpersonation(...), seller)`.
 * When the impersonation token must be renewed, the seller is asked again;
 * if that fails, the call fails: it never runs with the seller's token.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerImpersonation = (
  options: ImpersonationOptions
): Layer.Layer<Session, never, OrderCloudClient.OrderCloudClient | Session> =>
  Layer.scoped(Session, Sessions.impersonation(options))

const optional = <A>(config: Config.Config<A>): Config.Config<A | undefined> => Config.withDefault(config, undefined)

/**
 * A list of roles from one variable: names separated by spaces or commas.
 * Missing or empty reads as no roles.
 *
 * @since 0.1.0
 * @category config
 */
export const roles = (name: string): Config.Config<ReadonlyArray<string>> =>
  Config.map(
    Config.withDefault(Config.string(name), ""),
    (value): ReadonlyArray<string> => value.split(/[\s,]+/).filter((role) => role !== "")
  )

const commonConfigs = {
  clientID: Config.string("ORDERCLOUD_CLIENT_ID"),
  scope: roles("ORDERCLOUD_SCOPE"),
  customRoles: roles("ORDERCLOUD_CUSTOM_ROLES"),
  expiryMargin: optional(Config.duration("ORDERCLOUD_TOKEN_EXPIRY_MARGIN"))
}

/**
 * `Config`s replacing the environment variables of `...Config` layers.
 *
 * @since 0.1.0
 * @category config
 */
export interface CommonConfigs {
  readonly clientID?: Config.Config<string>
  readonly scope?: Config.Config<ReadonlyArray<string>>
  readonly customRoles?: Config.Config<ReadonlyArray<string>>
  readonly expiryMargin?: Config.Config<Duration.Duration | undefined>
}

const configLayer = <A, E, R>(
  config: Config.Config<A>,
  make: (options: A) => Effect.Effect<CoreSession.Service, E, R>
) => Layer.scoped(Session, Effect.flatMap(config, make))

/**
 * `layerPassword` from `ORDERCLOUD_CLIENT_ID`, `ORDERCLOUD_USERNAME`,
 * `ORDERCLOUD_PASSWORD` (redacted), `ORDERCLOUD_SCOPE`,
 * `ORDERCLOUD_CUSTOM_ROLES`, `ORDERCLOUD_TOKEN_EXPIRY_MARGIN`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPasswordConfig = (
  configs: CommonConfigs & {
    readonly username?: Config.Config<string>
    readonly password?: Config.Config<Redacted.Redacted<string>>
  } = {}
): Layer.Layer<Session, ConfigError.ConfigError, OrderCloudClient.OrderCloudClient> =>
  configLayer(
    Config.all({
      ...commonConfigs,
      username: Config.string("ORDERCLOUD_USERNAME"),
      password: Config.redacted("ORDERCLOUD_PASSWORD"),
      ...configs
    }),
    Sessions.password
  )

/**
 * `layerElevated` from `ORDERCLOUD_CLIENT_ID`, `ORDERCLOUD_CLIENT_SECRET`
 * (redacted), `ORDERCLOUD_USERNAME`, `ORDERCLOUD_PASSWORD` (redacted),
 * `ORDERCLOUD_SCOPE`, `ORDERCLOUD_CUSTOM_ROLES`,
 * `ORDERCLOUD_TOKEN_EXPIRY_MARGIN`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerElevatedConfig = (
  configs: CommonConfigs & {
    readonly username?: Config.Config<string>
    readonly password?: Config.Config<Redacted.Redacted<string>>
    readonly clientSecret?: Config.Config<Redacted.Redacted<string>>
  } = {}
): Layer.Layer<Session, ConfigError.ConfigError, OrderCloudClient.OrderCloudClient> =>
  configLayer(
    Config.all({
      ...commonConfigs,
      username: Config.string("ORDERCLOUD_USERNAME"),
      password: Config.redacted("ORDERCLOUD_PASSWORD"),
      clientSecret: Config.redacted("ORDERCLOUD_CLIENT_SECRET"),
      ...configs
    }),
    Sessions.elevated
  )

/**
 * `layerClientCredentials` from `ORDERCLOUD_CLIENT_ID`,
 * `ORDERCLOUD_CLIENT_SECRET` (redacted), `ORDERCLOUD_SCOPE`,
 * `ORDERCLOUD_CUSTOM_ROLES`, `ORDERCLOUD_TOKEN_EXPIRY_MARGIN`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClientCredentialsConfig = (
  configs: CommonConfigs & { readonly clientSecret?: Config.Config<Redacted.Redacted<string>> } = {}
): Layer.Layer<Session, ConfigError.ConfigError, OrderCloudClient.OrderCloudClient> =>
  configLayer(
    Config.all({ ...commonConfigs, clientSecret: Config.redacted("ORDERCLOUD_CLIENT_SECRET"), ...configs }),
    Sessions.clientCredentials
  )

/**
 * `layerAnonymous` from `ORDERCLOUD_CLIENT_ID`, `ORDERCLOUD_SCOPE`,
 * `ORDERCLOUD_CUSTOM_ROLES`, `ORDERCLOUD_ANON_USER_ID` (optional),
 * `ORDERCLOUD_TOKEN_EXPIRY_MARGIN`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAnonymousConfig = (
  configs: CommonConfigs & { readonly anonUserID?: Config.Config<string | undefined> } = {}
): Layer.Layer<Session, ConfigError.ConfigError, OrderCloudClient.OrderCloudClient> =>
  configLayer(
    Config.all({ ...commonConfigs, anonUserID: optional(Config.string("ORDERCLOUD_ANON_USER_ID")), ...configs }),
    Sessions.anonymous
  )

/**
 * `layerRefreshToken` from `ORDERCLOUD_CLIENT_ID`,
 * `ORDERCLOUD_REFRESH_TOKEN` (redacted), `ORDERCLOUD_CLIENT_SECRET`
 * (redacted, optional), `ORDERCLOUD_TOKEN_EXPIRY_MARGIN`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerRefreshTokenConfig = (
  configs: {
    readonly clientID?: Config.Config<string>
    readonly refreshToken?: Config.Config<Redacted.Redacted<string>>
    readonly clientSecret?: Config.Config<Redacted.Redacted<string> | undefined>
    readonly expiryMargin?: Config.Config<Duration.Duration | undefined>
  } = {}
): Layer.Layer<Session, ConfigError.ConfigError, OrderCloudClient.OrderCloudClient> =>
  configLayer(
    Config.all({
      clientID: commonConfigs.clientID,
      refreshToken: Config.redacted("ORDERCLOUD_REFRESH_TOKEN"),
      clientSecret: optional(Config.redacted("ORDERCLOUD_CLIENT_SECRET")),
      expiryMargin: commonConfigs.expiryMargin,
      ...configs
    }),
    Sessions.refreshToken
  )

/**
 * `layerResume` from `ORDERCLOUD_ACCESS_TOKEN` (redacted),
 * `ORDERCLOUD_REFRESH_TOKEN` (redacted), `ORDERCLOUD_CLIENT_ID` (optional:
 * default the token's `cid`), `ORDERCLOUD_CLIENT_SECRET` (redacted,
 * optional), `ORDERCLOUD_TOKEN_EXPIRY_MARGIN`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerResumeConfig = (
  configs: {
    readonly accessToken?: Config.Config<Redacted.Redacted<string>>
    readonly refreshToken?: Config.Config<Redacted.Redacted<string>>
    readonly clientID?: Config.Config<string | undefined>
    readonly clientSecret?: Config.Config<Redacted.Redacted<string> | undefined>
    readonly expiryMargin?: Config.Config<Duration.Duration | undefined>
  } = {}
): Layer.Layer<
  Session,
  ConfigError.ConfigError | AccessToken.InvalidAccessToken,
  OrderCloudClient.OrderCloudClient
> =>
  configLayer(
    Config.all({
      accessToken: Config.redacted("ORDERCLOUD_ACCESS_TOKEN"),
      refreshToken: Config.redacted("ORDERCLOUD_REFRESH_TOKEN"),
      clientID: optional(Config.string("ORDERCLOUD_CLIENT_ID")),
      clientSecret: optional(Config.redacted("ORDERCLOUD_CLIENT_SECRET")),
      expiryMargin: commonConfigs.expiryMargin,
      ...configs
    }),
    Sessions.resume
  )

/**
 * `layerAccessToken` from `ORDERCLOUD_ACCESS_TOKEN` (redacted).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAccessTokenConfig = (
  configs: { readonly accessToken?: Config.Config<Redacted.Redacted<string>> } = {}
): Layer.Layer<Session, ConfigError.ConfigError> =>
  Layer.effect(
    Session,
    Effect.map(configs.accessToken ?? Config.redacted("ORDERCLOUD_ACCESS_TOKEN"), CoreSession.fromToken)
  )

/**
 * `layerImpersonation` from `ORDERCLOUD_IMPERSONATION_BUYER_ID`,
 * `ORDERCLOUD_IMPERSONATION_USER_ID`, `ORDERCLOUD_IMPERSONATION_CLIENT_ID`
 * (default `ORDERCLOUD_CLIENT_ID`), `ORDERCLOUD_IMPERSONATION_SCOPE`,
 * `ORDERCLOUD_IMPERSONATION_CUSTOM_ROLES`, `ORDERCLOUD_TOKEN_EXPIRY_MARGIN`.
 * The seller session comes from the context, as for `layerImpersonation`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerImpersonationConfig = (
  configs: {
    readonly buyerID?: Config.Config<string>
    readonly userID?: Config.Config<string>
    readonly clientID?: Config.Config<string>
    readonly scope?: Config.Config<ReadonlyArray<string>>
    readonly customRoles?: Config.Config<ReadonlyArray<string>>
    readonly expiryMargin?: Config.Config<Duration.Duration | undefined>
  } = {}
): Layer.Layer<Session, ConfigError.ConfigError, OrderCloudClient.OrderCloudClient | Session> =>
  configLayer(
    Config.all({
      buyerID: Config.string("ORDERCLOUD_IMPERSONATION_BUYER_ID"),
      userID: Config.string("ORDERCLOUD_IMPERSONATION_USER_ID"),
      clientID: Config.orElse(Config.string("ORDERCLOUD_IMPERSONATION_CLIENT_ID"), () => commonConfigs.clientID),
      scope: roles("ORDERCLOUD_IMPERSONATION_SCOPE"),
      customRoles: roles("ORDERCLOUD_IMPERSONATION_CUSTOM_ROLES"),
      expiryMargin: commonConfigs.expiryMargin,
      ...configs
    }),
    Sessions.impersonation
  )
