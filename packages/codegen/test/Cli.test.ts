import { assert, describe, it } from "@effect/vitest"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { defaultSource, run } from "../src/Cli.js"

const repository = fileURLToPath(new URL("../../..", import.meta.url))

/** Generating and formatting every file (dprint's WebAssembly compiled first) takes seconds of CPU. */
const formatLimit = 60_000

/** Runs the command in-process and keeps what it printed. */
const codegen = async (...args: ReadonlyArray<string>) => {
  const log: Array<string> = []
  const error: Array<string> = []
  const code = await run(args, { log: (line) => log.push(line), error: (line) => error.push(line) })
  return { code, log, error }
}

describe("pnpm codegen", () => {
  it("reads the description kept in the repository by default", () => {
    assert.strictEqual(relative(repository, defaultSource), join("spec", "ordercloud", "openapi.json"))
  })

  it("--check passes: the committed output is what the repository's description gives", async () => {
    const result = await codegen("--check")
    assert.deepStrictEqual(result.error, [])
    assert.strictEqual(result.log.length, 1)
    assert.match(result.log[0]!, /^codegen: up to date \(620 operations in 61 resources, \d+ models\)$/)
    assert.strictEqual(result.code, 0)
  }, formatLimit)

  it("fails, writing nothing, when the named description does not exist", async () => {
    for (const args of [["./nope.json"], ["./nope.json", "--check"]]) {
      const result = await codegen(...args)
      assert.strictEqual(result.code, 1)
      assert.deepStrictEqual(result.log, [])
      assert.deepStrictEqual(result.error, ["codegen: no API description at ./nope.json"])
    }
  })

  it("fails on a file that is not JSON or not an OpenAPI description", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codegen-"))
    const broken = join(dir, "broken.json")
    const other = join(dir, "package.json")
    writeFileSync(broken, "{ not json")
    writeFileSync(other, JSON.stringify({ name: "not-a-description" }))
    const notJson = await codegen(broken)
    assert.strictEqual(notJson.code, 1)
    assert.match(notJson.error[0]!, /^codegen: .*broken\.json is not JSON: /)
    const notOpenApi = await codegen(other)
    assert.strictEqual(notOpenApi.code, 1)
    assert.match(notOpenApi.error[0]!, /^codegen: .*package\.json is not an OpenAPI description/)
  })

  it("refuses an unknown option or two sources instead of guessing", async () => {
    const typo = await codegen("--chek")
    assert.strictEqual(typo.code, 1)
    assert.match(typo.error[0]!, /^codegen: unknown option --chek; usage: pnpm codegen \[SOURCE\] \[--check\]/)
    const two = await codegen("a.json", "b.json")
    assert.strictEqual(two.code, 1)
    assert.match(two.error[0]!, /^codegen: one source at most, got a\.json, b\.json/)
  })
})
