/**
 * Hostile input: path IDs, filters, query values, list options, headers and
 * bodies a user (or a user's user) can get wrong or craft. Each must be
 * either refused with a typed `InvalidRequest` and nothing sent, or arrive
 * at a loopback server as exactly the intended bytes: the request target
 * percent-encoded as OrderCloud reads it, the header value as given, the
 * body as the JSON of the value.
 *
 * @since 0.1.0
 */
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Transport from "@ordercloud-effect/core/Transport"
import * as LineItems from "@ordercloud-effect/resources/LineItems"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"
import { isDeepStrictEqual } from "node:util"
import * as Targets from "./Targets.js"

type Reason = OrderCloudError.InvalidRequest["reason"]

/** What a case must lead to. */
type Expect =
  | { readonly _tag: "Refused"; readonly reason: Reason }
  | {
    readonly _tag: "Sent"
    readonly method: string
    /** The request target exactly as it must arrive (path and query). */
    readonly target: string
    /** The query as the server parses it, in order. */
    readonly query?: ReadonlyArray<readonly [string, string]> | undefined
    /** The JSON value the body must parse to. */
    readonly body?: unknown
    /** A header that must arrive with exactly this value. */
    readonly header?: readonly [string, string] | undefined
  }

/**
 * @since 0.1.0
 * @category models
 */
export interface Case {
  readonly group: "path" | "filter" | "query" | "list options" | "header" | "body"
  readonly name: string
  readonly call: Effect.Effect<
    unknown,
    OrderCloudError.OrderCloudError,
    OrderCloudClient.OrderCloudClient | CoreSession.Session
  >
  readonly expect: Expect
}

