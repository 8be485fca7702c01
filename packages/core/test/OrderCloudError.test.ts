import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as OrderCloudError from "../src/OrderCloudError.js"
import { getProduct } from "./utils/operations.js"
import { baseUrl, clientLayer, json, server } from "./utils/server.js"

const productUrl = `${baseUrl}/v1/products/p1`

const notFoundEntry = {
  ErrorCode: "NotFound",
  Message: "Product p1 not found",
  Data: { ObjectType: "Product", ObjectID: "p1" }
}
const standardBody = { Errors: [notFoundEntry] }

/** Status to the tag it must map to: the one table of the spec. */
const statusTable: ReadonlyArray<readonly [status: number, tag: OrderCloudError.StatusError["_tag"]]> = [
  [400, "BadRequest"],
  [401, "Unauthorized"],
  [403, "Forbidden"],
  [404, "NotFound"],
  [409, "Conflict"],
  [429, "TooManyRequests"],
  [500, "InternalServerError"],
  [502, "ServiceUnavailable"],
  [503, "ServiceUnavailable"],
  [504, "ServiceUnavailable"],
  [405, "UnexpectedStatus"],
  [418, "UnexpectedStatus"],
  [501, "UnexpectedStatus"],
  [599, "UnexpectedStatus"],
  // a 3xx the client does not follow: no Location header
  [302, "UnexpectedStatus"],
  [300, "UnexpectedStatus"]
]

/** Body kinds and the `errors` each must decode to. */
const bodyTable: ReadonlyArray<{
  readonly name: string
  readonly response: (status: number) => Response
  readonly errors: ReadonlyArray<OrderCloudError.StatusError["errors"][number]>
}> = [
  {
    name: "the standard Errors body",
    response: (status) => json(status, standardBody),
    errors: [notFoundEntry]
  },
  {
    name: "a UTF-8 BOM before the standard Errors body",
    response: (status) =>
      new Response(
        new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(standardBody))]),
        { status, headers: { "content-type": "application/json" } }
      ),
    errors: [notFoundEntry]
  },
  {
    name: "an HTML page",
    response: (status) =>
      new Response("<html><body><h1>Bad Gateway</h1></body></html>", {
        status,
        headers: { "content-type": "text/html" }
      }),
    errors: []
  },
  {
    name: "a JSON object of another shape",
    response: (status) => json(status, { error: "x" }),
    errors: []
  },
  {
    name: "a JSON array",
    response: (status) => json(status, [{ ErrorCode: "NotFound", Message: "m" }]),
    errors: []
  },
  {
    name: "a UTF-8 BOM before a JSON object of another shape",
    response: (status) => new Response(`\uFEFF${JSON.stringify({ error: "x" })}`, { status }),
    errors: []
  },
  {
    name: "an empty body",
    response: (status) => new Response(null, { status }),
    errors: []
  }
]

const failWith = (response: () => Response) => {
  const srv = server(() => response())
  return Effect.flip(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } })).pipe(
    Effect.provide(clientLayer(srv)),
    Effect.map((error) => ({ error, requests: srv.requests }))
  )
}

const asStatusError = (error: OrderCloudError.OrderCloudError): OrderCloudError.StatusError => {
  assert.isTrue("errors" in error && "method" in error, `expected a status error, got ${error._tag}`)
  return error as OrderCloudError.StatusError
}

describe("status to error table", () => {
  for (const [status, tag] of statusTable) {
    for (const body of bodyTable) {
      it.effect(`${status} with ${body.name} fails with ${tag} carrying status, method, url and ${body.errors.length} errors`, () =>
        Effect.gen(function*() {
          const { error } = yield* failWith(() => body.response(status))
          assert.strictEqual(error._tag, tag)
          const statusError = asStatusError(error)
          assert.strictEqual(statusError.status, status)
          assert.strictEqual(statusError.method, "GET")
          assert.strictEqual(statusError.url, productUrl)
          assert.deepStrictEqual(statusError.errors, body.errors)
          assert.strictEqual(statusError.errorCode, body.errors[0]?.ErrorCode ?? undefined)
          assert.instanceOf(statusError, Error)
        }))
    }
  }

  it("fromStatus maps each status of the table to its class, others to UnexpectedStatus", () => {
    for (const [status, tag] of statusTable) {
      const error = OrderCloudError.fromStatus({ status, method: "GET", url: productUrl, errors: [] })
      assert.strictEqual(error._tag, tag, `status ${status}`)
      assert.strictEqual(error.errorCode, undefined)
    }
  })
})

