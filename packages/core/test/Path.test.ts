import { assert, describe, it, layer } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Path from "../src/internal/path.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import type { InvalidRequest } from "../src/OrderCloudError.js"
import { clientLayer, json, type Server, server } from "./utils/server.js"

/** A template compiled, then filled: what a call does with its operation's path. */
const build = (template: string, params: Readonly<Record<string, string>>) =>
  Either.flatMap(Path.compile(template), (compiled) => Path.fill(compiled, params))

const getProduct = OrderCloudClient.operation({
  id: "Products.Get",
  method: "GET",
  path: "/products/{productID}",
  body: undefined,
  response: Schema.Unknown
})

const getUser = OrderCloudClient.operation({
  id: "Users.Get",
  method: "GET",
  path: "/buyers/{buyerID}/users/{userID}",
  body: undefined,
  response: Schema.Unknown
})

const listProducts = OrderCloudClient.operation({
  id: "Products.List",
  method: "GET",
  path: "/products",
  queryParams: ["catalogID", "categoryID"],
  body: undefined,
  response: Schema.Unknown
})

const ok = () => server(() => json(200, {}))

/** Any ID but the dot segments, which are refused. */
const otherId = FastCheck.string({ unit: "binary", minLength: 1, maxLength: 20 }).filter((id) =>
  id !== "." && id !== ".."
)

const pathnameOf = (srv: Server): string => {
  const recorded = srv.requests[0]
  if (recorded === undefined) return assert.fail("the server received no request")
  return new URL(recorded.url).pathname
}

const assertRefused = (
  result: Either.Either<unknown, { readonly _tag: string }>,
  reason: InvalidRequest["reason"]
) => {
  if (Either.isRight(result)) return assert.fail("expected InvalidRequest, the call succeeded")
  const error = result.left
  if (error._tag !== "InvalidRequest") return assert.fail(`expected InvalidRequest, got ${error._tag}`)
  assert.strictEqual((error as InvalidRequest).reason, reason)
  return error as InvalidRequest
}

describe("Path.compile and Path.fill", () => {
  const encoded: ReadonlyArray<readonly [string, string]> = [
    ["p1", "/products/p1"],
    ["a/b", "/products/a%2Fb"],
    ["a?b", "/products/a%3Fb"],
    ["a#b", "/products/a%23b"],
    ["100%", "/products/100%25"],
    ["%2e%2e", "/products/%252e%252e"],
    ["a b", "/products/a%20b"],
    ["a\\b", "/products/a%5Cb"],
    ["a..b", "/products/a..b"],
    ["...", "/products/..."],
    [".a", "/products/.a"],
    ["a.", "/products/a."],
    ["{userID}", "/products/%7BuserID%7D"],
    ["größe-👕", "/products/gr%C3%B6%C3%9Fe-%F0%9F%91%95"],
    ["a-b_c.d~e!f*g'h(i)", "/products/a-b_c.d~e!f*g'h(i)"]
  ]
  for (const [id, path] of encoded) {
    it(`encodes ${JSON.stringify(id)} as one segment: ${path}`, () => {
      assert.deepStrictEqual(build("/products/{productID}", { productID: id }), Either.right(path))
    })
  }

  it("fills every placeholder, once each, without substituting inside values", () => {
    assert.deepStrictEqual(
      build("/buyers/{buyerID}/users/{userID}", { buyerID: "{userID}", userID: "u/1" }),
      Either.right("/buyers/%7BuserID%7D/users/u%2F1")
    )
  })

  const refusedParams: ReadonlyArray<readonly [string, string, Readonly<Record<string, string>>]> = [
    ["an empty value", "/products/{productID}", { productID: "" }],
    ["the dot segment .", "/products/{productID}", { productID: "." }],
    ["the dot segment ..", "/products/{productID}", { productID: ".." }],
    ["a missing parameter", "/products/{productID}", {}],
    ["a missing parameter named after an Object.prototype member", "/x/{constructor}", {}],
    ["a value that is not a string", "/products/{productID}", { productID: 5 as unknown as string }],
    ["a lone UTF-16 surrogate", "/products/{productID}", { productID: "a\uD800" }]
  ]
  for (const [name, template, params] of refusedParams) {
    it(`refuses ${name} with reason PathParameter`, () => {
      assertRefused(build(template, params), "PathParameter")
    })
  }

  const templates: ReadonlyArray<readonly [string, string]> = [
    ["an absolute URL", "https://evil.example/products"],
    ["a protocol-relative URL", "//evil.example/products"],
    ["a path without a leading slash", "products/{productID}"],
    ["an empty template", ""],
    ["a query", "/products?x=1"],
    ["a fragment", "/products#x"],
    ["a backslash", "/\\evil.example/products"],
    ["a colon", "/products/a:b"],
    ["a dot-dot segment", "/products/../apiclients"],
    ["a dot segment", "/./products"]
  ]
  for (const [name, template] of templates) {
    it(`refuses a template with ${name} (reason Url)`, () => {
      assertRefused(Path.checkTemplate(template), "Url")
      assertRefused(build(template, { productID: "p" }), "Url")
    })
  }

  it.prop(
    "any other ID builds one segment that decodes back to itself",
    [otherId],
    ([id]) => {
      const path = build("/products/{productID}", { productID: id })
      if (Either.isLeft(path)) return assert.fail(`refused ${JSON.stringify(id)}: ${path.left.message}`)
      const segments = path.right.split("/")
      assert.deepStrictEqual(segments.slice(0, 2), ["", "products"])
      assert.strictEqual(segments.length, 3)
      assert.strictEqual(decodeURIComponent(segments[2]!), id)
    },
    { fastCheck: { numRuns: 1000 } }
  )

  it("accepts templates relative to the API root", () => {
    for (const template of ["/", "/me", "/products/{productID}", "/buyers/{buyerID}/users/{userID}"]) {
      assert.deepStrictEqual(Path.checkTemplate(template), Either.right(template))
    }
  })
})

