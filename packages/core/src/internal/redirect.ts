import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { RedirectRefused } from "../OrderCloudError.js"
import type * as Transport from "../Transport.js"
import * as Url from "./url.js"

const maxRedirects = 5
const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])

/** A Location as an error may show it: no credentials, no fragment, sensitive query values masked. */
const shownLocation = (target: URL): string => {
  const shown = new URL(target.href)
  shown.username = ""
  shown.password = ""
  shown.hash = ""
  return Url.mask(shown.href)
}

/**
 * Where a redirect from `from` to `location` leads, or why it is not
 * followed: only a redirect within the same origin is, which also rules out
 * `https:` to `http:`. OrderCloud does not redirect API calls, so anything
 * else is a misconfigured proxy or an attack, and following it would hand
 * the next host the request's headers (`X-Api-Key`, ...) and body (the token
 * request's password and client secret).
 */
const redirectTarget = (
  from: string,
  location: string
): Either.Either<URL, { readonly location: string; readonly detail: string }> => {
  let source: URL
  let target: URL
  try {
    source = new URL(from)
    target = new URL(location, source)
  } catch {
    // shown as sent, less any fragment and user info
    const shown = (location.split("#")[0] ?? "").replace(/\/\/[^/?]*@/, "//")
    return Either.left({ location: Url.mask(shown), detail: "the Location is not a URL" })
  }
  if (target.origin === source.origin && target.origin !== "null") return Either.right(target)
  return Either.left({
    location: shownLocation(target),
    detail: source.protocol === "https:" && target.protocol === "http:"
      ? "a redirect from https to http is never followed; nothing was sent there"
      : "a redirect to another origin is never followed; nothing was sent there"
  })
}

/** The request a redirect asks for: 303, and 301/302 after a POST, become a GET without a body. */
const follow = (sent: Transport.Request, status: number, target: URL): Transport.Request => {
  if (status === 303 || ((status === 301 || status === 302) && sent.method === "POST")) {
    const { "content-type": _, ...headers } = sent.headers
    return { method: "GET", url: target.href, headers, body: undefined }
  }
  return { ...sent, url: target.href }
}

/**
 * Sends through `send`, following redirects within the request's origin
 * only; any other fails with `RedirectRefused` before anything is sent to
 * its Location.
 * @internal
 */
export const following = <E>(
  send: (request: Transport.Request) => Effect.Effect<Transport.Response, E>
) =>
(request: Transport.Request): Effect.Effect<Transport.Response, E | RedirectRefused> => {
  const loop = (sent: Transport.Request, hops: number): Effect.Effect<Transport.Response, E | RedirectRefused> =>
    Effect.flatMap(send(sent), (response) => {
      const location = response.headers["location"]
      if (!redirectStatuses.has(response.status) || location === undefined || hops >= maxRedirects) {
        return Effect.succeed(response)
      }
      const target = redirectTarget(sent.url, location)
      if (Either.isLeft(target)) {
        return Effect.fail(
          new RedirectRefused({ status: response.status, method: sent.method, url: Url.mask(sent.url), ...target.left })
        )
      }
      return loop(follow(sent, response.status, target.right), hops + 1)
    })
  return loop(request, 0)
}
