/**
 * The sandbox's access tokens: RS256 JWTs with a `kid` header, as
 * OrderCloud's (CONVENTIONS.md 2.3), carrying OrderCloud's claim names and
 * shapes plus a `jti` so a token can be revoked. The public key is served as
 * a JWK at `/oauth/certs/{kid}`, so a receiving server can verify a sandbox
 * token as it verifies OrderCloud's. Pure: the caller passes the key and the
 * time, so tests need no clock. WebCrypto (`crypto.subtle`) does the RSA
 * work, which makes signing and verifying asynchronous.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Base64url from "./base64url.js"

/**
 * The claims of a sandbox access token, named and shaped as OrderCloud's.
 *
 * @internal
 */
export interface Claims {
  /** Username. */
  readonly usr: string
  /** The API client ID the token was issued for. */
  readonly cid: string
  /** The user's internal database id: a number-like string such as `"1920563"`, not `User.ID`. */
  readonly u: string
  /** `admin` (marketplace owner), `buyer` or `supplier`. */
  readonly usrtype: "admin" | "buyer" | "supplier"
  /**
   * Granted roles, custom roles included: a plain string when there is
   * exactly one, else an array (possibly empty). Read it with {@link roles};
   * build it with {@link roleClaim}.
   */
  readonly role: string | ReadonlyArray<string>
  /** The auth base URL. */
  readonly iss: string
  /** The API base URL, without `/v1`. */
  readonly aud: string
  /** Expiry, Unix seconds: the token is valid while `now < exp`. */
  readonly exp: number
  /** Not before, Unix seconds: the token is valid from `now >= nbf`. */
  readonly nbf: number
  /** The token's unique id, the handle for revocation (not an OrderCloud claim). */
  readonly jti: string
  /** Impersonation tokens only: the database id of the impersonating user. */
  readonly imp?: string
  /** Anonymous (guest) tokens only: the one order this guest may use. */
  readonly orderid?: string
}

/**
 * Why a token was refused. `malformed`: not three base64url parts, or a
 * header or payload that is not the JSON this module writes. `signature`:
 * not RS256, another key's `kid`, or a signature this key did not make.
 * `expired`: `now >= exp`. `notYetValid`: `now < nbf`.
 *
 * @internal
 */
export type Failure = "malformed" | "signature" | "expired" | "notYetValid"

/**
 * The result of {@link verify}.
 *
 * @internal
 */
export type Verified =
  | { readonly ok: true; readonly claims: Claims }
  | { readonly ok: false; readonly reason: Failure }

/**
 * The roles a token carries, whichever shape its `role` claim has.
 *
 * @internal
 */
export const roles = (claims: Pick<Claims, "role">): ReadonlyArray<string> =>
  typeof claims.role === "string" ? [claims.role] : claims.role

/**
 * The `role` claim for a list of roles: the plain string when there is
 * exactly one, else the array, as OrderCloud writes it.
 *
 * @internal
 */
export const roleClaim = (roles: ReadonlyArray<string>): string | ReadonlyArray<string> =>
  roles.length === 1 ? roles[0]! : roles

/**
 * A public key as OrderCloud's `GET /oauth/certs/{kid}` answers it (the
 * `PublicKey` model: a JWK with exactly these members).
 *
 * @internal
 */
export interface PublicKey {
  readonly kty: "RSA"
  /** The modulus, base64url. */
  readonly n: string
  /** The public exponent, base64url. */
  readonly e: string
  readonly alg: "RS256"
  readonly use: "sig"
  readonly kid: string
}

/**
 * A signing key pair and its name. The private key cannot be exported.
 *
 * @internal
 */
export interface SigningKey {
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly publicKey: CryptoKey
  /** What `/oauth/certs/{kid}` answers. */
  readonly jwk: PublicKey
}

/** RS256 in WebCrypto's terms. */
const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const

/**
 * Generates an RSA 2048 key pair (RS256) named `kid`. Takes tens to hundreds
 * of milliseconds, so callers generate it once, lazily.
 *
 * @internal
 */
