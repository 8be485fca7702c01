/**
 * A hand-declared operation the suites share, shaped like a generated one.
 */
import * as Schema from "effect/Schema"
import * as OrderCloudClient from "../../src/OrderCloudClient.js"

export const Product = Schema.Struct({ ID: Schema.String, Name: Schema.String })

export const getProduct = OrderCloudClient.operation({
  id: "Products.get",
  method: "GET",
  path: "/products/{productID}",
  body: undefined,
  response: Product
})