describe("error contents", () => {
  it.effect("keeps several Errors entries in order and takes errorCode from the first", () =>
    Effect.gen(function*() {
      const errors = [
        { ErrorCode: "PriceSchedule.CannotExceedMax", Message: "too many", Data: { Max: 5 } },
        { ErrorCode: "LineItem.QuantityMustBePositive", Message: "positive", Data: null },
        { ErrorCode: "ValidationFailure", Message: "third", Data: { Field: "Quantity" } }
      ]
      const { error } = yield* failWith(() => json(400, { Errors: errors }))
      const statusError = asStatusError(error)
      assert.strictEqual(statusError._tag, "BadRequest")
      assert.deepStrictEqual(statusError.errors, errors)
      assert.strictEqual(statusError.errorCode, "PriceSchedule.CannotExceedMax")
    }))

  it.effect("reads entries with missing or non-string codes as null codes instead of failing", () =>
    Effect.gen(function*() {
      const { error } = yield* failWith(() => json(400, { Errors: [{ ErrorCode: 12, Message: "odd" }, "junk", {}] }))
      const statusError = asStatusError(error)
      assert.strictEqual(statusError._tag, "BadRequest")
      assert.deepStrictEqual(statusError.errors.map((e) => [e.ErrorCode, e.Message]), [[null, "odd"], [null, null]])
      assert.strictEqual(statusError.errorCode, undefined)
    }))

  it.effect("Effect.catchTag recovers from NotFound and lets other statuses through", () =>
    Effect.gen(function*() {
      const recovered = yield* failWith(() => json(404, standardBody)).pipe(
        Effect.flatMap(({ error }) => Effect.fail(error)),
        Effect.catchTag("NotFound", (e) => Effect.succeed(`missing ${e.errorCode}`))
      )
      assert.strictEqual(recovered, "missing NotFound")

      const srv = server(() => json(409, { Errors: [{ ErrorCode: "IdExists", Message: "taken", Data: null }] }))
      const other = yield* OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }).pipe(
        Effect.catchTag("NotFound", () => Effect.succeed(undefined)),
        Effect.flip,
        Effect.provide(clientLayer(srv))
      )
      assert.strictEqual(other._tag, "Conflict")
    }))

  it.effect("message names the tag, status, method, url, first code and message", () =>
    Effect.gen(function*() {
      const { error } = yield* failWith(() => json(404, standardBody))
      assert.strictEqual(error.message, `NotFound (404) on GET ${productUrl}: NotFound - Product p1 not found`)
    }))

  it.effect("message without an Errors body still names the tag, status, method and url", () =>
    Effect.gen(function*() {
      const { error } = yield* failWith(() => new Response("<html>oops</html>", { status: 503 }))
      assert.strictEqual(error.message, `ServiceUnavailable (503) on GET ${productUrl}`)
    }))

  it.effect("the url in the error has credential query values masked", () =>
    Effect.gen(function*() {
      const srv = server(() => json(400, standardBody))
      const error = yield* OrderCloudClient.execute(getProduct, {
        path: { productID: "p1" },
        query: { anonUserToken: "anon-secret-123", other: "kept" }
      }).pipe(Effect.flip, Effect.provide(clientLayer(srv)))
      const statusError = asStatusError(error)
      assert.notInclude(statusError.url, "anon-secret-123")
      assert.include(statusError.url, "other=kept")
      assert.notInclude(statusError.message, "anon-secret-123")
      assert.include(srv.requests[0]?.url ?? "", "anonUserToken=anon-secret-123")
    }))
})

