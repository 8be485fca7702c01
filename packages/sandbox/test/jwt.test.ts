import { assert, describe, it } from "@effect/vitest"
import { createHmac } from "node:crypto"
import * as Jwt from "../src/internal/jwt.js"

const secret = "sandbox-secret-3f9c2b7e41d8a6"
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

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url")
const payloadOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"))
/** A token signed correctly over arbitrary header and payload values. */
const signedRaw = (header: unknown, payload: unknown, key: string = secret): string => {
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`
}
const reasonOf = (result: Jwt.Verified): string => result.ok ? "ok" : result.reason

describe("jwt", () => {
  describe("round trip", () => {
    it("verify returns the signed claims", () => {
      const result = Jwt.verify(Jwt.sign(claims, secret), secret, now)
      assert.deepStrictEqual(result, { ok: true, claims })
    })

    it("carries the optional imp and orderid claims only when set", () => {
      const impersonating: Jwt.Claims = { ...claims, imp: "1920000" }
      const guest: Jwt.Claims = { ...claims, orderid: "wvBDPU-WM0CaHpDaIplJcA" }
      assert.deepStrictEqual(Jwt.verify(Jwt.sign(impersonating, secret), secret, now), { ok: true, claims: impersonating })
      assert.deepStrictEqual(Jwt.verify(Jwt.sign(guest, secret), secret, now), { ok: true, claims: guest })
      const plain = payloadOf(Jwt.sign(claims, secret))
      assert.isFalse("imp" in plain)
      assert.isFalse("orderid" in plain)
    })

    it("writes a compact HS256 JWT with OrderCloud's claim names", () => {
      const token = Jwt.sign(claims, secret)
      const [header, , signature] = token.split(".")
      assert.deepStrictEqual(JSON.parse(Buffer.from(header!, "base64url").toString()), { alg: "HS256", typ: "JWT" })
      assert.match(signature!, /^[A-Za-z0-9_-]{43}$/)
      assert.deepStrictEqual(Object.keys(payloadOf(token)), [
        "usr", "cid", "u", "usrtype", "role", "iss", "aud", "exp", "nbf", "jti"
      ])
      assert.strictEqual(payloadOf(token)["u"], "1920563")
    })

    it("is deterministic for the same claims and secret", () => {
      assert.strictEqual(Jwt.sign(claims, secret), Jwt.sign({ ...claims }, secret))
    })

    it("accepts a Uint8Array secret", () => {
      const key = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])
      assert.isTrue(Jwt.verify(Jwt.sign(claims, key), key, now).ok)
      assert.strictEqual(reasonOf(Jwt.verify(Jwt.sign(claims, key), new Uint8Array([1, 2, 3]), now)), "signature")
    })
  })

  describe("role claim", () => {
    it("a single role is written as a plain string, from either shape", () => {
      assert.strictEqual(payloadOf(Jwt.sign({ ...claims, role: "FullAccess" }, secret))["role"], "FullAccess")
      assert.strictEqual(payloadOf(Jwt.sign({ ...claims, role: ["FullAccess"] }, secret))["role"], "FullAccess")
    })

    it("several roles, or none, are written as an array", () => {
      assert.deepStrictEqual(payloadOf(Jwt.sign(claims, secret))["role"], ["Shopper", "MeAdmin"])
      assert.deepStrictEqual(payloadOf(Jwt.sign({ ...claims, role: [] }, secret))["role"], [])
    })

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

    it("a verified single-role token reads back as one role", () => {
      const result = Jwt.verify(Jwt.sign({ ...claims, role: ["OrderAdmin"] }, secret), secret, now)
      assert.isTrue(result.ok)
      if (result.ok) {
        assert.strictEqual(result.claims.role, "OrderAdmin")
        assert.deepStrictEqual(Jwt.roles(result.claims), ["OrderAdmin"])
      }
    })
  })

  describe("tampering", () => {
    it("a changed payload fails the signature check", () => {
      const [header, , signature] = Jwt.sign(claims, secret).split(".")
      const elevated = b64({ ...claims, role: "FullAccess" })
      assert.strictEqual(reasonOf(Jwt.verify(`${header}.${elevated}.${signature}`, secret, now)), "signature")
    })

    it("a changed signature fails", () => {
      const token = Jwt.sign(claims, secret)
      const last = token.at(-1) === "A" ? "B" : "A"
      assert.strictEqual(reasonOf(Jwt.verify(token.slice(0, -1) + last, secret, now)), "signature")
      const [header, payload] = token.split(".")
      assert.strictEqual(reasonOf(Jwt.verify(`${header}.${payload}.${"A".repeat(43)}`, secret, now)), "signature")
      assert.strictEqual(reasonOf(Jwt.verify(`${header}.${payload}.AAAA`, secret, now)), "signature")
    })

    it("another secret fails", () => {
      assert.strictEqual(reasonOf(Jwt.verify(Jwt.sign(claims, secret), "other-secret", now)), "signature")
    })

    it("alg none or another algorithm is refused, even with a matching HMAC", () => {
      assert.strictEqual(reasonOf(Jwt.verify(signedRaw({ alg: "none" }, claims), secret, now)), "signature")
      assert.strictEqual(reasonOf(Jwt.verify(signedRaw({ alg: "HS512", typ: "JWT" }, claims), secret, now)), "signature")
      const payload = Jwt.sign(claims, secret).split(".")[1]!
      assert.strictEqual(reasonOf(Jwt.verify(`${b64({ alg: "none" })}.${payload}.`, secret, now)), "signature")
    })
  })

  describe("time", () => {
    it("is valid from nbf up to, not including, exp", () => {
      const token = Jwt.sign(claims, secret)
      assert.isTrue(Jwt.verify(token, secret, claims.nbf).ok)
      assert.isTrue(Jwt.verify(token, secret, claims.exp - 1).ok)
      assert.strictEqual(reasonOf(Jwt.verify(token, secret, claims.exp)), "expired")
      assert.strictEqual(reasonOf(Jwt.verify(token, secret, claims.exp + 3600)), "expired")
    })

    it("is not yet valid before nbf", () => {
      const token = Jwt.sign({ ...claims, nbf: now + 60 }, secret)
      assert.strictEqual(reasonOf(Jwt.verify(token, secret, now)), "notYetValid")
      assert.strictEqual(reasonOf(Jwt.verify(token, secret, now + 59)), "notYetValid")
      assert.isTrue(Jwt.verify(token, secret, now + 60).ok)
    })

    it("checks the signature before the time", () => {
      const expired = Jwt.sign({ ...claims, exp: now - 10 }, secret)
      assert.strictEqual(reasonOf(Jwt.verify(expired, "other-secret", now)), "signature")
    })
  })

  describe("malformed tokens", () => {
    const good = Jwt.sign(claims, secret)
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
      ["header a JSON array", `${b64(["HS256"])}.${p}.${s}`],
      ["Bearer prefix left on", `Bearer ${good}`]
    ]
    for (const [name, token] of cases) {
      it(`refuses ${name}`, () => {
        assert.strictEqual(reasonOf(Jwt.verify(token, secret, now)), "malformed")
      })
    }

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
      it(`refuses a correctly signed token with ${name}`, () => {
        assert.strictEqual(reasonOf(Jwt.verify(signedRaw({ alg: "HS256", typ: "JWT" }, payload), secret, now)), "malformed")
      })
    }

    it("refuses a payload that is not UTF-8", () => {
      const input = `${h}.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64url")}`
      const token = `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`
      assert.strictEqual(reasonOf(Jwt.verify(token, secret, now)), "malformed")
    })
  })

  describe("the secret", () => {
    it("never appears in the token, in any encoding", () => {
      const token = Jwt.sign({ ...claims, imp: "1", orderid: "o" }, secret)
      const decoded = token.split(".").map((part) => Buffer.from(part, "base64url").toString("latin1")).join("|")
      for (const haystack of [token, decoded]) {
        assert.isFalse(haystack.includes(secret))
        assert.isFalse(haystack.includes(Buffer.from(secret).toString("base64url")))
        assert.isFalse(haystack.includes(Buffer.from(secret).toString("hex")))
      }
    })
  })
})