const show = (value: unknown): string => {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** Strings that have broken URL builders, parsers and logs. */
const nasty: ReadonlyArray<string> = [
  "a/b",
  "a?b",
  "a#b",
  "a%2Fb",
  "%2e%2e",
  "%2e",
  "...",
  " ",
  "a b",
  "a+b",
  "a&b=c",
  "a=b",
  "a;b",
  "a,b",
  "a\\b",
  "a:b",
  "a@b",
  "~user",
  "'",
  "\"",
  "<script>",
  "${x}",
  "é",
  "日本",
  "🙂",
  "\u200b",
  "\ufeff",
  "a\u0000b",
  "\r\n",
  "a\r\nHost: evil",
  "..%2f",
  "/..",
  "../x",
  "x/..",
  "//evil.example",
  "http://evil.example",
  "?",
  "#",
  "%",
  "%%",
  "%zz",
  "x".repeat(2000),
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "\t",
  "\u007f",
  "\u0085",
  "\u2028",
  "*",
  "!",
  "!*",
  "a|b",
  ">10",
  "<=5"
]

/** Strings that cannot become a path segment or a query value. */
const unencodable: ReadonlyArray<string> = ["\ud800", "a\udc00b", "\udbff\ud800"]

/** Every ASCII character between two letters. */
const ascii: ReadonlyArray<string> = Array.from({ length: 128 }, (_, code) => `a${String.fromCharCode(code)}b`)

const encode = encodeURIComponent

/**
 * The target as a WHATWG URL puts it on the wire: `encodeURIComponent`
 * output, with the few characters the URL parser escapes further in a
 * query (`'` becomes `%27`).
 */
const wire = (target: string): string => {
  const url = new URL(target, "http://loopback")
  return `${url.pathname}${url.search}`
}

const sentGet = (target: string, query?: ReadonlyArray<readonly [string, string]>): Expect => ({
  _tag: "Sent",
  method: "GET",
  target: wire(target),
  query
})
const refused = (reason: Reason): Expect => ({ _tag: "Refused", reason })

const pathCases = (): Array<Case> => [
  ...[...nasty, ...ascii].map((id): Case => ({
    group: "path",
    name: `Products.get(${show(id)})`,
    call: Products.get(id),
    expect: sentGet(`/v1/products/${encode(id)}`)
  })),
  ...["", ".", "..", ...unencodable].map((id): Case => ({
    group: "path",
    name: `Products.get(${show(id)})`,
    call: Products.get(id),
    expect: refused("PathParameter")
  })),
  ...nasty.slice(0, 30).map((id): Case => ({
    group: "path",
    name: `LineItems.get(order ${show(id)}, line ${show(id)})`,
    call: LineItems.get("Outgoing", id, id),
    expect: sentGet(`/v1/orders/Outgoing/${encode(id)}/lineitems/${encode(id)}`)
  }))
]

const filterCases = (): Array<Case> => {
  const list = (filters: Record<string, unknown>) => Products.list({ filters: filters as never })
  const one = (key: string, value: string): Case => ({
    group: "filter",
    name: `filter ${show(key)} = ${show(value)}`,
    call: list({ [key]: value }),
    expect: sentGet(`/v1/products?${encode(key)}=${encode(value)}`, [[key, value]])
  })
  const cases: Array<Case> = [
    ...nasty.map((value) => one("Name", value)),
    ...nasty.filter((key) => !["constructor", "__proto__"].includes(key)).slice(0, 40).map((key) => one(key, "v"))
  ]
  const scalar = (name: string, value: unknown, sent: string): Case => ({
    group: "filter",
    name,
    call: list({ Price: value }),
    expect: sentGet(`/v1/products?Price=${encode(sent)}`, [["Price", sent]])
  })
  cases.push(
    scalar("a number", 0, "0"),
    scalar("a negative fraction", -1.5, "-1.5"),
    scalar("a large number", 1e21, "1e+21"),
    scalar("a boolean", false, "false"),
    scalar("a Date", new Date(Date.UTC(2020, 0, 2, 3, 4, 5)), "2020-01-02T03:04:05.000Z"),
    {
      group: "filter",
      name: "an array of values is AND, one pair each",
      call: list({ Name: ["!a*", "a&b=c"] }),
      expect: sentGet(`/v1/products?Name=${encode("!a*")}&Name=${encode("a&b=c")}`, [["Name", "!a*"], [
        "Name",
        "a&b=c"
      ]])
    },
    {
      group: "filter",
      name: "nested xp keys are dotted",
      call: list({ xp: { "a&b": { "c=d": "e#f" } } }),
      expect: sentGet(`/v1/products?${encode("xp.a&b.c=d")}=${encode("e#f")}`, [["xp.a&b.c=d", "e#f"]])
    },
    { group: "filter", name: "an empty value sends nothing", call: list({ Name: "" }), expect: sentGet("/v1/products") }
  )
  const refusedFilters: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ["null", { Name: null }],
    ["NaN", { Price: Number.NaN }],
    ["Infinity", { Price: Number.POSITIVE_INFINITY }],
    ["-Infinity", { Price: Number.NEGATIVE_INFINITY }],
    ["an invalid Date", { Date: new Date(Number.NaN) }],
    ["a nested array", { Name: [["a"]] }],
    ["an object in an array", { Name: [{ a: 1 }] }],
    ["a function", { Name: () => "x" }],
    ["a symbol", { Name: Symbol("x") }],
    ["a BigInt", { Price: BigInt(1) }],
    ["an empty key", { "": "x" }],
    ["the key pageSize", { pageSize: "1000" }],
    ["the key PageSize (case-insensitive)", { PageSize: "1000" }],
    ["the key search", { search: "x" }],
    ["the operation's own parameter catalogID", { catalogID: "x" }],
    ...unencodable.map((value) => [`the value ${show(value)}`, { Name: value }] as const),
    ...unencodable.map((key) => [`the key ${show(key)}`, { [key]: "x" }] as const)
  ]
  for (const [name, filters] of refusedFilters) {
    cases.push({ group: "filter", name: `filter with ${name}`, call: list(filters), expect: refused("Query") })
  }
  return cases
}

const queryCases = (): Array<Case> => [
  ...nasty.map((value): Case => ({
    group: "query",
    name: `catalogID=${show(value)}`,
    call: Products.list({ catalogID: value }),
    expect: sentGet(`/v1/products?catalogID=${encode(value)}`, [["catalogID", value]])
  })),
  ...unencodable.map((value): Case => ({
    group: "query",
    name: `catalogID=${show(value)}`,
    call: Products.list({ catalogID: value }),
    expect: refused("Query")
  }))
]

