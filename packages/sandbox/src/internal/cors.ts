/**
 * Cross-origin calls, as OrderCloud answers them (CONVENTIONS §1):
 * storefront pages on any origin call the API and the token endpoint
 * directly, with the token in `Authorization` and never a cookie.
 *
 * - A preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered
 *   `204` before anything else: no token, no route lookup.
 * - Every other answer, errors included, carries
 *   `Access-Control-Allow-Origin: *`, so a page can read the OrderCloud
 *   error body, and exposes the response headers the client reads.
 *
 * The lists are fixed, not echoed from the request: a header the browser
 * asks for that is not listed (a tracing header, say) is refused by the
 * browser, as it would be by a server that allows only these.
 * @internal
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"

/** The API's methods. @internal */
export const allowedMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const

/**
 * The request headers a page may send beyond the CORS-safelisted ones:
 * the token and the JSON or form body's type (`Accept` is listed for
 * values the browser does not safelist).
 * @internal
 */
export const allowedHeaders = ["Authorization", "Content-Type", "Accept"] as const

/**
 * The response headers a page may read beyond the safelisted ones: a
 * create's `Location` and a throttled answer's `Retry-After`.
 * @internal
 */
export const exposedHeaders = ["Location", "Retry-After"] as const

const onEveryAnswer = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": exposedHeaders.join(", ")
}

const onPreflight = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": allowedMethods.join(", "),
  "access-control-allow-headers": allowedHeaders.join(", ")
}

/** A CORS preflight: an `OPTIONS` asking whether a method may be used. */
const isPreflight = (request: HttpServerRequest.HttpServerRequest): boolean =>
  request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined

/**
 * Answers preflights and adds the CORS headers to every other answer of
 * `app`.
 * @internal
 */
export const wrap = <E, R>(
  app: HttpApp.HttpApp<HttpServerResponse.HttpServerResponse, E, R>
): HttpApp.HttpApp<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
    isPreflight(request)
      ? Effect.succeed(HttpServerResponse.setHeaders(HttpServerResponse.empty({ status: 204 }), onPreflight))
      : Effect.map(app, HttpServerResponse.setHeaders(onEveryAnswer)))
