/**
 * Redirects: followed within the request's origin only. A redirect to
 * another origin, or from https to http, fails with `RedirectRefused` and
 * the other origin receives nothing: no request, no header, no body. It is
 * not retried, for API calls and the token request alike.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as HttpClientTransport from "../src/HttpClientTransport.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as OrderCloudConfig from "../src/OrderCloudConfig.js"
import type * as OrderCloudError from "../src/OrderCloudError.js"
import * as Retry from "../src/Retry.js"
import * as Session from "../src/Session.js"
import * as Transport from "../src/Transport.js"
import * as UndiciTransport from "../src/UndiciTransport.js"
import { runToEnd } from "./utils/clock.js"
import { getProduct, tokenRequest } from "./utils/operations.js"
import { baseUrl, clientLayer, json, server } from "./utils/server.js"

const User = Schema.Struct({ ID: Schema.String, Username: Schema.String })
const createUser = OrderCloudClient.operation({
  id: "Users.create",
  method: "POST",
  path: "/buyers/{buyerID}/users",
  // a create naming its ID is retried like a GET: proves the refusal is not
  create: true,
  body: Schema.Struct({ ID: Schema.String, Username: Schema.String, Password: Schema.String }),
  response: User
})

const redirectTo = (status: number, location: string) => new Response(null, { status, headers: { location } })
const okProduct = () => json(200, { ID: "p1", Name: "Shirt" })
const okUser = () => json(201, { ID: "u1", Username: "jo" })
const retry = Retry.middleware({ jitter: false, baseDelay: "10 millis", budget: false })

const getCall = OrderCloudClient.execute(getProduct, {
  path: { productID: "p1" },
  headers: { "X-Api-Key": "api-key-SECRET" }
})
const postCall = OrderCloudClient.execute(createUser, {
  path: { buyerID: "b1" },
  body: { ID: "u1", Username: "jo", Password: "password-SECRET" },
  headers: { "X-Api-Key": "api-key-SECRET" }
})

/** Runs a call to its end under the TestClock and returns its failure. */
const failure = <R>(call: Effect.Effect<unknown, OrderCloudError.OrderCloudError, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.flip(call))
    return yield* runToEnd(fiber)
  })

const asRefused = (error: OrderCloudError.OrderCloudError): OrderCloudError.RedirectRefused => {
  if (error._tag !== "RedirectRefused") {
    return assert.fail(`expected RedirectRefused, got ${error._tag}: ${error.message}`)
  }
  return error
}

const redirectStatuses = [301, 302, 303, 307, 308] as const