const listOptionCases = (): Array<Case> => {
  const cases: Array<Case> = []
  const bad: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ["page 0", { page: 0 }],
    ["page -1", { page: -1 }],
    ["page 1.5", { page: 1.5 }],
    ["page NaN", { page: Number.NaN }],
    ["page Infinity", { page: Number.POSITIVE_INFINITY }],
    ["pageSize 0", { pageSize: 0 }],
    ["pageSize 101", { pageSize: 101 }],
    ["pageSize 2.5", { pageSize: 2.5 }],
    ["pageSize \"10\"", { pageSize: "10" }],
    ["searchType Unknown", { searchType: "Unknown" }],
    ["searchOn with a comma", { searchOn: ["Name,ID"] }],
    ["searchOn an empty name", { searchOn: [""] }],
    ["sortBy \"!\"", { sortBy: ["!"] }],
    ["sortBy a comma", { sortBy: ["Name,ID"] }],
    ["sortBy not an array", { sortBy: "Name" }],
    ["search a lone surrogate", { search: "\ud800" }],
    ["search null", { search: null }]
  ]
  for (const [name, options] of bad) {
    cases.push({ group: "list options", name, call: Products.list(options as never), expect: refused("Query") })
  }
  const good: ReadonlyArray<readonly [string, Record<string, unknown>, ReadonlyArray<readonly [string, string]>]> = [
    ["page 1, pageSize 100", { page: 1, pageSize: 100 }, [["page", "1"], ["pageSize", "100"]]],
    ["search with & and =", { search: "a&b=c" }, [["search", "a&b=c"]]],
    ["search with # and %", { search: "50% #1" }, [["search", "50% #1"]]],
    ["searchOn two fields", { searchOn: ["Name", "ID"] }, [["searchOn", "Name,ID"]]],
    ["sortBy descending and ascending", { sortBy: ["!Name", "ID"] }, [["sortBy", "!Name,ID"]]],
    ["searchType ExactPhrase", { searchType: "ExactPhrase", search: "x y" }, [["search", "x y"], [
      "searchType",
      "ExactPhrase"
    ]]],
    ["pageKey with symbols", { pageKey: "k/+=" }, [["pageKey", "k/+="]]]
  ]
  for (const [name, options, pairs] of good) {
    cases.push({
      group: "list options",
      name,
      call: Products.list(options as never),
      expect: sentGet(`/v1/products?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")}`, pairs)
    })
  }
  return cases
}

const headerCases = (): Array<Case> => {
  const get = (headers: Record<string, string>) => Products.get("p1", { headers })
  const cases: Array<Case> = []
  const good: ReadonlyArray<readonly [string, string]> = [
    ["x-custom", "plain"],
    ["x-custom", "with spaces inside"],
    ["x-custom", "tab\tinside"],
    ["x-custom", "symbols !#$%&'*+-.^_`|~"],
    ["x-custom", "quotes \" and ' and , ; ="],
    ["x-custom", "latin-1 caf\u00e9"],
    ["x-custom", "a".repeat(4000)],
    ["X-Mixed-Case", "v"],
    ["x-request-id", "123e4567-e89b-12d3-a456-426614174000"],
    ["accept-language", "fr-CA, fr;q=0.9"]
  ]
  for (const [name, value] of good) {
    cases.push({
      group: "header",
      name: `${name}: ${show(value)}`,
      call: get({ [name]: value }),
      expect: { _tag: "Sent", method: "GET", target: "/v1/products/p1", header: [name.toLowerCase(), value] }
    })
  }
  const bad: ReadonlyArray<readonly [string, string]> = [
    ["x-custom", "line\r\nInjected: yes"],
    ["x-custom", "line\nfeed"],
    ["x-custom", "carriage\rreturn"],
    ["x-custom", "nul\u0000"],
    ["x-custom", "bell\u0007"],
    ["x-custom", "del\u007f"],
    ["x-custom", "above latin-1 \u0100"],
    ["x-custom", "emoji 🙂"],
    ["x custom", "space in the name"],
    ["", "empty name"],
    ["x:custom", "colon in the name"],
    ["x-cüstom", "non-ASCII name"],
    ["x-custom\r\nInjected", "CRLF in the name"],
    ["Authorization", "Bearer forged"],
    ["authorization", "Bearer forged"],
    // framing and routing headers belong to the transport
    ["Host", "evil.example"],
    ["Connection", "close"],
    ["Transfer-Encoding", "chunked"],
    ["Content-Length", "0"],
    ["Keep-Alive", "timeout=5"],
    ["Upgrade", "websocket"],
    ["TE", "trailers"],
    ["Trailer", "x-custom"]
  ]
  for (const [name, value] of bad) {
    cases.push({
      group: "header",
      name: `${show(name)}: ${show(value)}`,
      call: get({ [name]: value }),
      expect: refused("Header")
    })
  }
  return cases
}

