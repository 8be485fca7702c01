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

/** The token request as the auth package declares it: a form POST at the auth root, safe to resend. */
export const tokenRequest = OrderCloudClient.operation({
  id: "Auth.token",
  method: "POST",
  path: "/oauth/token",
  host: "auth",
  authenticated: false,
  idempotent: true,
  bodyEncoding: "form",
  body: Schema.Record({ key: Schema.String, value: Schema.String }),
  response: Schema.Struct({ access_token: Schema.String })
})
