/** The programs the size and import benchmarks compare, written as an app would. */

/** Baseline: one GET with the raw platform client and a Schema decode. */
export const rawPlatformGet = `
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
const Product = Schema.Struct({ ID: Schema.String, Name: Schema.String })
const program = Effect.flatMap(HttpClient.get("https://sandboxapi.ordercloud.io/v1/products/p1"), HttpClientResponse.schemaBodyJson(Product))
Effect.runPromise(Effect.provide(program, FetchHttpClient.layer)).then(console.log)
`

/** The same GET through this SDK (its default transport: the runtime's fetch), importing by module path. */
export const productsGet = `
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Session from "@ordercloud-effect/core/Session"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
const live = Layer.merge(
  OrderCloudClient.layer().pipe(Layer.provide(OrderCloudConfig.layer())),
  Session.layerToken("token")
)
Effect.runPromise(Effect.provide(Products.get("p1"), live)).then(console.log)
`

/** Every resource, through the package's barrel. */
export const wholePackage = `
import * as Resources from "@ordercloud-effect/resources"
console.log(Object.keys(Resources).length)
`

/**
 * The storefront page's flow (examples/browser/src/storefront.ts) over the
 * browser's fetch: what a storefront ships, with no sandbox.
 */
export const storefrontFlow = `
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { run } from "../../examples/browser/src/storefront.ts"
const live = OrderCloudClient.layer().pipe(Layer.provide(OrderCloudConfig.layer()))
const shoppers = { clientID: "storefront", username: "buyer", password: Redacted.make("secret") }
Effect.runPromise(Effect.provide(run(() => {}, shoppers), live)).then(console.log)
`

/** The storefront page as it is served: the flow, both modes, and the whole sandbox for the embedded one. */
export const storefrontPage = `import "../../examples/browser/src/main.ts"`
