/**
 * Byte and text codecs over the platform's own (`TextEncoder`, `btoa`,
 * `atob`): standard Base64 for `X-oc-hash`, base64url for JWTs. Decoders
 * refuse anything but the canonical spelling, so one signature has one
 * accepted form.
 *
 * @internal
 */

const encoder = new TextEncoder()
const decoder = new TextDecoder("utf-8", { fatal: true })

/** @internal */
export const utf8 = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text)

/** @internal */
export const text = (bytes: Uint8Array): string | undefined => {
  try {
    return decoder.decode(bytes)
  } catch {
    return undefined
  }
}

/** @internal */
export const base64 = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Standard Base64 (padded) to bytes; `undefined` unless canonical. @internal */
export const fromBase64 = (encoded: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!base64Pattern.test(encoded)) return undefined
  const binary = atob(encoded)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return base64(bytes) === encoded ? bytes : undefined
}

/** @internal */
export const base64url = (bytes: Uint8Array): string =>
  base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")

const base64urlPattern = /^[A-Za-z0-9_-]*$/

/** base64url (unpadded) to bytes; `undefined` unless canonical. @internal */
export const fromBase64url = (encoded: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!base64urlPattern.test(encoded) || encoded.length % 4 === 1) return undefined
  const padded = encoded.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (encoded.length % 4)) % 4)
  const bytes = fromBase64(padded)
  return bytes !== undefined && base64url(bytes) === encoded ? bytes : undefined
}
