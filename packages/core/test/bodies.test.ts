import { assert, describe, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Body from "../src/internal/body.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import type * as OrderCloudError from "../src/OrderCloudError.js"
import { clientLayer, server } from "./utils/server.js"

const noContent = () => new Response(null, { status: 204 })

// Numbers are plain `Schema.Number` here, as in a hand-declared operation:
// the body's serialization, not the schema, must refuse what JSON cannot carry.
const Thing = Schema.Struct({
  ID: Schema.String,
  Weight: Schema.optional(Schema.Number),
  xp: Schema.optional(Schema.NullOr(Schema.Unknown))
})

const writes = (["POST", "PUT", "PATCH"] as const).map((method) =>
  OrderCloudClient.operation({
    id: `Things.${method}`,
    method,
    path: "/things",
    body: Thing,
    response: undefined
  })
)

const tokenForm = OrderCloudClient.operation({
  id: "Auth.token",
  method: "POST",
  path: "/oauth/token",
  host: "auth",
  authenticated: false,
  bodyEncoding: "form",
  body: Schema.Struct({ grant_type: Schema.String, extra: Schema.optional(Schema.Unknown) }),
  response: undefined
})

const secret = "hunter2-secret-value"
const throwing = (name: string) =>
  Object.defineProperty({ fine: 1 }, name, {
    enumerable: true,
    get() {
      throw new Error(secret)
    }
  })
const circular = () => {
  const a: Record<string, unknown> = { b: {} }
  ;(a.b as Record<string, unknown>).c = a
  return a
}

const cases: ReadonlyArray<readonly [name: string, body: () => unknown, path: string]> = [
  ["a circular xp", () => ({ ID: "t", xp: { a: circular() } }), "xp.a.b.c"],
  ["an xp that contains itself", () => {
    const xp: Record<string, unknown> = {}
    xp.self = xp
    return { ID: "t", xp }
  }, "xp.self"],
  ["a BigInt in xp", () => ({ ID: "t", xp: { a: { count: 10n } } }), "xp.a.count"],
  ["a getter that throws in xp", () => ({ ID: "t", xp: { a: throwing("secret") } }), "xp.a.secret"],
  ["a toJSON that throws in xp", () => ({
    ID: "t",
    xp: {
      when: {
        toJSON() {
          throw new Error(secret)
        }
      }
    }
  }), "xp.when"],
  ["a toJSON that returns NaN in xp", () => ({ ID: "t", xp: { when: { toJSON: () => NaN } } }), "xp.when"],
  ["an invalid Date in xp", () => ({ ID: "t", xp: { when: new Date(Number.NaN) } }), "xp.when"],
  ["Weight: Infinity", () => ({ ID: "t", Weight: Infinity }), "Weight"],
  ["Weight: -Infinity", () => ({ ID: "t", Weight: -Infinity }), "Weight"],
  ["Weight: NaN", () => ({ ID: "t", Weight: NaN }), "Weight"],
  ["NaN nested in an xp array", () => ({ ID: "t", xp: { list: [1, { n: NaN }] } }), "xp.list[1].n"],
  ["Infinity as the whole xp", () => ({ ID: "t", xp: Infinity }), "xp"],
  ["a function in xp", () => ({ ID: "t", xp: { a: { f: () => 1 } } }), "xp.a.f"],
  ["a symbol in xp", () => ({ ID: "t", xp: { s: Symbol("s") } }), "xp.s"],
  ["undefined inside an xp array", () => ({ ID: "t", xp: { list: ["a", undefined] } }), "xp.list[1]"],
  // eslint-disable-next-line no-sparse-arrays -- the hole is the case under test
  ["a hole in an xp array", () => ({ ID: "t", xp: { list: [1, , 3] } }), "xp.list[1]"],
  ["a getter that throws on a top-level field", () => Object.assign(throwing("Weight"), { ID: "t" }), "Weight"]
]

describe("bodies JSON cannot carry are refused before sending", () => {
  for (const operation of writes) {
    for (const [name, body, path] of cases) {
      it.effect(`${operation.method}, ${name}: InvalidRequest (Body) naming ${path}, nothing sent`, () => {
        const srv = server(noContent)
        return Effect.gen(function*() {
          const error = yield* Effect.flip(OrderCloudClient.execute(operation, { body: body() as typeof Thing.Type }))
          assert.strictEqual(error._tag, "InvalidRequest")
          const invalid = error as OrderCloudError.InvalidRequest
          assert.strictEqual(invalid.reason, "Body")
          assert.deepStrictEqual(invalid.issues.map((issue) => issue.path), [path])
          assert.notInclude(invalid.message, secret)
          assert.strictEqual(srv.requests.length, 0)
        }).pipe(Effect.provide(clientLayer(srv)))
      })
    }
  }

  it.effect("every offending location is named, not only the first", () => {
    const srv = server(noContent)
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        OrderCloudClient.execute(writes[0]!, { body: { ID: "t", Weight: NaN, xp: { a: 1n, b: [Infinity] } } })
      )
      assert.deepStrictEqual(
        (error as OrderCloudError.InvalidRequest).issues.map((issue) => issue.path),
        ["Weight", "xp.a", "xp.b[0]"]
      )
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("a body nested deeper than the stack allows, a getter that throws only once, and a schema that throws are refused too", () => {
    const srv = server(noContent)
    let deep: unknown = 1
    for (let i = 0; i < 200_000; i++) deep = { a: deep }
    let reads = 0
    const flaky = Object.defineProperty({}, "once", {
      enumerable: true,
      get() {
        if (reads++ === 0) throw new Error(secret)
        return 1
      }
    })
    const throwingSchema = OrderCloudClient.operation({
      id: "Things.throwing",
      method: "POST",
      path: "/things",
      body: Schema.transform(Schema.String, Schema.String, {
        decode: (s) => s,
        encode: () => {
          throw new Error(secret)
        }
      }),
      response: undefined
    })
    return Effect.gen(function*() {
      const errors = [
        yield* Effect.flip(OrderCloudClient.execute(writes[0]!, { body: { ID: "t", xp: deep } })),
        yield* Effect.flip(OrderCloudClient.execute(writes[0]!, { body: { ID: "t", xp: flaky } })),
        yield* Effect.flip(OrderCloudClient.execute(throwingSchema, { body: "x" }))
      ]
      for (const error of errors) {
        assert.strictEqual(error._tag, "InvalidRequest")
        const invalid = error as OrderCloudError.InvalidRequest
        assert.strictEqual(invalid.reason, "Body")
        assert.deepStrictEqual(invalid.issues.map((issue) => issue.path), ["(root)"])
        assert.notInclude(invalid.message, secret)
      }
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("what JSON carries goes out as it would with JSON.stringify: dates, toJSON, absent fields", () => {
    const srv = server(noContent)
    const xp = {
      when: new Date(Date.UTC(2024, 0, 2)),
      money: { toJSON: () => "12.50" },
      gone: undefined,
      n: -0,
      list: [null]
    }
    return Effect.gen(function*() {
      yield* OrderCloudClient.execute(writes[0]!, { body: { ID: "t", Weight: 1.5, xp } })
      assert.strictEqual(srv.requests[0]!.body, JSON.stringify({ ID: "t", Weight: 1.5, xp }))
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("a form body refuses values a form cannot carry, naming the field, and sends nothing", () => {
    const srv = server(noContent)
    return Effect.gen(function*() {
      for (const extra of [Infinity, NaN, 1n, { nested: "object" }, ["a"], Symbol("s")]) {
        const error = yield* Effect.flip(
          OrderCloudClient.execute(tokenForm, { body: { grant_type: "password", extra } })
        )
        assert.strictEqual(error._tag, "InvalidRequest")
        assert.deepStrictEqual((error as OrderCloudError.InvalidRequest).issues.map((issue) => issue.path), ["extra"])
      }
      assert.strictEqual(srv.requests.length, 0)
      yield* OrderCloudClient.execute(tokenForm, { body: { grant_type: "password", extra: 2 } })
      assert.strictEqual(srv.requests[0]!.body, "grant_type=password&extra=2")
    }).pipe(Effect.provide(clientLayer(srv)))
  })
})

const key = FastCheck.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,5}$/)
const unsendable = FastCheck.constantFrom<unknown>(
  Infinity,
  -Infinity,
  NaN,
  10n,
  () => 1,
  Symbol("s")
)

describe("body JSON text", () => {
  it.prop(
    "any JSON value is written exactly as JSON.stringify writes it",
    { value: FastCheck.jsonValue() },
    ({ value }) => {
      assert.deepStrictEqual(Body.stringify(value), Either.right(JSON.stringify(value)))
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "a value JSON cannot carry, anywhere in a JSON value, is refused with its path",
    {
      value: FastCheck.dictionary(key, FastCheck.jsonValue({ maxDepth: 2 })),
      keys: FastCheck.array(key, { minLength: 1, maxLength: 4 }),
      bad: unsendable
    },
    ({ bad, keys, value }) => {
      // Puts `bad` at `keys` inside a copy of `value`, replacing whatever was on the way.
      const root: Record<string, unknown> = { ...value }
      let holder = root
      for (const step of keys.slice(0, -1)) {
        const next: Record<string, unknown> = {}
        holder[step] = next
        holder = next
      }
      holder[keys[keys.length - 1]!] = bad
      const result = Body.stringify(root)
      if (Either.isRight(result)) return assert.fail("a value JSON cannot carry was written")
      assert.deepStrictEqual(result.left.map((issue) => issue.path), [keys.join(".")])
    },
    { fastCheck: { numRuns: 300 } }
  )
})
