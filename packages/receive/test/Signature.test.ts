import { HttpApp, HttpServerResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Signature } from "@ordercloud-effect/receive"
import { ConfigProvider, Effect, Either, Layer, Redacted } from "effect"
import { post, postSigned } from "./utils/http.js"

// RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?"), in standard Base64.
const rfcKey = Redacted.make("Jefe")
const rfcMessage = "what do ya want for nothing?"
const rfcHash = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="

const bytes = (text: string) => new TextEncoder().encode(text)

/** An app behind the signature check that counts the requests it sees. */
const guarded = (keys: Layer.Layer<Signature.HashKeys>) => {
  const seen: Array<string> = []
  const app = Signature.middleware(
    Effect.gen(function*() {
      const body = yield* Signature.verifiedBody
      seen.push(new TextDecoder().decode(body))
      return HttpServerResponse.text("ok")
    })
  )
  return { seen, handler: HttpApp.toWebHandler(Effect.provide(app, keys)) }
}

describe("Signature", () => {
  it.effect("signs the RFC 4231 vector: Base64 of HMAC-SHA256 over the UTF-8 bytes", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* Signature.sign(rfcMessage, rfcKey), rfcHash)
      assert.strictEqual(yield* Signature.sign(bytes(rfcMessage), rfcKey), rfcHash)
      yield* Signature.verify(bytes(rfcMessage), rfcHash, [rfcKey])
    }))

  it.effect("refuses a tampered body, a tampered or missing header, and a non-canonical Base64", () =>
    Effect.gen(function*() {
      const reasons = yield* Effect.all([
        Signature.verify(bytes(rfcMessage + " "), rfcHash, [rfcKey]),
        Signature.verify(bytes(rfcMessage), rfcHash.replace("W9", "X9"), [rfcKey]),
        Signature.verify(bytes(rfcMessage), undefined, [rfcKey]),
        Signature.verify(bytes(rfcMessage), "", [rfcKey]),
        Signature.verify(bytes(rfcMessage), "not base64!", [rfcKey]),
        // Same bytes, hex instead of Base64: OrderCloud never sends that.
        Signature.verify(bytes(rfcMessage), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", [
          rfcKey
        ])
      ].map((check) => Effect.map(Effect.flip(check), (error) => error.reason)))
      assert.deepStrictEqual(reasons, ["mismatch", "mismatch", "missing", "missing", "malformed", "malformed"])
    }))

  it.effect("verifies bytes, not values: the same JSON re-encoded fails", () =>
    Effect.gen(function*() {
      const key = Redacted.make("hash-key")
      const sent = `{"Route":"v1/products","Verb":"POST", "Price":1.50}`
      const hash = yield* Signature.sign(sent, key)
      yield* Signature.verify(bytes(sent), hash, [key])
      const reencoded = JSON.stringify(JSON.parse(sent))
      const error = yield* Effect.flip(Signature.verify(bytes(reencoded), hash, [key]))
      assert.strictEqual(error.reason, "mismatch")
    }))

  it.effect("accepts any configured key (rotation) and no other", () =>
    Effect.gen(function*() {
      const current = Redacted.make("new-key")
      const previous = Redacted.make("old-key")
      const body = bytes(`{"a":1}`)
      yield* Signature.verify(body, yield* Signature.sign(body, previous), [current, previous])
      yield* Signature.verify(body, yield* Signature.sign(body, current), [current, previous])
      const other = yield* Signature.sign(body, Redacted.make("someone-else"))
      assert.isTrue(Either.isLeft(yield* Effect.either(Signature.verify(body, other, [current, previous]))))
    }))

  it.effect("answers 401 before the app runs; reads the header in any case", () =>
    Effect.gen(function*() {
      const { handler, seen } = guarded(Signature.layer(Redacted.make("k")))
      const url = "http://receiver.test/hook"
      const unsigned = yield* post(handler, url, `{"x":1}`)
      const wrong = yield* postSigned(handler, url, { x: 1 }, "not-k")
      const tamperedHeader = yield* post(handler, url, `{"x":1}`, { "X-oc-hash": rfcHash })
      assert.deepStrictEqual([unsigned.status, wrong.status, tamperedHeader.status], [401, 401, 401])
      assert.deepStrictEqual(seen, [])
      assert.deepStrictEqual(unsigned.json, {
        Errors: [{ ErrorCode: "InvalidSignature", Message: "The X-oc-hash signature is missing." }]
      })
      for (const name of ["X-oc-hash", "x-oc-hash", "X-OC-HASH"]) {
        const ok = yield* postSigned(handler, url, { x: 1 }, "k", name)
        assert.strictEqual(ok.status, 200)
      }
      assert.deepStrictEqual(seen, [`{"x":1}`, `{"x":1}`, `{"x":1}`])
    }))

  it.effect("keys come from Config, redacted: a wrong signature's error never shows them", () =>
    Effect.gen(function*() {
      const provider = ConfigProvider.fromMap(
        new Map([["ORDERCLOUD_HASH_KEY", "current-secret"], ["ORDERCLOUD_HASH_KEY_PREVIOUS", "previous-secret"]])
      )
      const { keys } = yield* Effect.provide(Signature.HashKeys, Signature.layerConfig()).pipe(
        Effect.withConfigProvider(provider)
      )
      assert.deepStrictEqual(keys.map(Redacted.value), ["current-secret", "previous-secret"])
      assert.notInclude(JSON.stringify(keys) + String(keys[0]), "secret")
      const error = yield* Effect.flip(Signature.verify(bytes("{}"), rfcHash, keys))
      assert.notInclude(JSON.stringify(error) + error.message + String(error), "secret")

      const missing = yield* Effect.flip(
        Effect.provide(Signature.HashKeys, Signature.layerConfig()).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
        )
      )
      assert.strictEqual(missing._tag, "ConfigError")
      const empty = yield* Effect.flip(
        Effect.provide(Signature.HashKeys, Signature.layerConfig()).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ORDERCLOUD_HASH_KEY", ""]])))
        )
      )
      assert.strictEqual(empty._tag, "ConfigError")
    }))

  it.effect("an empty key is a typed failure to sign and matches nothing when verifying (WebCrypto refuses it)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Signature.sign("{}", Redacted.make("")))
      assert.strictEqual(error._tag, "InvalidHashKey")
      const body = bytes("{}")
      const good = yield* Signature.sign(body, Redacted.make("k"))
      yield* Signature.verify(body, good, [Redacted.make(""), Redacted.make("k")])
      const refused = yield* Effect.flip(Signature.verify(body, good, [Redacted.make("")]))
      assert.strictEqual(refused.reason, "mismatch")
    }))
})
