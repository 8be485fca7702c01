import { assert, describe, it } from "@effect/vitest"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { formatFiles, readOptions } from "../src/Format.js"

const repository = fileURLToPath(new URL("../../..", import.meta.url))
const options = readOptions(join(repository, "dprint.json"))
/** Each format compiles dprint's WebAssembly module first: seconds of CPU on a busy machine. */
const formatLimit = 60_000

/** Generated files that once had lines far over the width (long `Pick<...>` option types, the table). */
const samples = [
  "generated/Addresses.ts",
  "generated/Products.ts",
  "generated/Me.ts",
  "generated/operationTable.ts",
  "generated/models/Address.ts",
  "index.ts"
]

describe("formatting of the generated code", () => {
  it("committed generated files are already formatted: formatting them again changes nothing", () => {
    const src = join(repository, "packages/resources/src")
    const files = new Map(samples.map((path) => [path, readFileSync(join(src, path), "utf8")]))
    const formatted = formatFiles(files, options)
    const changed = [...files].filter(([path, text]) => formatted.get(path) !== text).map(([path]) => path)
    assert.deepStrictEqual(changed, [])
  }, formatLimit)

  it("wraps long signatures at the configured width", () => {
    const long = `export const f = (options: Pick<Options<${
      Array.from({ length: 20 }, (_, i) => `"Field${i}"`).join(" | ")
    }>, "a" | "b"> = {}) => options\n`
    const formatted = formatFiles(new Map([["f.ts", long]]), options).get("f.ts")!
    assert.notStrictEqual(formatted, long)
    for (const line of formatted.split("\n")) assert.isAtMost(line.length, 120)
  }, formatLimit)

  it("formats until formatting again changes nothing: a long extends list wraps in two runs", () => {
    const fields = Array.from({ length: 12 }, (_, i) => `"Field${i}"`).join(" | ")
    const long =
      `export interface ListOptions<X extends Option<typeof Model> = Unknown> extends CallOptions<X>, Pick<Options<${fields}, ${fields}>, "a" | "b"> {\n  readonly c?: string | undefined\n}\n`
    const formatted = formatFiles(new Map([["f.ts", long]]), options).get("f.ts")!
    assert.strictEqual(formatFiles(new Map([["f.ts", formatted]]), options).get("f.ts"), formatted)
  }, formatLimit)

  it("refuses an options file that is not an object of plain values", () => {
    const dir = mkdtempSync(join(tmpdir(), "codegen-format-"))
    const list = join(dir, "list.json")
    const nested = join(dir, "nested.json")
    writeFileSync(list, "[]")
    writeFileSync(nested, JSON.stringify({ lineWidth: { value: 120 } }))
    assert.throws(() => readOptions(list), /list\.json is not an object of dprint options/)
    assert.throws(() => readOptions(nested), /nested\.json: option lineWidth is not a string, number or boolean/)
  })
})
