/**
 * Unpadded base64url (RFC 4648 §5) and UTF-8 helpers over the platform's
 * `btoa`/`atob` and `TextEncoder`/`TextDecoder`, so the sandbox needs no
 * `Buffer` and runs in browsers as in Node.
 * @internal
 */

/** Unpadded base64url: a length of 1 mod 4 cannot encode whole bytes. @internal */
export const pattern = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/

/** The bytes in unpadded base64url. @internal */
export const encode = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

/** Text as UTF-8, in unpadded base64url. @internal */
export const encodeText = (text: string): string => encode(utf8Encoder.encode(text))

/** The bytes of unpadded base64url text; undefined when it is not that. @internal */
export const decode = (text: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!pattern.test(text)) return undefined
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** The UTF-8 text of unpadded base64url; undefined when either layer is malformed. @internal */
export const decodeText = (text: string): string | undefined => {
  const bytes = decode(text)
  if (bytes === undefined) return undefined
  try {
    return utf8Decoder.decode(bytes)
  } catch {
    return undefined
  }
}

/** `size` random bytes from the platform's CSPRNG, in base64url. @internal */
export const random = (size: number): string => encode(globalThis.crypto.getRandomValues(new Uint8Array(size)))

/** UTF-8 bytes of a string. @internal */
export const utf8 = (text: string): Uint8Array<ArrayBuffer> => utf8Encoder.encode(text)

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder("utf-8", { fatal: true })
