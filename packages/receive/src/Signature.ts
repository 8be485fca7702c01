/**
 * The `X-oc-hash` signature OrderCloud puts on every webhook delivery and
 * integration event call: the standard Base64 HMAC-SHA256 of the raw body
 * bytes, keyed with the UTF-8 bytes of the webhook's or integration event's
 * `HashKey`.
 *
 * Verification runs over the exact bytes received, before anything parses
 * them: re-encoded JSON with the same values does not verify. WebCrypto's
 * `verify` compares in constant time. Several keys may be live at once, so
 * a key can be rotated: configure old and new, switch OrderCloud, drop the
 * old one.
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Arr from "effect/Array"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Encoding from "./internal/encoding.js"
import * as Hmac from "./internal/hmac.js"
import * as Payload from "./internal/payload.js"
import { type InvalidHashKey, InvalidSignature } from "./ReceiveError.js"

/**
 * The header's name as OrderCloud writes it. HTTP header names are
 * case-insensitive, and it is read that way.
 *
 * @since 0.1.0
 * @category constants
 */
export const headerName = "X-oc-hash"

/**
 * The hash keys requests are verified with, each `Redacted`: the first is
 * the current key, the others are still accepted during a rotation.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly keys: Arr.NonEmptyReadonlyArray<Redacted.Redacted<string>>
}

/**
 * The hash keys of the webhooks and integration events this server receives.
 *
 * @since 0.1.0
 * @category tags
 */
export class HashKeys extends Context.Tag("@ordercloud-effect/receive/Signature/HashKeys")<HashKeys, Service>() {}

/**
 * Fixed hash keys: one, or several while a key is rotated.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  keys: Redacted.Redacted<string> | Arr.NonEmptyReadonlyArray<Redacted.Redacted<string>>
): Layer.Layer<HashKeys> => Layer.succeed(HashKeys, { keys: Redacted.isRedacted(keys) ? [keys] : keys })

/**
 * Hash keys from configuration: by default `ORDERCLOUD_HASH_KEY` (the
 * current key) and, during a rotation, `ORDERCLOUD_HASH_KEY_PREVIOUS`. A
 * missing or empty key fails with a `ConfigError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: {
  readonly current?: Config.Config<Redacted.Redacted<string>> | undefined
  readonly previous?: Config.Config<Option.Option<Redacted.Redacted<string>>> | undefined
} = {}): Layer.Layer<HashKeys, ConfigError.ConfigError> =>
  Layer.effect(
    HashKeys,
    Effect.map(
      Config.all([
        options.current ?? nonEmpty("ORDERCLOUD_HASH_KEY"),
        options.previous ?? Config.option(nonEmpty("ORDERCLOUD_HASH_KEY_PREVIOUS"))
      ]),
      ([current, previous]) => ({
        keys: Option.match(previous, { onNone: () => [current], onSome: (p) => [current, p] })
      })
    )
  )

const nonEmpty = (name: string) =>
  Config.validate(Config.redacted(name), {
    message: "must not be empty",
    validation: (key) => Redacted.value(key) !== ""
  })

/**
 * The `X-oc-hash` value for a body under a key: what OrderCloud sends (and
 * what a test or the sandbox sends in its place).
 *
 * @since 0.1.0
 * @category constructors
 */
export const sign = (
  body: Uint8Array | string,
  key: Redacted.Redacted<string>
): Effect.Effect<string, InvalidHashKey> =>
  Effect.map(
    Hmac.sign(key, typeof body === "string" ? Encoding.utf8(body) : body),
    Encoding.base64
  )

/**
 * Checks a signature header against the body bytes under each key, in
 * constant time per key. Fails with `InvalidSignature` when the header is
 * missing or malformed or no key matches.
 *
 * @since 0.1.0
 * @category verification
 */
export const verify = (
  body: Uint8Array,
  header: string | undefined,
  keys: Arr.NonEmptyReadonlyArray<Redacted.Redacted<string>>
): Effect.Effect<void, InvalidSignature> => {
  if (header === undefined || header.trim() === "") return Effect.fail(new InvalidSignature({ reason: "missing" }))
  const signature = Encoding.fromBase64(header.trim())
  if (signature === undefined || signature.length !== 32) {
    return Effect.fail(new InvalidSignature({ reason: "malformed" }))
  }
  return Effect.flatMap(
    Effect.forEach(keys, (key) => Hmac.verify(key, signature, body)),
    (results) => results.some((ok) => ok) ? Effect.void : Effect.fail(new InvalidSignature({ reason: "mismatch" }))
  )
}

/**
 * The current request's body bytes, once its `X-oc-hash` header (any
 * case) has been verified against the configured keys. Reading the body
 * again later (`request.json`) is free: the platform keeps it.
 *
 * @since 0.1.0
 * @category verification
 */
export const verifiedBody: Effect.Effect<
  Uint8Array<ArrayBuffer>,
  InvalidSignature,
  HashKeys | HttpServerRequest.HttpServerRequest
> = Effect.gen(function*() {
  const request = yield* HttpServerRequest.HttpServerRequest
  const { keys } = yield* HashKeys
  const header = Option.getOrUndefined(Headers.get(request.headers, headerName))
  // An unreadable body cannot carry a valid signature.
  const body = yield* Effect.orElseSucceed(request.arrayBuffer, () => new ArrayBuffer(0))
  const bytes = new Uint8Array(body)
  yield* verify(bytes, header, keys)
  return bytes
})

/**
 * Guards an app: requests whose signature does not verify are answered
 * 401 and never reach it.
 *
 * @since 0.1.0
 * @category middleware
 */
export const middleware = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  E,
  R | HashKeys | HttpServerRequest.HttpServerRequest
> =>
  Effect.flatMap(
    Effect.either(verifiedBody),
    (verified) => verified._tag === "Left" ? Effect.succeed(unauthorized(verified.left)) : app
  )

/**
 * The 401 answer for a signature that does not verify: OrderCloud's error
 * body, naming no key and no signature.
 *
 * @since 0.1.0
 * @category responses
 */
export const unauthorized = (error: InvalidSignature): HttpServerResponse.HttpServerResponse => Payload.refusal(error)
