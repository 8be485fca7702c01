/**
 * Cross-origin calls (CONVENTIONS §1): a storefront page on any origin
 * calls `/v1` and `/oauth` directly. Preflights are answered without a
 * token; every other answer, errors included, lets any origin read it.
 * Run in-process (the app's web handler) and over a loopback socket.
 */
import * as HttpApp from "@effect/platform/HttpApp"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import * as Server from "../src/Server.js"
import { socketTimeout } from "./utils/modes.js"

const origin = "http://shop.example.test:5173"

/** What a browser checks in an answer. */
interface Seen {
  readonly status: number
  readonly allowOrigin: string | null
  readonly allowMethods: string | null
  readonly allowHeaders: string | null
  readonly exposeHeaders: string | null
  readonly allowCredentials: string | null
  /** The first `ErrorCode` of an OrderCloud error body, if any. */
  readonly errorCode: string | undefined
}

const seen = async (response: Response): Promise<Seen> => {
  const text = await response.text()
  let errorCode: string | undefined
  try {
    errorCode = JSON.parse(text)?.Errors?.[0]?.ErrorCode
  } catch {
    errorCode = undefined
  }
  return {
    status: response.status,
    allowOrigin: response.headers.get("access-control-allow-origin"),
    allowMethods: response.headers.get("access-control-allow-methods"),
    allowHeaders: response.headers.get("access-control-allow-headers"),
    exposeHeaders: response.headers.get("access-control-expose-headers"),
    allowCredentials: response.headers.get("access-control-allow-credentials"),
    errorCode
  }
}

type Send = (path: string, init: RequestInit) => Promise<Response>

const preflight = (method: string, headers: string): RequestInit => ({
  method: "OPTIONS",
  headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers }
})

const preflightAnswer = {
  status: 204,
  allowOrigin: "*",
  allowMethods: "GET, POST, PUT, PATCH, DELETE",
  allowHeaders: "Authorization, Content-Type, Accept",
  exposeHeaders: null,
  allowCredentials: null,
  errorCode: undefined
} satisfies Seen

const answer = (status: number, errorCode?: string): Seen => ({
  status,
  allowOrigin: "*",
  allowMethods: null,
  allowHeaders: null,
  exposeHeaders: "Location, Retry-After",
  allowCredentials: null,
  errorCode
})

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { origin, "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString()
})

const sellerToken = async (send: Send): Promise<string> => {
  const response = await send(
    "/oauth/token",
    form({
      grant_type: "client_credentials",
      client_id: Seed.adminClientID,
      client_secret: Seed.adminClientSecret,
      scope: "FullAccess"
    })
  )
  return (await response.json()).access_token
}

/** [what, path, request (given a seller token), what the browser sees] */
const table: ReadonlyArray<readonly [string, string, (token: string) => RequestInit, Seen]> = [
  ["preflight of a list, no token", "/v1/products", () => preflight("GET", "authorization"), preflightAnswer],
  [
    "preflight of a JSON create",
    "/v1/products",
    () => preflight("POST", "authorization, content-type"),
    preflightAnswer
  ],
  [
    "preflight of a PATCH on one object",
    "/v1/products/mug-02",
    () => preflight("PATCH", "authorization, content-type"),
    preflightAnswer
  ],
  ["preflight of a DELETE", "/v1/me/orders/o1", () => preflight("DELETE", "authorization"), preflightAnswer],
  ["preflight of the token request", "/oauth/token", () => preflight("POST", "content-type"), preflightAnswer],
  ["preflight with a bearer that is not a token", "/v1/me", () => ({
    ...preflight("GET", "authorization"),
    headers: { ...preflight("GET", "authorization").headers, authorization: "Bearer nonsense" }
  }), preflightAnswer],
  ["preflight of a path with no route", "/v1/nothing-here", () => preflight("GET", "authorization"), preflightAnswer],
  [
    "an OPTIONS that is not a preflight is a request like any",
    "/v1/products",
    () => ({ method: "OPTIONS", headers: { origin } }),
    answer(405, "MethodNotAllowed")
  ],
  [
    "a list with a token",
    "/v1/products",
    (token) => ({ headers: { origin, authorization: `Bearer ${token}` } }),
    answer(200)
  ],
  ["a create", "/v1/products", (token) => ({
    method: "POST",
    headers: { origin, authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ ID: "cors-1", Name: "Cors" })
  }), answer(201)],
  [
    "a call with no token: the 401 body is readable",
    "/v1/me",
    () => ({ headers: { origin } }),
    answer(401, "InvalidToken")
  ],
  [
    "a missing object: the 404 body is readable",
    "/v1/products/none",
    (token) => ({ headers: { origin, authorization: `Bearer ${token}` } }),
    answer(404, "NotFound")
  ],
  [
    "a wrong method: the 405 body is readable",
    "/v1/products/mug-02",
    (token) => ({ method: "POST", headers: { origin, authorization: `Bearer ${token}` } }),
    answer(405, "MethodNotAllowed")
  ],
  [
    "a token request",
    "/oauth/token",
    () => form({ grant_type: "client_credentials", client_id: Seed.storefrontClientID, scope: "Shopper" }),
    answer(200)
  ],
  [
    "a refused token request: the 400 body is readable",
    "/oauth/token",
    () => form({ grant_type: "password", client_id: Seed.storefrontClientID, username: "nobody", password: "x" }),
    answer(400, "InvalidCredentials")
  ],
  [
    "a request with no Origin gets the same headers",
    "/v1/products",
    (token) => ({ headers: { authorization: `Bearer ${token}` } }),
    answer(200)
  ]
]

const runTable = (send: Send) =>
  Effect.promise(async () => {
    const token = await sellerToken(send)
    for (const [what, path, init, expected] of table) {
      const actual = await seen(await send(path, init(token)))
      assert.deepStrictEqual(actual, expected, what)
    }
  })

describe("CORS", () => {
  it.effect("in-process: preflights and actual requests", () =>
    Effect.gen(function*() {
      const sandbox = yield* Sandbox.make()
      const handler = HttpApp.toWebHandler(sandbox.app)
      yield* runTable((path, init) => handler(new Request(`${sandbox.baseUrl}${path}`, init)))
    }))

  it.live("port mode: preflights and actual requests over a socket", () =>
    Effect.gen(function*() {
      const { url } = yield* Server.SandboxServer
      yield* runTable((path, init) => fetch(`${url}${path}`, init))
    }).pipe(Effect.provide(Server.layer())), socketTimeout)
})
