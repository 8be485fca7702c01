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

/** Header values may not contain CR, LF or NUL (header injection). @internal */
export const isSafeHeaderValue = (value: string): boolean => !/[\r\n\0]/.test(value)

/** RFC 9110 token characters for header names. @internal */
export const isHeaderName = (name: string): boolean => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)