const bodyCases = (): Array<Case> => {
  const create = (body: unknown) => Products.create(body as never)
  const sent = (name: string, body: unknown): Case => ({
    group: "body",
    name,
    call: create(body),
    expect: { _tag: "Sent", method: "POST", target: "/v1/products", body: JSON.parse(JSON.stringify(body)) }
  })
  const cases: Array<Case> = nasty.slice(0, 25).map((value) => sent(`Name ${show(value)}`, { Name: value }))
  let deep: Record<string, unknown> = { leaf: true }
  for (let i = 0; i < 50; i++) deep = { next: deep }
  cases.push(
    sent("Name with a lone surrogate (escaped by JSON)", { Name: "a\ud800b" }),
    sent("xp with unicode keys", { Name: "n", xp: { "日本": "🙂", "a.b": 1, "": "empty key" } }),
    sent("xp nested 50 levels", { Name: "n", xp: deep }),
    sent("xp with a 7 kB string (under OrderCloud's 8000-byte limit)", { Name: "n", xp: { big: "x".repeat(7_000) } }),
    sent("xp with a __proto__ key", { Name: "n", xp: JSON.parse("{\"__proto__\":{\"polluted\":true}}") }),
    sent("xp with -0 and large numbers", { Name: "n", xp: { zero: -0, big: 1e308, small: 5e-324 } })
  )
  const circular: Record<string, unknown> = { a: 1 }
  circular["self"] = circular
  const throwingGetter = Object.defineProperty({}, "boom", {
    enumerable: true,
    get: () => {
      throw new Error("getter")
    }
  })
  const bad: ReadonlyArray<readonly [string, unknown]> = [
    ["a circular xp", { Name: "n", xp: circular }],
    ["a BigInt in xp", { Name: "n", xp: { n: BigInt(1) } }],
    ["a throwing getter in xp", { Name: "n", xp: throwingGetter }],
    ["a throwing toJSON in xp", {
      Name: "n",
      xp: {
        toJSON: () => {
          throw new Error("toJSON")
        }
      }
    }],
    ["an invalid Date in xp", { Name: "n", xp: { when: new Date(Number.NaN) } }],
    ["NaN in xp", { Name: "n", xp: { n: Number.NaN } }],
    ["Infinity in xp", { Name: "n", xp: { n: Number.POSITIVE_INFINITY } }],
    ["-Infinity in xp", { Name: "n", xp: { n: Number.NEGATIVE_INFINITY } }],
    ["NaN deep in an xp array", { Name: "n", xp: { list: [1, [2, Number.NaN]] } }],
    ["xp over OrderCloud's 8000-byte limit", { Name: "n", xp: { big: "x".repeat(100_000) } }],
    ["a number Name", { Name: 123 }],
    ["a non-finite Price", { Name: "n", ShipWeight: Number.NaN }],
    ["no Name", { Description: "d" }],
    ["not an object", "just a string"],
    ["null", null]
  ]
  for (const [name, body] of bad) cases.push({ group: "body", name, call: create(body), expect: refused("Body") })
  return cases
}

/**
 * Every case, in a stable order.
 *
 * @since 0.1.0
 * @category constants
 */
export const cases = (): ReadonlyArray<Case> => [
  ...pathCases(),
  ...filterCases(),
  ...queryCases(),
  ...listOptionCases(),
  ...headerCases(),
  ...bodyCases()
]

