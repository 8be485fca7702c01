/**
 * The sandbox's access tokens: HS256 JWTs signed with a per-sandbox secret,
 * carrying OrderCloud's claim names and shapes (CONVENTIONS.md 2.3) plus a
 * `jti` so a token can be revoked. Pure: the caller passes the secret and the
 * time, so tests need no clock.
 *
 * OrderCloud signs RS256 with a `kid`; a sandbox may sign as it likes as long
 * as the claims look the same, and a shared HMAC secret needs no key endpoint.
 *
 * @internal
 */
import { createHmac, timingSafeEqual } from "node:crypto"

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
 * not HS256 or not signed with this secret. `expired`: `now >= exp`.
 * `notYetValid`: `now < nbf`.
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

/** `{"alg":"HS256","typ":"JWT"}` in base64url. */
const HEADER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

/**
 * Signs the claims into a compact JWT (`header.payload.signature`). The
 * payload lists the claims in a fixed order; a one-element `role` array is
 * written as the plain string. The secret is only the HMAC key: it never
 * appears in the token.
 *
 * @internal
 */
export const sign = (claims: Claims, secret: string | Uint8Array): string => {
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
  const signingInput = `${HEADER}.${base64url(JSON.stringify(payload))}`
  return `${signingInput}.${signature(signingInput, secret)}`
}

/**
 * Checks a token: its form, then its signature (compared in constant time),
 * then the claims' shapes, then `nbf` and `exp` against `nowSeconds` (Unix
 * seconds, no leeway). Never throws.
 *
 * @internal
 */
export const verify = (token: string, secret: string | Uint8Array, nowSeconds: number): Verified => {
  const parts = token.split(".")
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return fail("malformed")
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  if (headerPart === "" || payloadPart === "") return fail("malformed")
  const header = decodeJson(headerPart)
  if (header === undefined) return fail("malformed")
  if (header["alg"] !== "HS256") return fail("signature")

  const expected = Buffer.from(signature(`${headerPart}.${payloadPart}`, secret))
  const given = Buffer.from(signaturePart)
  // Comparing the encoded text (not decoded bytes) also refuses non-canonical
  // base64url spellings of the right signature. The length is public (43).
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail("signature")

  const payload = decodeJson(payloadPart)
  const claims = payload === undefined ? undefined : toClaims(payload)
  if (claims === undefined) return fail("malformed")
  if (nowSeconds < claims.nbf) return fail("notYetValid")
  if (nowSeconds >= claims.exp) return fail("expired")
  return { ok: true, claims }
}

// ---------------------------------------------------------------------------
// private helpers
// ---------------------------------------------------------------------------

/** Unpadded base64url: length 1 mod 4 cannot encode whole bytes. */
const BASE64URL = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/

const base64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url")

const signature = (signingInput: string, secret: string | Uint8Array): string =>
  createHmac("sha256", secret).update(signingInput, "utf8").digest("base64url")

const fail = (reason: Failure): Verified => ({ ok: false, reason })

const utf8 = new TextDecoder("utf-8", { fatal: true })

const decodeJson = (part: string): Record<string, unknown> | undefined => {
  try {
    const json: unknown = JSON.parse(utf8.decode(Buffer.from(part, "base64url")))
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
