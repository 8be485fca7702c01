/**
 * HMAC-SHA256 with WebCrypto. Keys are imported per call: a key object
 * would have to be cached by its secret, and an import costs microseconds.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Encoding from "./encoding.js"

const algorithm = { name: "HMAC", hash: "SHA-256" } as const

const importKey = (key: Redacted.Redacted<string>) =>
  Effect.promise(() =>
    globalThis.crypto.subtle.importKey("raw", Encoding.utf8(Redacted.value(key)), algorithm, false, ["sign", "verify"])
  )

/** @internal */
export const sign = (key: Redacted.Redacted<string>, data: Uint8Array): Effect.Effect<Uint8Array<ArrayBuffer>> =>
  Effect.flatMap(
    importKey(key),
    (imported) =>
      Effect.promise(async () => new Uint8Array(await globalThis.crypto.subtle.sign(algorithm, imported, copy(data))))
  )

/** `crypto.subtle.verify` compares the MACs in constant time. @internal */
export const verify = (
  key: Redacted.Redacted<string>,
  signature: Uint8Array<ArrayBuffer>,
  data: Uint8Array
): Effect.Effect<boolean> =>
  Effect.flatMap(
    importKey(key),
    (imported) => Effect.promise(() => globalThis.crypto.subtle.verify(algorithm, imported, signature, copy(data)))
  )

/** WebCrypto takes only ArrayBuffer-backed views. */
const copy = (data: Uint8Array): Uint8Array<ArrayBuffer> =>
  data.buffer instanceof ArrayBuffer ? data as Uint8Array<ArrayBuffer> : new Uint8Array(data)