describe("path parameters through the client", () => {
  const ids = ["a/b", "a?b=c", "a#b", "100%", "%2e%2e", "a b", "a..b", "...", "größe👕", "a\\b", "a\r\nb"]
  for (const id of ids) {
    it.effect(`${JSON.stringify(id)} reaches the server as one segment of /v1/products`, () => {
      const srv = ok()
      return Effect.gen(function*() {
        yield* OrderCloudClient.execute(getProduct, { path: { productID: id } })
        assert.strictEqual(srv.requests.length, 1)
        const pathname = pathnameOf(srv)
        assert.strictEqual(pathname, `/v1/products/${encodeURIComponent(id)}`)
        const segments = pathname.split("/")
        assert.strictEqual(segments.length, 4)
        assert.strictEqual(decodeURIComponent(segments[3]!), id)
        assert.strictEqual(new URL(srv.requests[0]!.url).search, "")
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }

  it.effect("two parameters land in their own segments", () => {
    const srv = ok()
    return Effect.gen(function*() {
      yield* OrderCloudClient.execute(getUser, { path: { buyerID: "b/1", userID: ".." + "x" } })
      assert.strictEqual(pathnameOf(srv), "/v1/buyers/b%2F1/users/..x")
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  for (const id of ["", ".", "..", "\uDC00"]) {
    it.effect(`${JSON.stringify(id)} fails with InvalidRequest (PathParameter) and sends nothing`, () => {
      const srv = ok()
      return Effect.gen(function*() {
        const result = yield* Effect.either(OrderCloudClient.execute(getProduct, { path: { productID: id } }))
        assertRefused(result, "PathParameter")
        assert.strictEqual(srv.requests.length, 0)
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }

  it.effect("a missing path parameter fails and sends nothing", () => {
    const srv = ok()
    return Effect.gen(function*() {
      const result = yield* Effect.either(OrderCloudClient.execute(getUser, { path: { buyerID: "b" } }))
      assertRefused(result, "PathParameter")
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  // The encoding itself is the pure property of Path.build above; through
  // the client (one for every run), it reaches the server unchanged.
  const shared = ok()
  layer(clientLayer(shared))((it) => {
    it.effect.prop(
      "any other ID is the last segment of the path and decodes back to itself",
      [otherId],
      ([id]) =>
        Effect.gen(function*() {
          const before = shared.requests.length
          yield* OrderCloudClient.execute(getProduct, { path: { productID: id } })
          assert.strictEqual(shared.requests.length, before + 1)
          const segments = new URL(shared.requests[before]!.url).pathname.split("/")
          assert.deepStrictEqual(segments.slice(0, 3), ["", "v1", "products"])
          assert.strictEqual(segments.length, 4)
          assert.strictEqual(decodeURIComponent(segments[3]!), id)
        }),
      { fastCheck: { numRuns: 20 } }
    )
  })
})

describe("operation templates through the client", () => {
  const templates = ["https://evil.example/x", "//evil.example/x", "/x?admin=1", "/x#f", "/\\evil.example", "/a:b", "x"]
  for (const template of templates) {
    it.effect(`the template ${JSON.stringify(template)} fails with InvalidRequest (Url) and sends nothing`, () => {
      const srv = ok()
      const op = OrderCloudClient.operation({
        id: "Bad",
        method: "GET",
        path: template,
        body: undefined,
        response: undefined
      })
      return Effect.gen(function*() {
        const result = yield* Effect.either(OrderCloudClient.execute(op))
        assertRefused(result, "Url")
        assert.strictEqual(srv.requests.length, 0)
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }
})

describe("headers", () => {
  it.effect("a valid extra header is sent, next to the session's Authorization", () => {
    const srv = ok()
    return Effect.gen(function*() {
      yield* OrderCloudClient.execute(getProduct, {
        path: { productID: "p" },
        headers: { "X-Request-Id": "abc 123\tdef é" }
      })
      assert.strictEqual(srv.requests[0]?.headers.get("x-request-id"), "abc 123\tdef é")
      assert.strictEqual(srv.requests[0]?.headers.get("authorization"), "Bearer test-access-token")
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  const refused: ReadonlyArray<readonly [string, Readonly<Record<string, string>>]> = [
    ["a value with CR LF (header injection)", { "X-Note": "a\r\nX-Injected: 1" }],
    ["a value with a lone CR", { "X-Note": "a\rb" }],
    ["a value with a lone LF", { "X-Note": "a\nb" }],
    ["a value with NUL", { "X-Note": "a\0b" }],
    ["a value with another control character", { "X-Note": "a\u0007b" }],
    ["a value with a character above 0xFF", { "X-Note": "shirt 👕" }],
    ["a name with a space", { "X Note": "a" }],
    ["a name with a colon", { "X-Note:": "a" }],
    ["a name with CR LF", { "X-Note\r\nX-Injected": "a" }],
    ["an empty name", { "": "a" }],
    ["an Authorization header", { Authorization: "Bearer stolen" }],
    ["an authorization header in lower case", { authorization: "Bearer stolen" }],
    ["an AUTHORIZATION header in upper case", { AUTHORIZATION: "Bearer stolen" }]
  ]
  for (const [name, headers] of refused) {
    it.effect(`${name} fails with InvalidRequest (Header) and sends nothing`, () => {
      const srv = ok()
      return Effect.gen(function*() {
        const result = yield* Effect.either(OrderCloudClient.execute(getProduct, { path: { productID: "p" }, headers }))
        assertRefused(result, "Header")
        assert.strictEqual(srv.requests.length, 0)
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }
})

describe("headers fetch sets itself", () => {
  // The Fetch standard's forbidden request-header names: a browser drops them
  // silently, Node's fetch fails on some (retried as transport failures).
  const forbidden: ReadonlyArray<readonly [string, string]> = [
    ["Accept-Charset", "utf-8"],
    ["Accept-Encoding", "gzip"],
    ["Access-Control-Request-Headers", "x-api-key"],
    ["Access-Control-Request-Method", "POST"],
    ["Connection", "close"],
    ["Content-Length", "0"],
    ["Cookie", "session=1"],
    ["Cookie2", "$Version=1"],
    ["Date", "Tue, 01 Dec 2026 10:00:00 GMT"],
    ["DNT", "1"],
    ["Expect", "100-continue"],
    ["Host", "api.test.example"],
    ["Keep-Alive", "timeout=5"],
    ["Origin", "https://shop.example"],
    ["Permissions-Policy", "geolocation=()"],
    ["Referer", "https://shop.example/"],
    ["Set-Cookie", "a=1"],
    ["TE", "trailers"],
    ["Trailer", "Expires"],
    ["Transfer-Encoding", "chunked"],
    ["transfer-encoding", "chunked"],
    ["Upgrade", "websocket"],
    ["Via", "1.1 proxy"],
    ["Proxy-Authorization", "Basic eDp5"],
    ["Proxy-Connection", "keep-alive"],
    ["Sec-Fetch-Mode", "cors"],
    ["SEC-CH-UA", "x"],
    ["X-HTTP-Method", "TRACE"],
    ["X-HTTP-Method-Override", "connect"],
    ["X-Method-Override", "GET, TRACK"]
  ]
  for (const [name, value] of forbidden) {
    it.effect(`${name}: ${value} fails with InvalidRequest (Header) naming it, and sends nothing`, () => {
      const srv = ok()
      return Effect.gen(function*() {
        const result = yield* Effect.either(
          OrderCloudClient.execute(getProduct, {
            path: { productID: "p" },
            headers: { "X-Api-Key": "k", [name]: value }
          })
        )
        assert.include(assertRefused(result, "Header").detail, `"${name}"`)
        assert.strictEqual(srv.requests.length, 0)
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }

  const allowed: ReadonlyArray<readonly [string, string]> = [
    ["X-Api-Key", "k"],
    ["X-HTTP-Method-Override", "PATCH"],
    ["Secret-Code", "1"],
    ["Proxied", "no"],
    ["Accept-Language", "fr"],
    ["User-Agent", "my-app/1.0"]
  ]
  for (const [name, value] of allowed) {
    it.effect(`${name}: ${value} is sent`, () => {
      const srv = ok()
      return Effect.gen(function*() {
        yield* OrderCloudClient.execute(getProduct, { path: { productID: "p" }, headers: { [name]: value } })
        assert.strictEqual(srv.requests[0]?.headers.get(name), value)
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }
})

describe("list options with operation query parameters", () => {
  it.effect("list options, filters and the operation's own parameters are all sent, each once", () => {
    const srv = ok()
    return Effect.gen(function*() {
      yield* OrderCloudClient.execute(listProducts, {
        query: { catalogID: "c 1", categoryID: undefined },
        list: { page: 2, sortBy: ["!Name", "ID"], filters: { Name: "a&catalogID=evil", xp: { Color: "red|blue" } } }
      })
      const url = new URL(srv.requests[0]!.url)
      assert.strictEqual(url.pathname, "/v1/products")
      assert.deepStrictEqual([...url.searchParams], [
        ["sortBy", "!Name,ID"],
        ["page", "2"],
        ["Name", "a&catalogID=evil"],
        ["xp.Color", "red|blue"],
        ["catalogID", "c 1"]
      ])
      assert.deepStrictEqual(url.searchParams.getAll("catalogID"), ["c 1"])
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  const shadowing: ReadonlyArray<readonly [string, OrderCloudClient.Input<never>]> = [
    ["a declared query parameter", { list: { filters: { catalogID: "other" } } }],
    ["a declared query parameter that is not given", {
      query: { catalogID: "c" },
      list: { filters: { categoryID: "x" } }
    }],
    ["a query parameter given in the input", { query: { depth: "all" }, list: { filters: { depth: "1" } } }],
    ["a list option name", { list: { filters: { pageSize: "100" } } }]
  ]
  for (const [name, input] of shadowing) {
    it.effect(`a filter named like ${name} fails with InvalidRequest (Query) and sends nothing`, () => {
      const srv = ok()
      return Effect.gen(function*() {
        const result = yield* Effect.either(OrderCloudClient.execute(listProducts, input))
        assertRefused(result, "Query")
        assert.strictEqual(srv.requests.length, 0)
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }

  it.effect("a list option also given as a query parameter fails with InvalidRequest (Query) and sends nothing", () => {
    const srv = ok()
    return Effect.gen(function*() {
      const result = yield* Effect.either(
        OrderCloudClient.execute(listProducts, { query: { page: 2 }, list: { page: 3 } })
      )
      assertRefused(result, "Query")
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("an invalid list option fails with InvalidRequest (Query) and sends nothing", () => {
    const srv = ok()
    return Effect.gen(function*() {
      const result = yield* Effect.either(OrderCloudClient.execute(listProducts, { list: { pageSize: 500 } }))
      assertRefused(result, "Query")
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("a null operation query parameter fails with InvalidRequest (Query) and sends nothing", () => {
    const srv = ok()
    return Effect.gen(function*() {
      const result = yield* Effect.either(
        OrderCloudClient.execute(listProducts, { query: { catalogID: null as unknown as string } })
      )
      assertRefused(result, "Query")
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv)))
  })
})
