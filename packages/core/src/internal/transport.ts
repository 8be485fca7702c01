import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"

const maxRedirects = 5
const bodylessStatuses: ReadonlySet<number> = new Set([101, 204, 205, 304])

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/**
 * Reads the whole body before the response leaves the transport, so a
 * stalled or cut body is an attempt's failure (seen by the deadline, retry
 * and logging) rather than a hang while decoding later.
 */
const buffered = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect, request) =>
    Effect.flatMap(effect, (response) =>
      response.arrayBuffer.pipe(
        Effect.mapError((error) => new HttpClientError.RequestError({ request, reason: "Transport", cause: error.cause })),
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

/**
 * The request without its Authorization header. `setHeaders` and `modify`
 * only merge headers, so the request is rebuilt from an empty one.
 */
const withoutAuthorization = (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest => {
  const rebuilt = HttpClientRequest.make(request.method)(request.url).pipe(
    HttpClientRequest.setHeaders(Headers.remove(request.headers, "authorization")),
    HttpClientRequest.setUrlParams(request.urlParams),
    HttpClientRequest.setBody(request.body)
  )
  return request.hash._tag === "Some" ? HttpClientRequest.setHash(rebuilt, request.hash.value) : rebuilt
}

/**
 * Follows redirects itself (fetch is told not to), dropping the
 * Authorization header when the next hop is another origin.
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
        if (response.status < 300 || response.status >= 400 || location === undefined || hops >= maxRedirects) {
          return Effect.succeed(response)
        }
        let target: URL
        try {
          target = new URL(location, sent.url)
        } catch {
          return Effect.succeed(response)
        }
        if (target.protocol !== "https:" && target.protocol !== "http:") return Effect.succeed(response)
        let next = HttpClientRequest.setUrl(sent, target.toString())
        if (originOf(sent.url) !== target.origin) next = withoutAuthorization(next)
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && sent.method === "POST")) {
          next = HttpClientRequest.setMethod(HttpClientRequest.setBody(next, HttpBody.empty), "GET")
        }
        return loop(client.execute(next), next, hops + 1)
      })
    return loop(effect, request, 0)
  })

const noFetchRedirects = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect) =>
    Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
      Effect.provideService(effect, FetchHttpClient.RequestInit, {
        ...(init._tag === "Some" ? init.value : {}),
        redirect: "manual"
      })))

/**
 * What sits under the plugins: the user's HttpClient with redirects handled
 * by us and bodies read in full.
 * @internal
 */
export const wrap = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  buffered(redirecting(noFetchRedirects(client)))
