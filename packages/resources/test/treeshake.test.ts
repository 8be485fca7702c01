import { assert, describe, it } from "@effect/vitest"
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

const program = `
import * as Products from "@ordercloud-effect/resources/Products"
export const program = Products.get("p1")
`

// A whole app on the client's default transport (the runtime's fetch).
const onDefaultTransport = `
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Session from "@ordercloud-effect/core/Session"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
const live = Layer.merge(OrderCloudClient.layer().pipe(Layer.provide(OrderCloudConfig.layer())), Session.layerToken("token"))
export const program = Effect.provide(Products.get("p1"), live)
`

const resolveDir = fileURLToPath(new URL("..", import.meta.url))

describe("tree-shaking", () => {
  it("a bundle of a program using only Products.get holds no other operation", async () => {
    const result = await build({
      stdin: { contents: program, resolveDir, loader: "ts" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
      external: ["effect", "@effect/platform"]
    })
    const code = result.outputFiles[0]!.text
    const operationIds = [...code.matchAll(/"([A-Z][A-Za-z]+\.[a-z][A-Za-z]*)"/g)].map((match) => match[1])
    assert.deepStrictEqual([...new Set(operationIds)], ["Products.get"])
    // Models other than Product (and Inventory, which it holds) are gone too:
    // fields only an Order, an ApprovalRule or a product's write form has.
    assert.include(code, "DefaultPriceScheduleID")
    assert.notInclude(code, "LineItemCount")
    assert.notInclude(code, "RuleExpression")
    assert.notInclude(code, "^[A-Za-z0-9_-]*$")
  }, 30_000)

  it(
    "a program on the default transport bundles nothing of @effect/platform (its HttpClient adapter is shaken off)",
    async () => {
      const result = await build({
        stdin: { contents: onDefaultTransport, resolveDir, loader: "ts" },
        bundle: true,
        minify: true,
        format: "esm",
        platform: "browser",
        write: false,
        logLevel: "silent",
        metafile: true
      })
      const [output] = Object.values(result.metafile.outputs)
      const platform = Object.entries(output!.inputs)
        .filter(([path, input]) => path.includes("@effect/platform/") && input.bytesInOutput > 0)
        .map(([path]) => path.replace(/^.*@effect\/platform\//, ""))
      assert.deepStrictEqual(platform, [])
    },
    30_000
  )
})
