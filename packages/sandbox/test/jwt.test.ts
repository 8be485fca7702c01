import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { createHmac } from "node:crypto"
import * as Jwt from "../src/internal/jwt.js"

const now = 1_700_000_000

const claims: Jwt.Claims = {
  usr: "buyer01",
  cid: "8836BE8D-710A-4D2D-98BF-EDBE7227E3BB",
  u: "1920563",
  usrtype: "buyer",
  role: ["Shopper", "MeAdmin"],
  iss: "http://127.0.0.1:4000",
  aud: "http://127.0.0.1:4000",
  exp: now + 36_000,
  nbf: now,
  jti: "PKTiEFNEiEi9mEmC9cZCrw"
}

// Two key pairs for the whole file: generating one takes a while.
const key = await Effect.runPromise(Jwt.generateKey("kid-one"))
/** Another key pair under the same kid: a forger's. */
const forger = await Effect.runPromise(Jwt.generateKey("kid-one"))

// Tests encode with Buffer and sign with raw WebCrypto: an oracle independent of the module.
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url")
const payloadOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"))
const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8"))
const rs256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const
/** A token RS256-signed with `signer` over arbitrary header and payload parts. */
const signedParts = (header: string, payload: string, signer: Jwt.SigningKey = key) =>
  Effect.promise(async () => {
    const input = `${header}.${payload}`
    const signature = await crypto.subtle.sign(rs256, signer.privateKey, new TextEncoder().encode(input))
    return `${input}.${Buffer.from(signature).toString("base64url")}`
  })
const signedRaw = (header: unknown, payload: unknown, signer: Jwt.SigningKey = key) =>
  signedParts(b64(header), b64(payload), signer)
const rsHeader = { alg: "RS256", kid: "kid-one", typ: "JWT" }

const sign = (value: Jwt.Claims) => Jwt.sign(value, key)
const reasonAt = (token: string, at: number = now) =>
  Effect.map(Jwt.verify(token, key, at), (result) => result.ok ? "ok" : result.reason)

