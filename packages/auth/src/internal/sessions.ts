import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { type Claims, claimsEither, InvalidAccessToken } from "../AccessToken.js"
import type {
  AnonymousOptions,
  ClientCredentialsOptions,
  ElevatedOptions,
  ImpersonationOptions,
  KeepOptions,
  PasswordOptions,
  RefreshTokenOptions,
  ResumeOptions
} from "../Session.js"
import { TokenStore } from "../TokenStore.js"
import * as Forms from "./forms.js"
import * as Impersonation from "./impersonation.js"
import * as Store from "./store.js"
import * as TokenCache from "./tokenCache.js"

/** @internal */
export const defaultExpiryMargin: Duration.Duration = Duration.seconds(30)

type Token = Redacted.Redacted<string>
type Make = Effect.Effect<CoreSession.Service, never, OrderCloudClient.OrderCloudClient | Scope.Scope>

/** What a session adds to its grant: the first token (resumed sessions) and its store identity. */
interface Extras {
  readonly initial?: TokenCache.Held | undefined
  /** The form that identifies the credential set in a store; none: not shared. */
  readonly identity?: Forms.Form | undefined
}

const cached = (
  options: KeepOptions,
  build: (client: OrderCloudClient.Service) => Pick<TokenCache.Grant, "request" | "refresh" | "configuredRefreshToken">,
  extras: Extras = {}
): Make =>
  Effect.gen(function*() {
    const client = yield* OrderCloudClient.OrderCloudClient
    const store = yield* TokenStore
    const identity = extras.identity
    const shared: TokenCache.Shared | undefined = Option.isNone(store) || identity === undefined
      ? undefined
      : {
        // The key is computed once, on first use (building a layer does nothing).
        entry: yield* Effect.cached(
          Store.keyOf(client.config.authUrl, identity.grantType, identity.fields).pipe(
            Effect.map((key) => Store.entry(store.value, key)),
            Effect.orElseSucceed(() => undefined)
          )
        ),
        // Long enough for a token request, short enough that a claimer that
        // died holds the others well within their calls' deadlines.
        lease: Duration.min(Duration.seconds(10), Duration.unsafeDivide(client.config.timeout, 2))
      }
    const onTokens = options.onTokens
    return yield* TokenCache.make({
      ...build(client),
      expiryMargin: options.expiryMargin === undefined ? defaultExpiryMargin : Duration.decode(options.expiryMargin),
      initial: extras.initial,
      shared,
      onTokens: onTokens === undefined ?
        undefined :
        (tokens) => onTokens({ ...tokens, expiresAt: new Date(tokens.expiresAt) })
    })
  })

/** A session of a grant that renews with the refresh token when one was issued. */
const renewable = (
  options: KeepOptions & { readonly clientID: string },
  form: Forms.Form,
  clientSecret: Token | undefined,
  shareable: boolean,
  initial?: TokenCache.Held
): Make =>
  cached(options, (client) => {
    const refreshForm = Forms.refreshWith(options.clientID, clientSecret)
    return {
      request: Forms.request(client, form),
      refresh: (token) => Forms.request(client, refreshForm(token)),
      configuredRefreshToken: undefined
    }
  }, { identity: shareable && form.refused === undefined ? form : undefined, initial })

/** @internal */
export const password = (options: PasswordOptions): Make => renewable(options, Forms.password(options), undefined, true)

/** @internal */
export const elevated = (options: ElevatedOptions): Make =>
  renewable(options, Forms.elevated(options), options.clientSecret, true)

/** @internal */
export const clientCredentials = (options: ClientCredentialsOptions): Make =>
  renewable(options, Forms.clientCredentials(options), options.clientSecret, true)

/**
 * Each anonymous session is a guest of its own: never shared through a
 * store. A saved guest token is used until it nears expiry; the next token
 * is a new guest.
 * @internal
 */
