const sensitiveParams = /^(?:anonUserToken|access_?token|refresh_?token|token|client_?secret|password|code)$/i

/**
 * The URL as it may appear in errors, logs and spans: the values of query
 * parameters that can carry credentials (`anonUserToken`, ...) are masked.
 * @internal
 */
export const mask = (url: string): string => {
  const queryStart = url.indexOf("?")
  if (queryStart === -1) return url
  const query = url
    .slice(queryStart + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=")
      if (eq === -1) return pair
      let key = pair.slice(0, eq)
      try {
        key = decodeURIComponent(key)
      } catch {
        // keep the raw key
      }
      return sensitiveParams.test(key) ? `${pair.slice(0, eq)}=<redacted>` : pair
    })
    .join("&")
  return `${url.slice(0, queryStart)}?${query}`
}

/** The path of a URL, without query or fragment. @internal */
export const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname
  } catch {
    return url.split(/[?#]/)[0] ?? url
  }
}

/**
 * Header values may hold tab, visible ASCII and obs-text (0x80-0xFF) only
 * (RFC 9110 field-value): no CR, LF or NUL (header injection), no other
 * control character, and nothing above 0xFF, which `fetch` cannot send.
 * @internal
 */
export const isSafeHeaderValue = (value: string): boolean => /^[\t\x20-\x7e\x80-\xff]*$/.test(value)

/**
 * Whether a string is well-formed UTF-16 (no lone surrogate), so that
 * `encodeURIComponent` can encode it without throwing.
 * @internal
 */
export const isWellFormed = (value: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)

/** RFC 9110 token characters for header names. @internal */
export const isHeaderName = (name: string): boolean => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)

/**
 * The Fetch standard's forbidden request-header names (and `Permissions-Policy`,
 * which MDN lists with them): fetch sets these itself. A browser drops them
 * silently and Node's fetch fails on some (`Transfer-Encoding`, `Connection`,
 * ...), so the client refuses them before sending.
 */
const forbiddenHeaderNames: ReadonlySet<string> = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "permissions-policy",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via"
])

const methodOverrideNames: ReadonlySet<string> = new Set([
  "x-http-method",
  "x-http-method-override",
  "x-method-override"
])
const forbiddenMethods: ReadonlySet<string> = new Set(["CONNECT", "TRACE", "TRACK"])

/**
 * Whether fetch forbids a request header: a name on the Fetch standard's
 * list, a `Proxy-` or `Sec-` name, or a method override naming `CONNECT`,
 * `TRACE` or `TRACK`.
 * @internal
 */
export const isForbiddenHeader = (name: string, value: string): boolean => {
  const lower = name.toLowerCase()
  if (forbiddenHeaderNames.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) return true
  return methodOverrideNames.has(lower) &&
    value.split(",").some((method) => forbiddenMethods.has(method.trim().toUpperCase()))
}
