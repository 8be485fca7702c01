import { assert, describe, it } from "@effect/vitest"
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

const program = `
import * as Products from "@ordercloud-effect/resources/Products"
export const program = Products.get("p1")
`

describe("tree-shaking", () => {
  it("a bundle of a program using only Products.get holds no other operation", async () => {
    const result = await build({
      stdin: { contents: program, resolveDir: fileURLToPath(new URL("..", import.meta.url)), loader: "ts" },
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
})
