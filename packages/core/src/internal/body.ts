/** JSON.parse after a leading UTF-8 BOM, which some servers send. */
const stripBom = (text: string): string => text.charCodeAt(0) === 0xfeff ? text.slice(1) : text

/** @internal */
export const parseJson = (text: string): { readonly ok: true; readonly json: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, json: JSON.parse(stripBom(text)) }
  } catch {
    return { ok: false }
  }
}
