/**
 * Keeps the README's conformance table honest: each row says faithful,
 * simplified or not emulated, and each faithful row names tests (a file,
 * then test names in quotes) that exist in that file.
 */
import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")

interface Row {
  readonly area: string
  readonly conformance: string
  readonly proof: ReadonlyArray<{ readonly file: string; readonly name: string }>
}

/** The rows of the table under "## Conformance". */
const rows = (): ReadonlyArray<Row> => {
  const section = readme.split(/^## Conformance$/m)[1]?.split(/^## /m)[0] ?? ""
  return section.split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| area ") && !line.startsWith("|---"))
    .map((line) => {
      const cells = line.slice(2, -2).split(" | ")
      const proof: Array<{ file: string; name: string }> = []
      let file = ""
      for (const [, named, quoted] of (cells[3] ?? "").matchAll(/`([\w.-]+\.test\.ts)`|"([^"]+)"/g)) {
        if (named !== undefined) file = named
        else if (quoted !== undefined) proof.push({ file, name: quoted })
      }
      return { area: cells[0] ?? "", conformance: cells[1] ?? "", proof }
    })
}

describe("the README's conformance table", () => {
  it("has a row for each area, each faithful, simplified or not emulated", () => {
    const table = rows()
    assert.isAtLeast(table.length, 40)
    for (const row of table) assert.include(["faithful", "simplified", "not emulated"], row.conformance, row.area)
    const areas = table.map((row) => row.area).join("\n")
    for (
      const area of [
        "Auth",
        "Roles",
        "Listing",
        "Catalog assignments",
        "Order lifecycle",
        "Checkout",
        "Facets",
        "Webhooks"
      ]
    ) {
      assert.include(areas, area)
    }
  })

  it("names, for every faithful row, tests that exist in the named test files", () => {
    for (const row of rows().filter((r) => r.conformance === "faithful")) {
      assert.isNotEmpty(row.proof, `${row.area} names no test`)
      for (const { file, name } of row.proof) {
        assert.notStrictEqual(file, "", `${row.area}: "${name}" names no file`)
        const source = readFileSync(new URL(`./${file}`, import.meta.url), "utf8")
        assert.include(source, `"${name}`, `${row.area}: no test "${name}" in ${file}`)
      }
    }
  })
})
