/**
 * The README's example is test/readme/quickstart.ts (type-checked with the
 * tests): its ```ts block must be identical to the file, and the router
 * must answer as the README says.
 */
import { FetchHttpClient, HttpApp } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Signature, UserToken } from "@ordercloud-effect/receive"
import { Effect, Layer, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { router } from "./readme/quickstart.js"
import { postSigned } from "./utils/http.js"

const packageDir = path.join(import.meta.dirname, "..")

describe("README", () => {
  it("shows test/readme/quickstart.ts as it is", () => {
    const readme = fs.readFileSync(path.join(packageDir, "README.md"), "utf8")
    const block = /<!-- snippet: test\/readme\/quickstart\.ts -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    assert.strictEqual(block, fs.readFileSync(path.join(packageDir, "test/readme/quickstart.ts"), "utf8"))
  })

  it.effect("the quick start's router: webhooks verified, a pre-hook answered, the API behind tokens", () =>
    Effect.gen(function*() {
      const layer = Layer.mergeAll(
        Signature.layer(Redacted.make("key")),
        UserToken.layer({ baseUrl: "https://api.ordercloud.test" }).pipe(Layer.provide(FetchHttpClient.layer))
      )
      const { dispose, handler } = HttpApp.toWebHandlerLayer(router, layer)
      const kept = yield* postSigned(handler, "https://shop.test/webhooks", {
        Route: "v1/products/{productID}",
        RouteParams: { productID: "keep-mug" },
        Verb: "DELETE"
      }, "key")
      assert.deepStrictEqual(kept.json, { proceed: false, body: { Reason: "Kept products stay." } })
      const forged = yield* postSigned(handler, "https://shop.test/checkout/shippingrates", {}, "not-the-key")
      assert.strictEqual(forged.status, 401)
      const anonymous = yield* Effect.promise(() => handler(new Request("https://shop.test/api/greeting")))
      assert.strictEqual(anonymous.status, 401)
      yield* Effect.promise(dispose)
    }))
})
