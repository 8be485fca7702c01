import { assert, describe, it } from "@effect/vitest"
import { readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { run } from "../src/Cli.js"
import { emitErrorCodes, parseEntries, reading, words } from "../src/ErrorCodes.js"

const coreFile = fileURLToPath(new URL("../../core/src/generated/ErrorCodes.ts", import.meta.url))

describe("error codes", () => {
  it("reads a code's name as a sentence, keeping acronyms", () => {
    assert.strictEqual(words("CannotSubmitWithNoLineItems"), "cannot submit with no line items")
    assert.strictEqual(words("InvalidClientID"), "invalid client ID")
    assert.strictEqual(words("XPNotAllowed"), "XP not allowed")
    assert.strictEqual(
      reading({ code: "Order.CannotSubmitWithNoLineItems", group: "Order" }),
      "Order: cannot submit with no line items."
    )
    assert.strictEqual(reading({ code: "NotFound", group: null }), "Not found.")
  })

  it("writes one documented key per code, sorted, with the codes documented elsewhere", () => {
    const text = emitErrorCodes(
      [{ code: "Order.CannotSubmitWithNoLineItems", group: "Order" }, { code: "NotFound", group: null }],
      "// header\n"
    )
    assert.include(text, "   * Order: cannot submit with no line items.\n   *\n   * The order has no line items yet")
    assert.include(text, `  readonly "Order.CannotSubmitWithNoLineItems": "Order"`)
    assert.include(text, `  readonly "IdExists": null`)
    const keys = [...text.matchAll(/^ {2}readonly "([^"]+)"/gm)].map((match) => match[1])
    assert.deepStrictEqual(keys, [...keys].sort())
    assert.includeMembers(keys, ["NotFound", "IdExists", "InsufficientRoles", "InvalidToken"])
  })

  it("refuses a list that is not { code, group } entries", () => {
    assert.throws(() => parseEntries({ code: "x" }, "codes.json"), "codes.json is not a list of error codes")
    assert.throws(() => parseEntries([{ code: "a b", group: null }], "codes.json"), "codes.json: entry 0 is not")
    assert.throws(() => parseEntries([{ code: "A.B", group: 1 }], "codes.json"), "codes.json: entry 0 is not")
  })

  it("--check covers core's generated error codes", async () => {
    const committed = readFileSync(coreFile, "utf8")
    const errors: Array<string> = []
    try {
      writeFileSync(coreFile, committed.replace("Order: cannot submit with no line items.", "edited by hand"))
      const code = await run(["--check"], { log: () => {}, error: (line) => errors.push(line) })
      assert.strictEqual(code, 1)
    } finally {
      writeFileSync(coreFile, committed)
    }
    assert.include(errors, "codegen: out of date: packages/core/src/generated/ErrorCodes.ts")
  }, 60_000)
})