describe("jwt", () => {
  describe("round trip", () => {
    it.effect("verify returns the signed claims", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* Jwt.verify(yield* sign(claims), key, now), { ok: true, claims })
      }))

    it.effect("carries the optional imp and orderid claims only when set", () =>
      Effect.gen(function*() {
        const impersonating: Jwt.Claims = { ...claims, imp: "1920000" }
        const guest: Jwt.Claims = { ...claims, orderid: "wvBDPU-WM0CaHpDaIplJcA" }
        assert.deepStrictEqual(yield* Jwt.verify(yield* sign(impersonating), key, now), {
          ok: true,
          claims: impersonating
        })
        assert.deepStrictEqual(yield* Jwt.verify(yield* sign(guest), key, now), { ok: true, claims: guest })
        const plain = payloadOf(yield* sign(claims))
        assert.isFalse("imp" in plain)
        assert.isFalse("orderid" in plain)
      }))

    it.effect("writes a compact RS256 JWT with a kid header and OrderCloud's claim names", () =>
      Effect.gen(function*() {
        const token = yield* sign(claims)
        assert.deepStrictEqual(headerOf(token), { alg: "RS256", kid: "kid-one", typ: "JWT" })
        // RSA 2048: a 256-byte signature, 342 base64url characters.
        assert.match(token.split(".")[2]!, /^[A-Za-z0-9_-]{342}$/)
        assert.deepStrictEqual(Object.keys(payloadOf(token)), [
          "usr",
          "cid",
          "u",
          "usrtype",
          "role",
          "iss",
          "aud",
          "exp",
          "nbf",
          "jti"
        ])
        assert.strictEqual(payloadOf(token)["u"], "1920563")
      }))

    it.effect("is deterministic for the same claims and key (PKCS#1 v1.5 signatures are)", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* sign(claims), yield* sign({ ...claims }))
      }))

    it.effect("WebCrypto verifies the token with nothing but the public JWK", () =>
      Effect.gen(function*() {
        const token = yield* sign(claims)
        const [header, payload, signature] = token.split(".") as [string, string, string]
        const valid = yield* Effect.promise(async () => {
          const publicKey = await crypto.subtle.importKey("jwk", { ...key.jwk }, rs256, false, ["verify"])
          return crypto.subtle.verify(
            rs256,
            publicKey,
            Buffer.from(signature, "base64url"),
            new TextEncoder().encode(`${header}.${payload}`)
          )
        })
        assert.isTrue(valid)
      }))
  })

  describe("the key", () => {
    it("the JWK has exactly OrderCloud's PublicKey members: no private part", () => {
      assert.deepStrictEqual(Object.keys(key.jwk).sort(), ["alg", "e", "kid", "kty", "n", "use"])
      assert.include(key.jwk, { kty: "RSA", alg: "RS256", use: "sig", kid: "kid-one", e: "AQAB" })
      // A 2048-bit modulus: 256 bytes.
      assert.strictEqual(Buffer.from(key.jwk.n, "base64url").length, 256)
    })

    it.effect("the private key cannot be exported", () =>
      Effect.gen(function*() {
        assert.isFalse(key.privateKey.extractable)
        const exported = yield* Effect.either(Effect.tryPromise(() => crypto.subtle.exportKey("jwk", key.privateKey)))
        assert.isTrue(exported._tag === "Left")
      }))
  })

  describe("role claim", () => {
    it.effect("a single role is written as a plain string, from either shape", () =>
      Effect.gen(function*() {
        assert.strictEqual(payloadOf(yield* sign({ ...claims, role: "FullAccess" }))["role"], "FullAccess")
        assert.strictEqual(payloadOf(yield* sign({ ...claims, role: ["FullAccess"] }))["role"], "FullAccess")
      }))

    it.effect("several roles, or none, are written as an array", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(payloadOf(yield* sign(claims))["role"], ["Shopper", "MeAdmin"])
        assert.deepStrictEqual(payloadOf(yield* sign({ ...claims, role: [] }))["role"], [])
      }))

    it("roles() normalises both shapes to a list", () => {
      assert.deepStrictEqual(Jwt.roles({ role: "Shopper" }), ["Shopper"])
      assert.deepStrictEqual(Jwt.roles({ role: ["Shopper", "MeAdmin"] }), ["Shopper", "MeAdmin"])
      assert.deepStrictEqual(Jwt.roles({ role: [] }), [])
    })

    it("roleClaim() picks the shape OrderCloud writes", () => {
      assert.strictEqual(Jwt.roleClaim(["Shopper"]), "Shopper")
      assert.deepStrictEqual(Jwt.roleClaim(["Shopper", "MeAdmin"]), ["Shopper", "MeAdmin"])
      assert.deepStrictEqual(Jwt.roleClaim([]), [])
    })

    it.effect("a verified single-role token reads back as one role", () =>
      Effect.gen(function*() {
        const result = yield* Jwt.verify(yield* sign({ ...claims, role: ["OrderAdmin"] }), key, now)
        assert.isTrue(result.ok)
        if (result.ok) {
          assert.strictEqual(result.claims.role, "OrderAdmin")
          assert.deepStrictEqual(Jwt.roles(result.claims), ["OrderAdmin"])
        }
      }))
  })

  describe("tampering", () => {
    it.effect("a changed payload fails the signature check", () =>
      Effect.gen(function*() {
        const [header, , signature] = (yield* sign(claims)).split(".")
        const elevated = b64({ ...claims, role: "FullAccess" })
        assert.strictEqual(yield* reasonAt(`${header}.${elevated}.${signature}`), "signature")
      }))

    it.effect("a forged or changed signature fails", () =>
      Effect.gen(function*() {
        const token = yield* sign(claims)
        const [header, payload, signature] = token.split(".") as [string, string, string]
        const flipped = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11)
        assert.strictEqual(yield* reasonAt(`${header}.${payload}.${flipped}`), "signature")
        assert.strictEqual(yield* reasonAt(`${header}.${payload}.${"A".repeat(342)}`), "signature")
        assert.strictEqual(yield* reasonAt(`${header}.${payload}.AAAA`), "signature")
        assert.strictEqual(yield* reasonAt(`${header}.${payload}.`), "signature")
      }))

    it.effect("another key pair's signature fails, even under the same kid", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* reasonAt(yield* Jwt.sign(claims, forger)), "signature")
        assert.strictEqual(yield* reasonAt(yield* signedRaw(rsHeader, claims, forger)), "signature")
      }))

    it.effect("a kid other than the key's, or none, is refused although the signature is right", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* reasonAt(yield* signedRaw({ ...rsHeader, kid: "kid-two" }, claims)), "signature")
        assert.strictEqual(yield* reasonAt(yield* signedRaw({ alg: "RS256", typ: "JWT" }, claims)), "signature")
        assert.strictEqual(yield* reasonAt(yield* signedRaw({ ...rsHeader, kid: ["kid-one"] }, claims)), "signature")
        assert.strictEqual(yield* reasonAt(yield* signedRaw(rsHeader, claims)), "ok")
      }))

    it.effect("alg none, HS256 (even keyed with the public key) or another RSA algorithm is refused", () =>
      Effect.gen(function*() {
        const payload = b64(claims)
        assert.strictEqual(yield* reasonAt(`${b64({ alg: "none", kid: "kid-one" })}.${payload}.`), "signature")
        // The classic confusion attack: HMAC keyed with the public key's text.
        for (const secret of [JSON.stringify(key.jwk), key.jwk.n]) {
          const header = b64({ alg: "HS256", kid: "kid-one", typ: "JWT" })
          const mac = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url")
          assert.strictEqual(yield* reasonAt(`${header}.${payload}.${mac}`), "signature")
        }
        // A valid RSA signature under a header that names another algorithm.
        assert.strictEqual(yield* reasonAt(yield* signedRaw({ ...rsHeader, alg: "RS512" }, claims)), "signature")
      }))

    it.effect("a non-canonical spelling of the right signature is refused", () =>
      Effect.gen(function*() {
        const token = yield* sign(claims)
        const [header, payload, signature] = token.split(".") as [string, string, string]
        // 342 characters carry 2052 bits for 2048: the last 4 are unused. Set one.
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        const last = alphabet.indexOf(signature.at(-1)!)
        const respelled = signature.slice(0, -1) + alphabet[last ^ 1]
        assert.deepStrictEqual(Buffer.from(respelled, "base64url"), Buffer.from(signature, "base64url"))
        assert.strictEqual(yield* reasonAt(`${header}.${payload}.${respelled}`), "signature")
      }))
  })

  describe("time", () => {
    it.effect("is valid from nbf up to, not including, exp", () =>
      Effect.gen(function*() {
        const token = yield* sign(claims)
        assert.strictEqual(yield* reasonAt(token, claims.nbf), "ok")
        assert.strictEqual(yield* reasonAt(token, claims.exp - 1), "ok")
        assert.strictEqual(yield* reasonAt(token, claims.exp), "expired")
        assert.strictEqual(yield* reasonAt(token, claims.exp + 3600), "expired")
      }))

    it.effect("is not yet valid before nbf", () =>
      Effect.gen(function*() {
        const token = yield* sign({ ...claims, nbf: now + 60 })
        assert.strictEqual(yield* reasonAt(token, now), "notYetValid")
        assert.strictEqual(yield* reasonAt(token, now + 59), "notYetValid")
        assert.strictEqual(yield* reasonAt(token, now + 60), "ok")
      }))

    it.effect("checks the signature before the time", () =>
      Effect.gen(function*() {
        const expired = yield* Jwt.sign({ ...claims, exp: now - 10 }, forger)
        assert.strictEqual(yield* reasonAt(expired), "signature")
      }))
  })

  describe("malformed tokens", () => {
    it.effect("refuses tokens that are not three base64url parts of JSON objects", () =>
      Effect.gen(function*() {
        const good = yield* sign(claims)
        const [h, p, s] = good.split(".") as [string, string, string]
        const cases: ReadonlyArray<readonly [string, string]> = [
          ["empty string", ""],
          ["not a JWT", "not-a-jwt"],
          ["two parts", `${h}.${p}`],
          ["four parts", `${good}.${s}`],
          ["empty parts", ".."],
          ["empty header", `.${p}.${s}`],
          ["empty payload", `${h}..${s}`],
          ["padding characters", `${h}.${p}=.${s}`],
          ["standard base64 characters", `${h}.${p}+/.${s}`],
          ["whitespace", ` ${good}`],
          ["a part whose length no base64url has", `${h}.${p}${"A".repeat((5 - (p.length % 4)) % 4)}.${s}`],
          ["header not JSON", `${Buffer.from("{alg").toString("base64url")}.${p}.${s}`],
          ["header a JSON array", `${b64(["RS256"])}.${p}.${s}`],
          ["Bearer prefix left on", `Bearer ${good}`]
        ]
        for (const [name, token] of cases) {
          assert.strictEqual(yield* reasonAt(token), "malformed", name)
        }
      }))

    const badPayloads: ReadonlyArray<readonly [string, unknown]> = [
      ["a payload that is a string", "claims"],
      ["a payload that is an array", [claims]],
      ["a payload missing exp", { ...claims, exp: undefined }],
      ["a numeric u", { ...claims, u: 1920563 }],
      ["an unknown usrtype", { ...claims, usrtype: "guest" }],
      ["a role list with a number", { ...claims, role: ["Shopper", 1] }],
      ["a string exp", { ...claims, exp: String(claims.exp) }],
      ["a missing jti", { ...claims, jti: undefined }],
      ["a numeric imp", { ...claims, imp: 5 }]
    ]
    for (const [name, payload] of badPayloads) {
      it.effect(`refuses a correctly signed token with ${name}`, () =>
        Effect.gen(function*() {
          assert.strictEqual(yield* reasonAt(yield* signedRaw(rsHeader, payload)), "malformed")
        }))
    }

    it.effect("refuses a correctly signed payload that is not UTF-8", () =>
      Effect.gen(function*() {
        const token = yield* signedParts(b64(rsHeader), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64url"))
        assert.strictEqual(yield* reasonAt(token), "malformed")
      }))
  })
})
