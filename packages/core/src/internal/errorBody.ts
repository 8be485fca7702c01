import type { ApiError } from "../ApiError.js"

const stripBom = (text: string): string => text.charCodeAt(0) === 0xfeff ? text.slice(1) : text

const asString = (value: unknown): string | null => typeof value === "string" ? value : null

/**
 * Reads OrderCloud's `{ Errors: [...] }` leniently: a body of any other shape
 * (HTML from a gateway, empty, cut short) gives an empty list, never a failure.
 * @internal
 */
export const parse = (text: string): { readonly errors: ReadonlyArray<ApiError>; readonly json: unknown } => {
  let json: unknown
  try {
    json = JSON.parse(stripBom(text))
  } catch {
    return { errors: [], json: undefined }
  }
  if (typeof json !== "object" || json === null) return { errors: [], json }
  const list = (json as { readonly Errors?: unknown }).Errors
  if (!Array.isArray(list)) return { errors: [], json }
  const errors = list.flatMap((entry): Array<ApiError> =>
    typeof entry === "object" && entry !== null
      ? [{
        ErrorCode: asString((entry as Record<string, unknown>).ErrorCode),
        Message: asString((entry as Record<string, unknown>).Message),
        Data: (entry as Record<string, unknown>).Data
      }]
      : []
  )
  return { errors, json }
}

/** @internal */
export const parseJson = (text: string): { readonly ok: true; readonly json: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, json: JSON.parse(stripBom(text)) }
  } catch {
    return { ok: false }
  }
}
