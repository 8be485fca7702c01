import type { ApiError } from "../ApiError.js"

const stripBom = (text: string): string => text.charCodeAt(0) === 0xfeff ? text.slice(1) : text

const asString = (value: unknown): string | null => typeof value === "string" ? value : null

/**
 * Reads OrderCloud's `{ Errors: [...] }` leniently: a body of any other shape
 * (HTML from a gateway, empty, cut short) gives an empty list, never a failure.
 * @internal
 */
export const parseErrors = (text: string): ReadonlyArray<ApiError> => {
  const parsed = parseJson(text)
  if (!parsed.ok || typeof parsed.json !== "object" || parsed.json === null) return []
  const list = (parsed.json as { readonly Errors?: unknown }).Errors
  if (!Array.isArray(list)) return []
  return list.flatMap((entry): Array<ApiError> =>
    typeof entry === "object" && entry !== null
      ? [{
        ErrorCode: asString((entry as Record<string, unknown>).ErrorCode),
        Message: asString((entry as Record<string, unknown>).Message),
        Data: (entry as Record<string, unknown>).Data
      }]
      : []
  )
}

/** @internal */
export const parseJson = (text: string): { readonly ok: true; readonly json: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, json: JSON.parse(stripBom(text)) }
  } catch {
    return { ok: false }
  }
}
