/**
 * What the token endpoint answers, and what an OrderCloud access token says
 * about itself.
 *
 * `TokenResponse` is the body of `POST /oauth/token` and of the impersonation
 * endpoint: the tokens decode into `Redacted` values, so a decoded response
 * can be logged without leaking them. `claims` reads the claims of a JWT
 * access token (`usr`, `cid`, `role`, `exp`, the anonymous `orderid`, the
 * impersonation `imp`...) without verifying its signature: use it to read
 * who a token is for, never to decide whether to trust a token you received.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * The token endpoint's success body: `{ access_token, token_type,
 * expires_in, refresh_token? }`. `refresh_token` is only issued when the API
 * client has a `RefreshTokenDuration` (never for anonymous tokens); `null`
 * reads as absent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TokenResponse = Schema.Struct({
  /** The JWT to send as `Authorization: Bearer ...`. */
  access_token: Schema.Redacted(Schema.NonEmptyString),
  /** `bearer`. */
  token_type: Schema.String,
  /** Seconds the access token is valid for, counted from its issue. */
  expires_in: Schema.Number,
  /** An opaque token for the `refresh_token` grant. */
  refresh_token: Schema.optionalWith(Schema.Redacted(Schema.String), { nullable: true })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface TokenResponse extends Schema.Schema.Type<typeof TokenResponse> {}

/**
 * The `role` claim: a plain string when the token has one role, an array
 * otherwise. Decodes to an array either way.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RoleClaim: Schema.Schema<ReadonlyArray<string>, string | ReadonlyArray<string>> = Schema.transform(
  Schema.Union(Schema.String, Schema.Array(Schema.String)),
  Schema.Array(Schema.String),
  {
    strict: true,
    decode: (role) => typeof role === "string" ? [role] : role,
    encode: (roles) => roles.length === 1 ? roles[0]! : roles
  }
)

/**
 * The claims OrderCloud puts in its access tokens (CONVENTIONS.md 2.3). All
 * are optional: portal-issued and older tokens omit some. Other claims are
 * ignored.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Claims = Schema.Struct({
  /** Username. */
  usr: Schema.optional(Schema.String),
  /** The API client ID the token was issued for. */
  cid: Schema.optional(Schema.String),
  /** The user's internal database id (not `User.ID`). */
  u: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  /** `admin` (seller), `buyer` or `supplier`. */
  usrtype: Schema.optional(Schema.String),
  /** Granted roles, custom roles included. */
  role: Schema.optional(RoleClaim),
  /** The auth base URL. */
  iss: Schema.optional(Schema.String),
  /** The API base URL, without `/v1`. */
  aud: Schema.optional(Schema.String),
  /** Expiry, Unix seconds. */
  exp: Schema.optional(Schema.Number),
  /** Not valid before, Unix seconds. */
  nbf: Schema.optional(Schema.Number),
  /** Impersonation tokens: the database id of the impersonating user. */
  imp: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
  /** Anonymous tokens: the one order this guest may use. */
  orderid: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Claims extends Schema.Schema.Type<typeof Claims> {}

/**
 * The token is not a JWT whose payload holds OrderCloud's claims. The token
 * itself is never part of the error.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidAccessToken extends Schema.TaggedError<InvalidAccessToken>()("InvalidAccessToken", {
  /** What was wrong, without quoting the token. */
  detail: Schema.String
}) {
  override get message(): string {
    return `InvalidAccessToken: ${this.detail}`
  }
}

const decodeBase64Url = (segment: string): string | undefined => {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return undefined
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/")
  try {
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4))
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

const decodeClaims = Schema.decodeUnknownEither(Claims)

/**
 * Reads the claims of a token without verifying its signature, as `Either`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const claimsEither = (
  token: Redacted.Redacted<string> | string
): Either.Either<Claims, InvalidAccessToken> => {
  const parts = (typeof token === "string" ? token : Redacted.value(token)).split(".")
  if (parts.length !== 3) {
    return Either.left(new InvalidAccessToken({ detail: "not a JWT (expected three dot-separated parts)" }))
  }
  const text = decodeBase64Url(parts[1]!)
  if (text === undefined) return Either.left(new InvalidAccessToken({ detail: "the payload is not base64url UTF-8" }))
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return Either.left(new InvalidAccessToken({ detail: "the payload is not JSON" }))
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return Either.left(new InvalidAccessToken({ detail: "the payload is not a JSON object" }))
  }
  return Either.mapLeft(
    decodeClaims(json),
    () => new InvalidAccessToken({ detail: "a claim has an unexpected type" })
  )
}

/**
 * Reads the claims of a token without verifying its signature.
 *
 * @example
 * ```ts
 * import { AccessToken, Session } from "@ordercloud-effect/auth"
 * import { Effect } from "effect"
 *
 * // The order an anonymous shopper may use.
 * const guestOrderID = Effect.flatMap(Session.Session, (session) => session.token).pipe(
 *   Effect.flatMap(AccessToken.claims),
 *   Effect.map((claims) => claims.orderid)
 * )
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const claims = (token: Redacted.Redacted<string> | string): Effect.Effect<Claims, InvalidAccessToken> =>
  Effect.suspend(() => claimsEither(token))
