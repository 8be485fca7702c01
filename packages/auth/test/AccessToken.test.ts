import { assert, describe, it } from "@effect/vitest"
import { AccessToken } from "@ordercloud-effect/auth"
import { Effect, Either, Redacted, Schema } from "effect"
import { jwt } from "./utils/server.js"

describe("AccessToken", () => {
  it.effect("reads OrderCloud's claims without verifying; a single role reads as a list", () =>
    Effect.gen(function*() {
      const token = jwt({
        usr: "buyer01",
        cid: "buyer-app",
        u: "1920563",
        usrtype: "buyer",
        role: "Shopper",
        iss: "https://auth.test.example",
        aud: "https://api.test.example",
        exp: 1700003600,
        nbf: 1700000000,
        orderid: "guest-order",
        extra: { ignored: true }
      })
      const claims = yield* AccessToken.claims(Redacted.make(token))
      assert.deepStrictEqual(claims, {
        usr: "buyer01",
        cid: "buyer-app",
        u: "1920563",
        usrtype: "buyer",
        role: ["Shopper"],
        iss: "https://auth.test.example",
        aud: "https://api.test.example",
        exp: 1700003600,
        nbf: 1700000000,
        orderid: "guest-order"
      })
      const many = yield* AccessToken.claims(jwt({ role: ["Shopper", "MeAdmin"], imp: "42" }))
      assert.deepStrictEqual(many.role, ["Shopper", "MeAdmin"])
      assert.strictEqual(many.imp, "42")
    }))

  it("decodes UTF-8 payloads", () => {
    const claims = AccessToken.claimsEither(jwt({ usr: "Jürgen 🛒" }))
    assert.deepStrictEqual(Either.map(claims, (c) => c.usr), Either.right("Jürgen 🛒"))
  })

  it("refuses what is not a JWT, without quoting the token", () => {
    const cases = [
      "opaque-SECRET",
      "a.b",
      `x.${btoa("not json")}.SECRET`,
      `x.${btoa("[1]")}.SECRET`,
      `x.%%%.SECRET`,
      jwt({ exp: "soon", usr: "SECRET" })
    ]
    for (const token of cases) {
      const result = AccessToken.claimsEither(Redacted.make(token))
      assert.isTrue(Either.isLeft(result), token)
      if (Either.isLeft(result)) {
        assert.strictEqual(result.left._tag, "InvalidAccessToken")
        assert.notInclude(result.left.message, "SECRET")
        assert.notInclude(JSON.stringify(result.left), "SECRET")
      }
    }
  })

  it("TokenResponse: tokens decode to Redacted, a null refresh_token reads as absent", () => {
    const decode = Schema.decodeUnknownSync(AccessToken.TokenResponse)
    const full = decode({ access_token: "at", token_type: "bearer", expires_in: 600, refresh_token: "rt" })
    assert.strictEqual(Redacted.value(full.access_token), "at")
    assert.strictEqual(full.refresh_token && Redacted.value(full.refresh_token), "rt")
    assert.strictEqual(String(full.access_token), "<redacted>")
    assert.notInclude(JSON.stringify(full), "at\"")
    const none = decode({ access_token: "at", token_type: "bearer", expires_in: 600, refresh_token: null })
    assert.isFalse("refresh_token" in none)
  })
})
