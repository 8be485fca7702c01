/**
 * HMAC-SHA256 with WebCrypto. Keys are imported per call: a key object
 * would have to be cached by its secret, and an import costs microseconds.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { InvalidHashKey } from "../ReceiveError.js"
import * as Encoding from "./encoding.js"

const algorithm = { name: "HMAC", hash: "SHA-256" } as const

/** Fails (with nothing that could show the key) for a key WebCrypto refuses: the empty one. */
const importKey = (key: Redacted.Redacted<string>) =>
  Effect.mapError(
    Effect.tryPromise(() =>
      globalThis.crypto.subtle.importKey("raw", Encoding.utf8(Redacted.value(key)), algorithm, false, [
        "sign",
        "verify"
      ])
    ),
    () => new InvalidHashKey()
  )

/** @internal */
export const sign = (
  key: Redacted.Redacted<string>,
  data: Uint8Array
): Effect.Effect<Uint8Array<ArrayBuffer>, InvalidHashKey> =>
  Effect.flatMap(
    importKey(key),
    (imported) =>
      Effect.promise(async () => new Uint8Array(await globalThis.crypto.subtle.sign(algorithm, imported, copy(data))))
  )

/** `crypto.subtle.verify` compares the MACs in constant time. A key that cannot be used matches nothing. @internal */
export const verify = (
  key: Redacted.Redacted<string>,
  signature: Uint8Array<ArrayBuffer>,
  data: Uint8Array
): Effect.Effect<boolean> =>
  importKey(key).pipe(
    Effect.flatMap((imported) =>
      Effect.promise(() => globalThis.crypto.subtle.verify(algorithm, imported, signature, copy(data)))
    ),
    Effect.orElseSucceed(() => false)
  )

/** WebCrypto takes only ArrayBuffer-backed views; a body is small, so it is copied into one. */
const copy = (data: Uint8Array): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(data.byteLength)
  bytes.set(data)
  return bytes
}