describe("redirects to another origin are refused", () => {
  const elsewhere: ReadonlyArray<readonly [name: string, location: string, shown: string, detail: RegExp]> = [
    [
      "another https origin",
      "https://cdn.elsewhere.example/v1/p1",
      "https://cdn.elsewhere.example/v1/p1",
      /another origin/
    ],
    ["http on the same host", "http://api.test.example/v1/p1", "http://api.test.example/v1/p1", /https to http/],
    ["http on another host", "http://plain.example/v1/p1", "http://plain.example/v1/p1", /https to http/],
    [
      "the same host on another port",
      "https://api.test.example:8443/v1/p1",
      "https://api.test.example:8443/v1/p1",
      /another origin/
    ],
    [
      "a scheme-relative location",
      "//cdn.elsewhere.example/v1/p1",
      "https://cdn.elsewhere.example/v1/p1",
      /another origin/
    ]
  ]
  for (const status of redirectStatuses) {
    for (const [name, location, shown, detail] of elsewhere) {
      it.effect(`a ${status} to ${name}: RedirectRefused, not retried, nothing sent there`, () => {
        const srv = server((request) =>
          new URL(request.url).origin === baseUrl ? redirectTo(status, location) : okProduct()
        )
        return Effect.gen(function*() {
          for (
            const [call, method, path] of [
              [getCall, "GET", "/v1/products/p1"],
              [postCall, "POST", "/v1/buyers/b1/users"]
            ] as const
          ) {
            const error = asRefused(yield* failure(call))
            assert.strictEqual(error.status, status)
            assert.strictEqual(error.method, method)
            assert.strictEqual(error.url, `${baseUrl}${path}`)
            assert.strictEqual(error.location, shown)
            assert.match(error.detail, detail)
            assert.include(error.message, shown)
          }
          // one request per call, both to the API's origin: none elsewhere, none retried
          assert.deepStrictEqual(srv.requests.map((r) => `${r.method} ${r.url}`), [
            `GET ${baseUrl}/v1/products/p1`,
            `POST ${baseUrl}/v1/buyers/b1/users`
          ])
        }).pipe(Effect.provide(clientLayer(srv, { middleware: [retry] })))
      })
    }
  }

  for (const status of [307, 308]) {
    it.effect(`a token request answered ${status} to another origin never re-sends its form body`, () => {
      const srv = server((request) =>
        new URL(request.url).origin === baseUrl
          ? redirectTo(status, "https://collector.example/oauth/token")
          : json(200, {})
      )
      const form = {
        grant_type: "password",
        client_id: "app",
        username: "jo",
        password: "password-SECRET",
        client_secret: "client-SECRET"
      }
      return Effect.gen(function*() {
        const error = asRefused(yield* failure(OrderCloudClient.execute(tokenRequest, { body: form })))
        assert.strictEqual(error.location, "https://collector.example/oauth/token")
        assert.deepStrictEqual(srv.requests.map((r) => `${r.method} ${r.url}`), [`POST ${baseUrl}/oauth/token`])
        assert.include(srv.requests[0]!.body, "client_secret=client-SECRET")
      }).pipe(Effect.provide(clientLayer(srv, { middleware: [retry] })))
    })
  }

  it.effect("the location is shown without credentials, fragment or sensitive query values", () => {
    const srv = server(() =>
      redirectTo(302, "https://user:pw-SECRET@evil.example/cb?anonUserToken=tok-SECRET&page=2#access_token=frag-SECRET")
    )
    return Effect.gen(function*() {
      const error = asRefused(yield* failure(getCall))
      assert.strictEqual(error.location, "https://evil.example/cb?anonUserToken=<redacted>&page=2")
      for (const text of [error.message, JSON.stringify(error), String(error)]) assert.notInclude(text, "SECRET")
      assert.strictEqual(srv.requests.length, 1)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("a Location that is not a URL is refused, shown without user info, fragment or sensitive values", () => {
    const srv = server(() => redirectTo(307, "https://user:pw-SECRET@[::1/v1/p1?token=tok-SECRET#frag-SECRET"))
    return Effect.gen(function*() {
      const error = asRefused(yield* failure(getCall))
      assert.match(error.detail, /not a URL/)
      assert.strictEqual(error.location, "https://[::1/v1/p1?token=<redacted>")
      assert.notInclude(error.message, "SECRET")
      assert.strictEqual(srv.requests.length, 1)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("can be handled with catchTag", () => {
    const srv = server(() => redirectTo(302, "https://evil.example/"))
    return Effect.gen(function*() {
      const handled = yield* getCall.pipe(
        Effect.as("followed"),
        Effect.catchTag("RedirectRefused", (error) => Effect.succeed(`refused ${error.location}`))
      )
      assert.strictEqual(handled, "refused https://evil.example/")
    }).pipe(Effect.provide(clientLayer(srv)))
  })
})

describe("redirects within the origin are followed", () => {
  for (const status of redirectStatuses) {
    it.effect(`a ${status} to the same origin keeps Authorization and the extra headers`, () => {
      const srv = server((_, index) => index === 0 ? redirectTo(status, "/v1/products/moved") : okProduct())
      return Effect.gen(function*() {
        const product = yield* getCall
        assert.deepStrictEqual(product, { ID: "p1", Name: "Shirt" })
        assert.deepStrictEqual(
          srv.requests.map((r) => [r.method, r.url, r.headers.get("authorization"), r.headers.get("x-api-key")]),
          [
            ["GET", `${baseUrl}/v1/products/p1`, "Bearer tok-123", "api-key-SECRET"],
            ["GET", `${baseUrl}/v1/products/moved`, "Bearer tok-123", "api-key-SECRET"]
          ]
        )
      }).pipe(Effect.provide(clientLayer(srv, { token: "tok-123" })))
    })
  }

  for (
    const [status, method, body] of [
      [301, "GET", ""],
      [302, "GET", ""],
      [303, "GET", ""],
      [307, "POST", "{\"ID\":\"u1\",\"Username\":\"jo\",\"Password\":\"password-SECRET\"}"],
      [308, "POST", "{\"ID\":\"u1\",\"Username\":\"jo\",\"Password\":\"password-SECRET\"}"]
    ] as const
  ) {
    it.effect(`a POST answered ${status} to the same origin is followed as ${method}`, () => {
      const srv = server((_, index) =>
        index === 0 ? redirectTo(status, `${baseUrl}/v1/buyers/b1/users/moved`) : okUser()
      )
      return Effect.gen(function*() {
        yield* postCall
        assert.strictEqual(srv.requests.length, 2)
        assert.strictEqual(srv.requests[1]!.method, method)
        assert.strictEqual(srv.requests[1]!.url, `${baseUrl}/v1/buyers/b1/users/moved`)
        assert.strictEqual(srv.requests[1]!.body, body)
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }

  it.effect("follows at most 5 hops, then fails with UnexpectedStatus for the last redirect", () => {
    const srv = server((_, index) => redirectTo(302, `/v1/products/hop${index + 1}`))
    return Effect.gen(function*() {
      const error = yield* Effect.flip(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      assert.strictEqual(error._tag, "UnexpectedStatus")
      assert.strictEqual((error as OrderCloudError.UnexpectedStatus).status, 302)
      assert.strictEqual(srv.requests.length, 6)
    }).pipe(Effect.provide(clientLayer(srv)))
  })
})

describe("over real sockets", () => {
  interface Loopback {
    readonly origin: string
    readonly received: Array<string>
  }

  /** A loopback HTTP server for the test's scope, recording each request line and its headers. */
  const loopback = (answer: (request: http.IncomingMessage, response: http.ServerResponse) => void) =>
    Effect.acquireRelease(
      Effect.async<{ readonly server: http.Server; readonly loopback: Loopback }>((resume) => {
        const received: Array<string> = []
        const instance = http.createServer((request, response) => {
          received.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)}`)
          request.resume()
          answer(request, response)
        })
        instance.listen(0, "127.0.0.1", () => {
          const { port } = instance.address() as AddressInfo
          resume(Effect.succeed({ server: instance, loopback: { origin: `http://127.0.0.1:${port}`, received } }))
        })
      }),
      ({ server }) =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    ).pipe(Effect.map(({ loopback }) => loopback))

  // Each transport must leave redirects to the client: none may follow one itself.
  const transports: ReadonlyArray<readonly [name: string, layer: Layer.Layer<Transport.Transport>]> = [
    ["the global fetch (default)", Transport.layer(Transport.globalFetch)],
    ["UndiciTransport", UndiciTransport.layer()],
    ["the platform's FetchHttpClient", HttpClientTransport.layer.pipe(Layer.provide(FetchHttpClient.layer))]
  ]

  for (const [transport, transportLayer] of transports) {
    for (const status of redirectStatuses) {
      it.scopedLive(
        `${transport}: a ${status} to another loopback port sends nothing there`,
        () =>
          Effect.gen(function*() {
            const other = yield* loopback((_, response) =>
              response.writeHead(200, { "content-type": "application/json" }).end("{}")
            )
            const api = yield* loopback((_, response) =>
              response.writeHead(status, { location: `${other.origin}/v1/p1` }).end()
            )
            const error = yield* Effect.flip(postCall).pipe(
              Effect.provide(Layer.mergeAll(
                OrderCloudClient.layer().pipe(
                  Layer.provide(OrderCloudConfig.layer({ baseUrl: api.origin, timeout: "30 seconds" })),
                  Layer.provide(transportLayer)
                ),
                Session.layerToken("tok-123")
              ))
            )
            assert.strictEqual(asRefused(error).location, `${other.origin}/v1/p1`)
            assert.strictEqual(api.received.length, 1)
            assert.deepStrictEqual(other.received, [])
          }),
        30_000
      )
    }
  }
})