describe("transport and decode failures", () => {
  it.effect("a fetch that rejects fails with TransportError carrying the cause", () =>
    Effect.gen(function*() {
      const { error } = yield* failWith(() => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:443")
      })
      assert.strictEqual(error._tag, "TransportError")
      const transport = error as OrderCloudError.TransportError
      assert.strictEqual(transport.method, "GET")
      assert.strictEqual(transport.url, productUrl)
      assert.include(transport.message, `TransportError on GET ${productUrl}`)
    }))

  const secret = "sk_live_SUPERSECRET_value_42"
  const decodeCases: ReadonlyArray<readonly [name: string, response: () => Response, detail: string]> = [
    ["an HTML 200", () => new Response(`<html>${secret}</html>`, { status: 200 }), "the body is not JSON"],
    ["an empty 200", () => new Response(null, { status: 200 }), "the body is empty"],
    ["truncated JSON", () => new Response(`{"ID":"${secret}"`, { status: 200 }), "the body is not JSON"]
  ]
  for (const [name, response, detail] of decodeCases) {
    it.effect(`${name} fails with ResponseDecodeError, not TransportError (${detail})`, () =>
      Effect.gen(function*() {
        const { error } = yield* failWith(response)
        assert.strictEqual(error._tag, "ResponseDecodeError")
        const decode = error as OrderCloudError.ResponseDecodeError
        assert.strictEqual(decode.status, 200)
        assert.strictEqual(decode.detail, detail)
        assert.notInclude(decode.message, secret)
        assert.notInclude(JSON.stringify(decode), secret)
      }))
  }

  it.effect("a 2xx JSON body that does not match the schema lists path and expectation but never the value", () =>
    Effect.gen(function*() {
      const { error } = yield* failWith(() => json(200, { ID: 42, Name: secret, Nested: { x: secret } }))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      const decode = error as OrderCloudError.ResponseDecodeError
      assert.strictEqual(decode.detail, "the body does not match the operation's schema")
      assert.deepStrictEqual(decode.issues, [{ path: "ID", message: "expected string" }])

      const { error: error2 } = yield* failWith(() => json(200, { ID: { token: secret }, Name: [secret] }))
      const decode2 = error2 as OrderCloudError.ResponseDecodeError
      assert.strictEqual(decode2._tag, "ResponseDecodeError")
      assert.deepStrictEqual(decode2.issues.map((i) => i.path), ["ID", "Name"])
      for (const issue of decode2.issues) assert.strictEqual(issue.message, "expected string")
      assert.notInclude(decode2.message, secret)
      assert.notInclude(JSON.stringify(decode2), secret)
      assert.notInclude(String(decode2), secret)
    }))

  it.effect("a missing response field is reported as missing", () =>
    Effect.gen(function*() {
      const { error } = yield* failWith(() => json(200, { ID: "p1" }))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      assert.deepStrictEqual((error as OrderCloudError.ResponseDecodeError).issues, [{
        path: "Name",
        message: "is missing"
      }])
    }))
})

describe("InvalidRequest", () => {
  it("message lists reason, detail and each issue's path and expectation", () => {
    const error = new OrderCloudError.InvalidRequest({
      reason: "Body",
      detail: "the body does not match its schema; nothing was sent",
      issues: [{ path: "Password", message: "expected a string at most 5 character(s) long" }, {
        path: "ID",
        message: "is missing"
      }]
    })
    assert.strictEqual(
      error.message,
      "InvalidRequest (Body): the body does not match its schema; nothing was sent\n" +
        "  Password: expected a string at most 5 character(s) long\n  ID: is missing"
    )
  })
})

describe("issuesOf", () => {
  it("names the field and what was expected, without the null or undefined of optional, nullable fields", () => {
    const schema = Schema.Struct({ Count: Schema.optional(Schema.NullOr(Schema.Number)), Name: Schema.String })
    const result = Schema.decodeUnknownEither(schema)({ Count: "seven", Name: 7 }, { errors: "all" })
    assert.isTrue(Either.isLeft(result))
    if (Either.isRight(result)) return
    assert.deepStrictEqual(OrderCloudError.issuesOf(result.left), [
      { path: "Count", message: "expected number" },
      { path: "Name", message: "expected string" }
    ])
  })
})
