import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { defaultSource } from "../src/Cli.js"
import { generate } from "../src/Generate.js"
import type { Document } from "../src/OpenApi.js"
import * as OperationTypes from "../src/OperationTypes.js"

const description: Document = JSON.parse(readFileSync(defaultSource, "utf8"))

describe("the operation types", () => {
  const content = generate(description).files.get(OperationTypes.path)!

  it("name every operation's route, verb, body and response Schemas in one flat interface", () => {
    assert.include(
      content,
      [
        `  readonly "LineItems.create": {`,
        `    readonly route: "/orders/{direction}/{orderID}/lineitems"`,
        `    readonly verb: "POST"`,
        `    readonly body: typeof LineItemWrite`,
        `    readonly response: typeof LineItem`,
        "  }"
      ].join("\n")
    )
    // No body, no single-object response: `undefined`.
    const entry = (id: string) => content.slice(content.indexOf(`"${id}": {`)).split("\n  }")[0]!
    assert.include(entry("Orders.submit"), "readonly body: undefined")
    assert.include(entry("Products.list"), "readonly response: undefined")
    assert.strictEqual(content.match(/^ {2}readonly "/gm)?.length, 620)
  })

  it("import types only, so the map costs nothing at runtime", () => {
    const imports = content.split("\n").filter((line) => line.startsWith("import"))
    assert.isAbove(imports.length, 100)
    for (const line of imports) assert.match(line, /^import type \{/)
    assert.notInclude(content, "export const")
  })
})
