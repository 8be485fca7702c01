import type * as KeyValueStore from "@effect/platform/KeyValueStore"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { Field } from "./grant.js"

/**
 * A token as kept in a store. Times are Clock milliseconds (wall clock
 * outside tests), so any process sharing the store can tell whether it is
 * still good.
 * @internal
 */
export const StoredToken = Schema.Struct({
  accessToken: Schema.Redacted(Schema.NonEmptyString),
  refreshToken: Schema.optional(Schema.Redacted(Schema.NonEmptyString)),
  issuedAt: Schema.Number,
  expiresAt: Schema.Number
})

/** @internal */
export interface StoredToken extends Schema.Schema.Type<typeof StoredToken> {}

/**
 * "I am asking for the token": the owner asks, the others wait for the
 * entry, until `until` (a lease, so a crashed owner does not block anyone
 * for long).
 * @internal
 */
export const Claim = Schema.Struct({ owner: Schema.String, until: Schema.Number })

/** @internal */
export interface Claim extends Schema.Schema.Type<typeof Claim> {}

const TokenJson = Schema.parseJson(StoredToken)
const ClaimJson = Schema.parseJson(Claim)
const decodeToken = Schema.decodeUnknownEither(TokenJson)
const decodeClaim = Schema.decodeUnknownEither(ClaimJson)
const encodeToken = Schema.encodeEither(TokenJson)
const encodeClaim = Schema.encodeEither(ClaimJson)

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("")

/** SHA-256 through WebCrypto (Node 20 and browsers), as hex. */
const sha256 = (text: string): Effect.Effect<string, unknown> =>
  Effect.tryPromise({
    try: () => globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
    catch: (error) => error
  }).pipe(Effect.map(hex))

/**
 * The store key of a credential set: a SHA-256 of the token endpoint, the
 * grant type and the grant's fields, in which each secret (password,
 * client secret, refresh token) is itself replaced by its SHA-256. Two
 * different secrets give two keys; the key gives away no secret. Fails
 * where WebCrypto is missing (a browser page not served over HTTPS).
 * @internal
 */
export const keyOf = (
  authUrl: string,
  grantType: string,
  fields: ReadonlyArray<Field>
): Effect.Effect<string, unknown> =>
  Effect.gen(function*() {
    const identity: Array<string | null> = ["ordercloud-effect/token/1", authUrl, grantType]
    for (const [name, value] of fields) {
      identity.push(name)
      if (value === undefined || typeof value === "string") identity.push(value ?? null)
      else identity.push(`sha256:${yield* sha256(Redacted.value(value))}`)
    }
    return `ordercloud-token-${yield* sha256(JSON.stringify(identity))}`
  })

/**
 * A store for one credential set. An entry that is not ours or is cut
 * short reads as "no entry"; a store that fails (an I/O error) fails with
 * `Unavailable`, and the session then does without it: a store can only
 * save token requests, never fail a call.
 * @internal
 */
export interface Entry {
  readonly readToken: Effect.Effect<Option.Option<StoredToken>, Unavailable>
  readonly writeToken: (token: StoredToken) => Effect.Effect<void, Unavailable>
  readonly readClaim: Effect.Effect<Option.Option<Claim>, Unavailable>
  readonly writeClaim: (claim: Claim) => Effect.Effect<void, Unavailable>
  readonly removeClaim: Effect.Effect<void, Unavailable>
}

/** The store failed. Never carries the value, nor the error's text. @internal */
export class Unavailable extends Data.TaggedError("Unavailable") {}

const unavailable = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, Unavailable> =>
  Effect.catchAll(effect, () =>
    Effect.zipRight(
      Effect.logDebug("token store unavailable; the session does without it").pipe(
        Effect.annotateLogs("module", "@ordercloud-effect/auth")
      ),
      Effect.fail(new Unavailable())
    ))

/** @internal */
export const entry = (store: KeyValueStore.KeyValueStore, key: string): Entry => {
  const claimKey = `${key}.claim`
  const read = <A>(name: string, decode: (text: string) => Either.Either<A, unknown>) =>
    unavailable(store.get(name)).pipe(Effect.map(Option.flatMap((text) => Either.getRight(decode(text)))))
  const write = <A>(name: string, value: A, encode: (value: A) => Either.Either<string, unknown>) =>
    Either.match(encode(value), {
      onLeft: () => Effect.fail(new Unavailable()),
      onRight: (text) => unavailable(store.set(name, text))
    })
  return {
    readToken: read(key, decodeToken),
    writeToken: (token) => write(key, token, encodeToken),
    readClaim: read(claimKey, decodeClaim),
    writeClaim: (claim) => write(claimKey, claim, encodeClaim),
    removeClaim: unavailable(store.remove(claimKey))
  }
}
