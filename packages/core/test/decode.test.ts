import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import { getProduct } from "./utils/operations.js"
import { clientLayer, json, server } from "./utils/server.js"

const run = <O extends OrderCloudClient.Operation>(operation: O, body: unknown) => {
  const srv = server(() => json(200, body))
  return OrderCloudClient.execute(operation, { path: { productID: "p1" } }).pipe(Effect.provide(clientLayer(srv)))
}

describe("an operation's decode", () => {
  it.effect("what it returns is the result, and the response Schema does not run", () => {
    const seen: Array<unknown> = []
    const decode = (json: unknown) => {
      seen.push(json)
      return { ID: "p1", Name: "from the decoder" }
    }
    // The body does not match the Schema: only the decoder can make this call succeed.
    return Effect.gen(function*() {
      const product = yield* run({ ...getProduct, decode }, { ID: "p1" })
      assert.deepStrictEqual(product, { ID: "p1", Name: "from the decoder" })
      assert.deepStrictEqual(seen, [{ ID: "p1" }])
    })
  })

  it.effect("when it returns undefined the Schema decides, and reports the issues", () =>
    Effect.gen(function*() {
      const decode = () => undefined
      const product = yield* run({ ...getProduct, decode }, { ID: "p1", Name: "Shoe", Extra: 1 })
      assert.deepStrictEqual(product, { ID: "p1", Name: "Shoe" })
      const error = yield* Effect.flip(run({ ...getProduct, decode }, { ID: 1 }))
      if (error._tag !== "ResponseDecodeError") return assert.fail(`expected ResponseDecodeError, got ${error._tag}`)
      assert.deepStrictEqual(error.issues.map((issue) => issue.path), ["ID", "Name"])
    }))
})
