import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type {
  AnonymousOptions,
  ClientCredentialsOptions,
  ElevatedOptions,
  ImpersonationOptions,
  PasswordOptions,
  RefreshTokenOptions
} from "../Session.js"
import * as Forms from "./forms.js"
import * as Impersonation from "./impersonation.js"
import * as TokenCache from "./tokenCache.js"

/** @internal */
export const defaultExpiryMargin: Duration.Duration = Duration.seconds(30)

const margin = (input: Duration.DurationInput | undefined): Duration.Duration =>
  input === undefined ? defaultExpiryMargin : Duration.decode(input)

type Make = Effect.Effect<CoreSession.Service, never, OrderCloudClient.OrderCloudClient | Scope.Scope>

const cached = (
  options: { readonly expiryMargin?: Duration.DurationInput | undefined },
  build: (client: OrderCloudClient.Service) => Omit<TokenCache.Grant, "expiryMargin">
): Make =>
  Effect.flatMap(OrderCloudClient.OrderCloudClient, (client) =>
    TokenCache.make({ ...build(client), expiryMargin: margin(options.expiryMargin) }))

/** A session of a grant that renews with the refresh token when one was issued. */
const renewable = (
  options: { readonly clientID: string; readonly expiryMargin?: Duration.DurationInput | undefined },
  form: Forms.Form,
  clientSecret: Redacted.Redacted<string> | undefined
): Make =>
  cached(options, (client) => {
    const refreshForm = Forms.refreshWith(options.clientID, clientSecret)
    return {
      request: Forms.request(client, form),
      refresh: (token) => Forms.request(client, refreshForm(token)),
      configuredRefreshToken: undefined
    }
  })

/** @internal */
export const password = (options: PasswordOptions): Make => renewable(options, Forms.password(options), undefined)

/** @internal */
export const elevated = (options: ElevatedOptions): Make =>
  renewable(options, Forms.elevated(options), options.clientSecret)

/** @internal */
export const clientCredentials = (options: ClientCredentialsOptions): Make =>
  renewable(options, Forms.clientCredentials(options), options.clientSecret)

/** @internal */
export const anonymous = (options: AnonymousOptions): Make => renewable(options, Forms.anonymous(options), undefined)

/** @internal */
export const refreshToken = (options: RefreshTokenOptions): Make =>
  cached(options, (client) => {
    const refreshForm = Forms.refreshWith(options.clientID, options.clientSecret)
    const refresh = (token: Redacted.Redacted<string>) => Forms.request(client, refreshForm(token))
    return { request: refresh(options.refreshToken), refresh, configuredRefreshToken: options.refreshToken }
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
      request: Impersonation.request(client, seller, options),
      refresh: undefined,
      configuredRefreshToken: undefined
    })))
