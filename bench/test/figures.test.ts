import { assert, describe, it } from "@effect/vitest"
import { countDescription, countGenerated, measureBundles } from "../deterministic.js"
import { quoted, quotes } from "../readme.js"
import * as Results from "../results.js"

const update = "run `pnpm bench:figures` and commit bench/results and the READMEs"

describe("deterministic figures", () => {
  it("the counts in bench/results/counts.json are those of the generated code and the description", () => {
    const committed = Results.read("counts")
    const generated = countGenerated()
    assert.deepStrictEqual(
      { operations: committed.operations, resources: committed.resources, models: committed.models },
      generated,
      update
    )
    assert.deepStrictEqual(
      {
        descriptionVersion: committed.descriptionVersion,
        descriptionSchemas: committed.descriptionSchemas,
        listPageEnvelopes: committed.listPageEnvelopes
      },
      countDescription(),
      update
    )
  })

  it("the bundle sizes in bench/results/size.json are those of the current source", async () => {
    const committed = Results.read("size")
    const measured = await measureBundles()
    assert.strictEqual(measured.esbuild, committed.esbuild, "esbuild is pinned: the sizes were measured with another")
    for (const name of ["baseline", "productsGet", "wholePackage", "storefrontFlow", "storefrontPage"] as const) {
      assert.strictEqual(measured[name].minifiedBytes, committed[name].minifiedBytes, `${name} minified: ${update}`)
      if (measured.zlib === committed.zlib) {
        assert.strictEqual(measured[name].gzipBytes, committed[name].gzipBytes, `${name} gzip: ${update}`)
      } else {
        // Another zlib (another Node) compresses the same bytes a little differently.
        const drift = Math.abs(measured[name].gzipBytes - committed[name].gzipBytes) / committed[name].gzipBytes
        assert.isBelow(drift, 0.01, `${name} gzip (zlib ${measured.zlib}, results from ${committed.zlib}): ${update}`)
      }
    }
  }, 120_000)
})

describe("README figures", () => {
  for (const quote of quotes) {
    it(`${quote.readme} quotes bench/results/${quote.source}.json (${quote.name})`, () => {
      assert.strictEqual(
        quoted(quote.readme, quote.name),
        quote.render(),
        `the figures between <!-- figures:${quote.name} --> markers differ from the results file: run \`pnpm bench\` (or \`pnpm bench:figures\` for counts and sizes), which rewrites them`
      )
    })
  }
})
