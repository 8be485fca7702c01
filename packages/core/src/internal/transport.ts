import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { RedirectRefused } from "../OrderCloudError.js"
import * as Tunnel from "./tunnel.js"
import * as Url from "./url.js"

const maxRedirects = 5
const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])
const bodylessStatuses: ReadonlySet<number> = new Set([101, 204, 205, 304])

/**
 * Reads the whole body before the response leaves the transport, so a
 * stalled or cut body is an attempt's failure (seen by the deadline, retry
 * and logging) rather than a hang while decoding later.
 */
const buffered = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect, request) =>
    Effect.flatMap(effect, (response) =>
      response.arrayBuffer.pipe(
        Effect.mapError((error) =>
          new HttpClientError.RequestError({ request, reason: "Transport", cause: error.cause })
        ),
        Effect.map((bytes) =>
          HttpClientResponse.fromWeb(
            response.request,
            new Response(bodylessStatuses.has(response.status) || bytes.byteLength === 0 ? null : bytes, {
              status: response.status,
              headers: response.headers
            })
          )
        )
      )))

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

/**
 * Follows redirects itself (fetch is told not to), within the request's
 * origin only; any other redirect fails with `RedirectRefused` before
 * anything is sent to its Location.
 */
const redirecting = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect, request) => {
    const loop = (
      current: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>,
      sent: HttpClientRequest.HttpClientRequest,
      hops: number
    ): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
      Effect.flatMap(current, (response) => {
        const location = response.headers["location"]
        if (!redirectStatuses.has(response.status) || location === undefined || hops >= maxRedirects) {
          return Effect.succeed(response)
        }
        const target = redirectTarget(sent.url, location)
        if (Either.isLeft(target)) {
          return Effect.fail(Tunnel.fail(
            sent,
            new RedirectRefused({
              status: response.status,
              method: sent.method,
              url: Url.mask(sent.url),
              ...target.left
            })
          ))
        }
        let next = HttpClientRequest.setUrl(sent, target.right.toString())
        if (
          response.status === 303 || ((response.status === 301 || response.status === 302) && sent.method === "POST")
        ) {
          next = HttpClientRequest.setMethod(HttpClientRequest.setBody(next, HttpBody.empty), "GET")
        }
        return loop(client.execute(next), next, hops + 1)
      })
    return loop(effect, request, 0)
  })

const noFetchRedirects = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(
    client,
    (effect) =>
      Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
        Effect.provideService(effect, FetchHttpClient.RequestInit, {
          ...(init._tag === "Some" ? init.value : {}),
          redirect: "manual"
        }))
  )

/**
 * What sits under the plugins: the user's HttpClient with redirects handled
 * by us and bodies read in full.
 * @internal
 */
export const wrap = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  buffered(redirecting(noFetchRedirects(client)))
