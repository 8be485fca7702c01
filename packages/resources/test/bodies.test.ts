import { assert, describe, it } from "@effect/vitest"
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import type * as Session from "@ordercloud-effect/core/Session"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { type Models, Products } from "../src/index.js"
import { json, recorder } from "./utils/server.js"

type Call = Effect.Effect<unknown, OrderCloudError.OrderCloudError, OrderCloudClient.OrderCloudClient | Session.Session>

const secret = "hunter2-secret-value"

/** A write, a replace and a patch of a product, each with `body`. */
const writes = (body: unknown): ReadonlyArray<readonly [string, Call]> => [
  ["Products.create", Products.create(body as Models.ProductWrite)],
  ["Products.save", Products.save("p1", body as Models.ProductWrite)],
  ["Products.patch", Products.patch("p1", body as Models.ProductPatch)]
]

/** `call` fails with InvalidRequest (Body) naming only `path`, and sends nothing. */
const refused = (call: Call, path: string, message?: string) => {
  const srv = recorder(() => json(200, { ID: "p1" }))
  return Effect.gen(function*() {
    const error = yield* Effect.flip(call.pipe(Effect.provide(srv.layer)))
    if (error._tag !== "InvalidRequest") return assert.fail(`expected InvalidRequest, got ${error._tag}`)
    assert.strictEqual(error.reason, "Body")
    assert.deepStrictEqual(error.issues.map((issue) => issue.path), [path])
    if (message !== undefined) assert.strictEqual(error.issues[0]!.message, message)
    assert.notInclude(error.message, secret)
    assert.strictEqual(srv.requests.length, 0)
  })
}

describe("model numbers must be finite in every write", () => {
  for (const weight of [Infinity, -Infinity, NaN]) {
    for (const [name, call] of writes({ Name: "Shirt", ShipWeight: weight })) {
      it.effect(`${name} with ShipWeight: ${weight} fails with InvalidRequest naming ShipWeight, nothing sent`, () =>
        refused(call, "ShipWeight", "expected a finite number"))
    }
  }

  it.effect("a finite ShipWeight, and null to clear it, are sent as given", () => {
    const srv = recorder(() => json(200, { ID: "p1" }))
    return Effect.gen(function*() {
      yield* Products.patch("p1", { ShipWeight: 2.5 })
      yield* Products.patch("p1", { ShipWeight: null })
      assert.deepStrictEqual(srv.requests.map((request) => request.body), [
        "{\"ShipWeight\":2.5}",
        "{\"ShipWeight\":null}"
      ])
    }).pipe(Effect.provide(srv.layer))
  })
})

describe("an xp JSON cannot carry is refused with its path", () => {
  const circular = () => {
    const a: Record<string, unknown> = {}
    a.b = { back: a }
    return a
  }
  const cases: ReadonlyArray<readonly [string, () => unknown, string]> = [
    ["a circular xp", () => ({ a: circular() }), "xp.a.b.back"],
    ["a BigInt", () => ({ a: { b: 1n } }), "xp.a.b"],
    ["a getter that throws", () => ({
      a: Object.defineProperty({}, "b", {
        enumerable: true,
        get() {
          throw new Error(secret)
        }
      })
    }), "xp.a.b"],
    ["a toJSON that throws", () => ({
      a: {
        b: {
          toJSON() {
            throw new Error(secret)
          }
        }
      }
    }), "xp.a.b"],
    ["a NaN", () => ({ a: { b: NaN } }), "xp.a.b"],
    ["an Infinity in an array", () => ({ a: [1, Infinity] }), "xp.a[1]"],
    ["a -Infinity", () => ({ a: { b: -Infinity } }), "xp.a.b"]
  ]
  for (const [what, xp, path] of cases) {
    for (const [name, call] of writes({ Name: "Shirt", xp: xp() })) {
      it.effect(`${name} with ${what} in xp: InvalidRequest naming ${path}, nothing sent`, () => refused(call, path))
    }
  }

  it.effect("a caller's xp Schema with plain numbers: Infinity is still refused, naming xp.Weight", () => {
    const ParcelXp = Schema.Struct({ Weight: Schema.Number })
    const body = { Name: "Shirt", xp: { Weight: Infinity } }
    return Effect.gen(function*() {
      yield* refused(Products.create(body, { xp: ParcelXp }), "xp.Weight")
      yield* refused(Products.patch("p1", body, { xp: ParcelXp }), "xp.Weight")
    })
  })

  it.effect("xp over 8000 bytes is still refused as one field", () =>
    refused(
      Products.create({ Name: "Shirt", xp: { blob: "é".repeat(4001) } }),
      "xp",
      "expected JSON of at most 8000 bytes (OrderCloud's limit for xp)"
    ))
})