export const generateKey = (kid: string): Effect.Effect<SigningKey> =>
  Effect.promise(async () => {
    const pair = await globalThis.crypto.subtle.generateKey(
      { ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      false,
      ["sign", "verify"]
    )
    // A generated public key is always extractable, whatever the flag says.
    const exported = await globalThis.crypto.subtle.exportKey("jwk", pair.publicKey)
    return {
      kid,
      privateKey: pair.privateKey,
      publicKey: pair.publicKey,
      jwk: { kty: "RSA", n: exported.n!, e: exported.e!, alg: "RS256", use: "sig", kid }
    }
  })

/**
 * Signs the claims into a compact JWT (`header.payload.signature`). The
 * header is `{"alg":"RS256","kid":...,"typ":"JWT"}`; the payload lists the
 * claims in a fixed order; a one-element `role` array is written as the
 * plain string.
 *
 * @internal
 */
export const sign = (claims: Claims, key: SigningKey): Effect.Effect<string> => {
  const payload: Record<string, unknown> = {
    usr: claims.usr,
    cid: claims.cid,
    u: claims.u,
    usrtype: claims.usrtype,
    role: roleClaim(roles(claims)),
    iss: claims.iss,
    aud: claims.aud,
    exp: claims.exp,
    nbf: claims.nbf,
    jti: claims.jti
  }
  if (claims.imp !== undefined) payload["imp"] = claims.imp
  if (claims.orderid !== undefined) payload["orderid"] = claims.orderid
  return signPayload(payload, key)
}

/**
 * Signs any JSON payload as an RS256 JWT with the key's `kid` (the
 * OpenID identity token of `/oauth/userinfo` has claims of its own).
 *
 * @internal
 */
export const signPayload = (payload: Readonly<Record<string, unknown>>, key: SigningKey): Effect.Effect<string> => {
  const header = Base64url.encodeText(JSON.stringify({ alg: "RS256", kid: key.kid, typ: "JWT" }))
  const signingInput = `${header}.${Base64url.encodeText(JSON.stringify(payload))}`
  return Effect.map(
    Effect.promise(() => globalThis.crypto.subtle.sign(RS256, key.privateKey, Base64url.utf8(signingInput))),
    (signature) => `${signingInput}.${Base64url.encode(new Uint8Array(signature))}`
  )
}

/**
 * Checks a token: its form, then its header (RS256 and this key's `kid`
 * only), then its signature, then the claims' shapes, then `nbf` and `exp`
 * against `nowSeconds` (Unix seconds, no leeway). Never fails.
 *
 * @internal
 */
export const verify = (
  token: string,
  key: Pick<SigningKey, "kid" | "publicKey">,
  nowSeconds: number
): Effect.Effect<Verified> => {
  const parts = token.split(".")
  if (parts.length !== 3 || !parts.every((part) => Base64url.pattern.test(part))) return refuse("malformed")
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  if (headerPart === "" || payloadPart === "") return refuse("malformed")
  const header = decodeJson(headerPart)
  if (header === undefined) return refuse("malformed")
  if (header["alg"] !== "RS256" || header["kid"] !== key.kid) return refuse("signature")
  const signature = Base64url.decode(signaturePart)
  // Re-encoding refuses non-canonical spellings of the right signature.
  if (signature === undefined || Base64url.encode(signature) !== signaturePart) return refuse("signature")

  return Effect.tryPromise(() =>
    globalThis.crypto.subtle.verify(RS256, key.publicKey, signature, Base64url.utf8(`${headerPart}.${payloadPart}`))
  ).pipe(
    Effect.orElseSucceed(() => false),
    Effect.map((valid): Verified => {
      if (!valid) return fail("signature")
      const payload = decodeJson(payloadPart)
      const claims = payload === undefined ? undefined : toClaims(payload)
      if (claims === undefined) return fail("malformed")
      if (nowSeconds < claims.nbf) return fail("notYetValid")
      if (nowSeconds >= claims.exp) return fail("expired")
      return { ok: true, claims }
    })
  )
}

// ---------------------------------------------------------------------------
// private helpers
// ---------------------------------------------------------------------------

const fail = (reason: Failure): Verified => ({ ok: false, reason })

const refuse = (reason: Failure): Effect.Effect<Verified> => Effect.succeed(fail(reason))

const decodeJson = (part: string): Record<string, unknown> | undefined => {
  const text = Base64url.decodeText(part)
  if (text === undefined) return undefined
  try {
    const json: unknown = JSON.parse(text)
    return typeof json === "object" && json !== null && !Array.isArray(json)
      ? json as Record<string, unknown>
      : undefined
  } catch {
    return undefined
  }
}

const isString = (value: unknown): value is string => typeof value === "string"

const isSeconds = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value)

const isUserType = (value: unknown): value is Claims["usrtype"] =>
  value === "admin" || value === "buyer" || value === "supplier"

const isRole = (value: unknown): value is Claims["role"] =>
  isString(value) || (Array.isArray(value) && value.every(isString))

const toClaims = (json: Record<string, unknown>): Claims | undefined => {
  const { aud, cid, exp, imp, iss, jti, nbf, orderid, role, u, usr, usrtype } = json
  if (
    !isString(usr) || !isString(cid) || !isString(u) || !isUserType(usrtype) || !isRole(role) ||
    !isString(iss) || !isString(aud) || !isSeconds(exp) || !isSeconds(nbf) || !isString(jti) ||
    (imp !== undefined && !isString(imp)) || (orderid !== undefined && !isString(orderid))
  ) return undefined
  return {
    usr,
    cid,
    u,
    usrtype,
    role,
    iss,
    aud,
    exp,
    nbf,
    jti,
    ...(imp === undefined ? {} : { imp }),
    ...(orderid === undefined ? {} : { orderid })
  }
}
