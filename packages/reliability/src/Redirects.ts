/**
 * Redirects: the client follows a redirect only within the origin it called
 * and never from https to http; anything else fails with a typed error, so
 * neither credentials nor a request body ever reach another origin.
 *
 * @since 0.1.0
 */
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Transport from "@ordercloud-effect/core/Transport"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Targets from "./Targets.js"

const origin = "https://api.redirect.test"
const other = "https://other.redirect.test"
const token = "redirect-suite-token"

/** Where each path of the API origin redirects to, and with which status. */
const redirects: Readonly<Record<string, readonly [number, string]>> = {
  "/v1/products/same": [302, "/v1/products/target"],
  "/v1/products/cross": [302, `${other}/v1/products/target`],
  "/v1/products/downgrade": [301, "http://api.redirect.test/v1/products/target"],
  "/v1/products/protocol-relative": [302, "//other.redirect.test/v1/products/target"],
  "/v1/products/chain": [302, "/v1/products/cross"],
  "/v1/products/cross-307": [307, `${other}/v1/products/cross-307`],
  "/v1/products": [308, `${other}/v1/products`],
  "/v1/products/see-other": [303, `${other}/v1/products/target`]
}

interface Received {
  readonly url: URL
  readonly authorization: string | null
  readonly body: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Case {
  readonly name: string
  readonly call: Effect.Effect<
    unknown,
    OrderCloudError.OrderCloudError,
    OrderCloudClient.OrderCloudClient | CoreSession.Session
  >
  /** Whether the redirect stays within the origin and is to be followed. */
  readonly follow: boolean
}

/**
 * @since 0.1.0
 * @category constants
 */
export const cases: ReadonlyArray<Case> = [
  { name: "GET redirected within the origin", call: Products.get("same"), follow: true },
  { name: "GET redirected to another origin", call: Products.get("cross"), follow: false },
  { name: "GET redirected from https to http", call: Products.get("downgrade"), follow: false },
  { name: "GET redirected by a protocol-relative Location", call: Products.get("protocol-relative"), follow: false },
  { name: "GET redirected within the origin, then to another", call: Products.get("chain"), follow: false },
  {
    name: "PUT with a body, 307 to another origin",
    call: Products.save("cross-307", { ID: "cross-307", Name: "secret body" }),
    follow: false
  },
  {
    name: "POST with a body, 308 to another origin",
    call: Products.create({ ID: "p", Name: "secret body" }),
    follow: false
  },
  { name: "PATCH, 303 to another origin", call: Products.patch("see-other", { Name: "secret body" }), follow: false }
]

/**
 * @since 0.1.0
 * @category models
 */
export interface Verdict {
  readonly name: string
  readonly follow: boolean
  /** How the call ended: `Success` or the error's `_tag` (`Defect` for an untyped failure). */
  readonly outcome: string
  /** Requests that reached another origin or plain http. */
  readonly elsewhere: number
  /** ...of which carried the session's Authorization. */
  readonly credentialsElsewhere: number
  /** ...of which carried a body. */
  readonly bodiesElsewhere: number
  /** Requests within the origin that carried the Authorization. */
  readonly credentialsKept: number
  readonly requests: number
}

/**
 * Runs every case against an in-process server that redirects.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run: Effect.Effect<ReadonlyArray<Verdict>> = Effect.gen(function*() {
  const received: Array<Received> = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    received.push({ url, authorization: request.headers.get("authorization"), body: await request.text() })
    const redirect = url.origin === origin ? redirects[url.pathname] : undefined
    if (redirect !== undefined) return new Response(null, { status: redirect[0], headers: { location: redirect[1] } })
    return new Response(JSON.stringify({ ID: "target", Name: "target" }), {
      status: 200,
      headers: { "content-type": "application/json" }
    })
  }
  const http = Transport.layerFetch(fetch as typeof globalThis.fetch)
  const context = yield* Layer.build(
    Layer.merge(Targets.client({ baseUrl: origin, http }), CoreSession.layerToken(token))
  )
  const verdicts: Array<Verdict> = []
  for (const testCase of cases) {
    received.length = 0
    const exit = yield* Effect.exit(Effect.provide(testCase.call, context))
    const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
    const outcome = Exit.isSuccess(exit) ? "Success" : Option.isSome(failure) ? failure.value._tag : "Defect"
    const elsewhere = received.filter((request) => request.url.origin !== origin)
    verdicts.push({
      name: testCase.name,
      follow: testCase.follow,
      outcome,
      elsewhere: elsewhere.length,
      credentialsElsewhere: elsewhere.filter((request) => request.authorization !== null).length,
      bodiesElsewhere: elsewhere.filter((request) => request.body !== "").length,
      credentialsKept: received.filter((request) =>
        request.url.origin === origin && request.authorization === `Bearer ${token}`
      ).length,
      requests: received.length
    })
  }
  return verdicts
}).pipe(Effect.scoped)