interface Received {
  readonly method: string
  readonly target: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** A loopback HTTP server that records each request's raw target, headers and body, and answers `{}`. */
const captureServer = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly received: Array<Received>; readonly close: () => Promise<void> }>(
    (resume) => {
      const received: Array<Received> = []
      const server = createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          received.push({
            method: request.method ?? "",
            target: request.url ?? "",
            headers: request.headers,
            body: Buffer.concat(chunks).toString("utf8")
          })
          response.writeHead(200, { "content-type": "application/json" })
          response.end("{}")
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          url: `http://127.0.0.1:${port}`,
          received,
          close: () =>
            new Promise<void>((resolve) => {
              server.closeAllConnections()
              server.close(() => resolve())
            })
        }))
      })
    }
  ),
  (server) => Effect.promise(server.close)
)

/**
 * @since 0.1.0
 * @category models
 */
export interface Verdict {
  readonly group: Case["group"]
  readonly name: string
  readonly ok: boolean
  /** What happened instead, when not ok. */
  readonly detail: string
}

const judge = (
  testCase: Case,
  exit: Exit.Exit<unknown, OrderCloudError.OrderCloudError>,
  received: ReadonlyArray<Received>
): string => {
  const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
  if (Exit.isFailure(exit) && Option.isNone(failure)) return `a defect: ${Cause.pretty(exit.cause).split("\n")[0]}`
  const expect = testCase.expect
  if (expect._tag === "Refused") {
    if (received.length > 0) {
      return `sent ${received.length} request(s): ${received[0]!.method} ${received[0]!.target.slice(0, 80)}`
    }
    if (Option.isNone(failure)) return "succeeded without sending"
    const error = failure.value
    if (error._tag !== "InvalidRequest") return `failed with ${error._tag}, not InvalidRequest`
    return error.reason === expect.reason ? "" : `refused with reason ${error.reason}, not ${expect.reason}`
  }
  if (Option.isSome(failure) && failure.value._tag === "InvalidRequest") return `refused: ${failure.value.detail}`
  if (received.length !== 1) return `${received.length} requests arrived`
  const request = received[0]!
  if (request.method !== expect.method) return `method ${request.method}`
  if (request.target !== expect.target) return `target ${request.target.slice(0, 120)}`
  if (expect.query !== undefined) {
    const query = request.target.includes("?") ? request.target.slice(request.target.indexOf("?") + 1) : ""
    const parsed = [...new URLSearchParams(query)]
    if (!isDeepStrictEqual(parsed, expect.query.map(([k, v]) => [k, v]))) {
      return `query parsed as ${JSON.stringify(parsed)}`
    }
  }
  if (expect.header !== undefined) {
    const [name, value] = expect.header
    const arrived = request.headers[name]
    if (arrived !== value) return `header ${name} arrived as ${JSON.stringify(arrived)?.slice(0, 80)}`
  }
  if (expect.body !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(request.body)
    } catch {
      return `the body is not JSON: ${request.body.slice(0, 80)}`
    }
    if (!isDeepStrictEqual(parsed, expect.body)) return `the body arrived as ${request.body.slice(0, 80)}`
  }
  return ""
}

/**
 * Runs every case against a loopback server, one at a time.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = (all: ReadonlyArray<Case> = cases()): Effect.Effect<ReadonlyArray<Verdict>> =>
  Effect.scoped(
    Effect.gen(function*() {
      const server = yield* captureServer
      const client = Layer.merge(
        Targets.client({ baseUrl: server.url, http: Transport.layer(Transport.globalFetch) }),
        CoreSession.layerToken("hostile-suite-token")
      )
      const context = yield* Layer.build(client)
      const verdicts: Array<Verdict> = []
      for (const testCase of all) {
        server.received.length = 0
        // A case may throw while being built or run: that is a defect too.
        const exit = yield* Effect.exit(Effect.suspend(() => testCase.call).pipe(Effect.provide(context)))
        const detail = judge(testCase, exit, server.received)
        verdicts.push({ group: testCase.group, name: testCase.name, ok: detail === "", detail })
      }
      return verdicts
    })
  )
