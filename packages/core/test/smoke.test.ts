import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import { clientLayer, json, server } from "./utils/server.js"

const Product = Schema.Struct({ ID: Schema.String, Name: Schema.String })
const getProduct = OrderCloudClient.operation({
  id: "Products.get",
  method: "GET",
  path: "/products/{productID}",
  body: undefined,
  response: Product
})

describe("smoke", () => {
  it.effect("gets a product", () => {
    const srv = server(() => json(200, { ID: "p1", Name: "Shirt", Extra: 1 }))
    return Effect.gen(function*() {
      const product = yield* OrderCloudClient.execute(getProduct, { path: { productID: "a/b c" } })
      assert.deepStrictEqual(product, { ID: "p1", Name: "Shirt" })
      assert.strictEqual(srv.requests[0]?.url, "https://api.test.example/v1/products/a%2Fb%20c")
      assert.strictEqual(srv.requests[0]?.headers.get("authorization"), "Bearer test-access-token")
    }).pipe(Effect.provide(clientLayer(srv)))
  })
  it.effect("maps 404", () => {
    const srv = server(() => json(404, { Errors: [{ ErrorCode: "NotFound", Message: "nope", Data: { ObjectType: "Product", ObjectID: "x" } }] }))
    return Effect.gen(function*() {
      const error = yield* Effect.flip(OrderCloudClient.execute(getProduct, { path: { productID: "x" } }))
      assert.strictEqual(error._tag, "NotFound")
      const caught = yield* OrderCloudClient.execute(getProduct, { path: { productID: "x" } }).pipe(
        Effect.catchTag("NotFound", (e) => Effect.succeed(e.errorCode))
      )
      assert.strictEqual(caught, "NotFound")
    }).pipe(Effect.provide(clientLayer(srv)))
  })
})