export const anonymous = (options: AnonymousOptions): Make =>
  options.accessToken === undefined
    ? renewable(options, Forms.anonymous(options), undefined, false)
    : Effect.flatMap(
      savedToken(options.accessToken, claimsEither(options.accessToken), Option.none()),
      (initial) => renewable(options, Forms.anonymous(options), undefined, false, initial)
    )

const fromRefreshToken = (options: RefreshTokenOptions, initial: TokenCache.Held | undefined): Make =>
  cached(options, (client) => {
    const refreshForm = Forms.refreshWith(options.clientID, options.clientSecret)
    const refresh = (token: Token) => Forms.request(client, refreshForm(token))
    return { request: refresh(options.refreshToken), refresh, configuredRefreshToken: options.refreshToken }
  }, { initial, identity: Forms.refreshToken(options) })

/** @internal */
export const refreshToken = (options: RefreshTokenOptions): Make => fromRefreshToken(options, undefined)

/**
 * A saved access token as held by the cache: valid until its `exp` claim
 * (or until OrderCloud refuses it, when it has none), issued at `nbf`.
 */
const savedToken = (
  accessToken: Token,
  claims: Either.Either<Claims, InvalidAccessToken>,
  refreshToken: Option.Option<Token>
): Effect.Effect<TokenCache.Held> =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const exp = Either.isRight(claims) ? claims.right.exp : undefined
    const nbf = Either.isRight(claims) ? claims.right.nbf : undefined
    const expiresAt = exp === undefined ? Number.POSITIVE_INFINITY : exp * 1000
    const issuedAt = nbf !== undefined && nbf * 1000 <= expiresAt ? nbf * 1000 : Math.min(now, expiresAt)
    return { accessToken, refreshToken, issuedAt, expiresAt }
  })

/**
 * A saved access token and refresh token: the access token until it nears
 * expiry, then the refresh token. The client ID defaults to the token's
 * `cid`. An impersonation token (`imp` claim) is refused: it is renewed
 * through impersonation only, never with a refresh token.
 * @internal
 */
export const resume = (
  options: ResumeOptions
): Effect.Effect<CoreSession.Service, InvalidAccessToken, OrderCloudClient.OrderCloudClient | Scope.Scope> =>
  Effect.gen(function*() {
    const claims = claimsEither(options.accessToken)
    if (Either.isRight(claims) && claims.right.imp !== undefined) {
      return yield* new InvalidAccessToken({
        detail: "an impersonation token (imp claim) is renewed through impersonation only: " +
          "resume it with layerImpersonation's accessToken, never with a refresh token"
      })
    }
    const clientID = options.clientID ?? (Either.isRight(claims) ? claims.right.cid : undefined)
    if (clientID === undefined) {
      return yield* new InvalidAccessToken({
        detail: Either.isLeft(claims)
          ? `no clientID given, and the token's claims cannot be read (${claims.left.detail})`
          : "no clientID given, and the token has no cid claim"
      })
    }
    const initial = yield* savedToken(options.accessToken, claims, Option.some(options.refreshToken))
    return yield* fromRefreshToken({ ...options, clientID }, initial)
  })

/**
 * A buyer user's token, asked for by the session in context (the seller) at
 * the time the layer is built. Renewed by asking again, never with a refresh
 * token and never by falling back to the seller's token. Not shared through
 * a store: the token must come from the seller that asks.
 * @internal
 */
export const impersonation = (options: ImpersonationOptions): Effect.Effect<
  CoreSession.Service,
  never,
  OrderCloudClient.OrderCloudClient | CoreSession.Session | Scope.Scope
> =>
  Effect.gen(function*() {
    const seller = yield* CoreSession.Session
    const initial = options.accessToken === undefined
      ? undefined
      : yield* savedToken(options.accessToken, claimsEither(options.accessToken), Option.none())
    return yield* cached(options, (client) => ({
      request: Impersonation.request(client, seller, options),
      refresh: undefined,
      configuredRefreshToken: undefined
    }), { initial })
  })
