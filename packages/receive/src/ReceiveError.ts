/**
 * The ways a request from OrderCloud (or from a user holding an OrderCloud
 * token) can be refused, as tagged values. Each names its HTTP answer. None
 * ever holds a hash key, a signature or a token.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The `X-oc-hash` header is missing, is not Base64, or is not the HMAC of
 * the bytes received under any configured hash key. Answered with 401; the
 * handler never sees the request.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidSignature extends Schema.TaggedError<InvalidSignature>()("InvalidSignature", {
  /** `missing`: no header. `malformed`: not standard Base64 of 32 bytes. `mismatch`: no key signed these bytes. */
  reason: Schema.Literal("missing", "malformed", "mismatch")
}) {
  /** The HTTP status this failure is answered with. */
  get status(): 401 {
    return 401
  }
  override get message(): string {
    return `The X-oc-hash signature is ${this.reason === "mismatch" ? "wrong" : this.reason}.`
  }
}

/**
 * A hash key that cannot sign: the empty one (OrderCloud requires a
 * `HashKey` of 1 to 50 characters).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidHashKey extends Schema.TaggedError<InvalidHashKey>()("InvalidHashKey", {}) {
  override get message(): string {
    return "A hash key must not be empty."
  }
}

/**
 * A signed request whose body is not what its route expects: not JSON, or
 * not the envelope or payload Schema. Answered with 400.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidPayload extends Schema.TaggedError<InvalidPayload>()("InvalidPayload", {
  /** What was wrong (the Schema's report; it quotes paths, not secrets). */
  detail: Schema.String
}) {
  /** The HTTP status this failure is answered with. */
  get status(): 400 {
    return 400
  }
  override get message(): string {
    return `The payload is not valid: ${this.detail}`
  }
}

/**
 * Why a user token was refused.
 *
 * - `missing`: no `Authorization: Bearer` header.
 * - `malformed`: not a JWT, or claims of the wrong shape.
 * - `untrustedAudience`: its `aud` is not an API this verifier trusts.
 * - `unknownKey`: `{aud}/oauth/certs/{kid}` has no such key.
 * - `signature`: not RS256, or not signed by that key.
 * - `expired` / `notYetValid`: outside `nbf` .. `exp`.
 * - `rejected`: a token without `kid` that `GET /v1/me` refused.
 * - `unavailable`: the key or `/v1/me` could not be reached (answered 503).
 *
 * @since 0.1.0
 * @category models
 */
export type TokenFailure =
  | "missing"
  | "malformed"
  | "untrustedAudience"
  | "unknownKey"
  | "signature"
  | "expired"
  | "notYetValid"
  | "rejected"
  | "unavailable"

/**
 * An OrderCloud user token that did not verify. Answered with 401, or 503
 * when OrderCloud could not be reached to check it.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidToken extends Schema.TaggedError<InvalidToken>()("InvalidToken", {
  reason: Schema.Literal(
    "missing",
    "malformed",
    "untrustedAudience",
    "unknownKey",
    "signature",
    "expired",
    "notYetValid",
    "rejected",
    "unavailable"
  )
}) {
  /** The HTTP status this failure is answered with. */
  get status(): 401 | 503 {
    return this.reason === "unavailable" ? 503 : 401
  }
  override get message(): string {
    return `The OrderCloud token was refused: ${this.reason}.`
  }
}
