/**
 * Bundle size of a program using only `Products.get`, against a raw
 * platform GET in the same run, and of the whole resources package.
 * Writes `bench/results/size.json` and the READMEs' figures.
 * `pnpm bench:figures` (part of `pnpm bench`).
 */
import { measureBundles } from "./deterministic.js"
import { updateReadmes } from "./readme.js"
import * as Results from "./results.js"

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

const main = async () => {
  const results = await measureBundles()
  Results.write("size", results)
  const rows = [
    ["raw platform GET + Schema decode (baseline)", results.baseline],
    ["Products.get through the SDK", results.productsGet],
    ["the whole resources package (barrel)", results.wholePackage],
    ["the storefront page's flow over fetch", results.storefrontFlow],
    ["the storefront page with its embedded sandbox", results.storefrontPage]
  ] as const
  console.log(`bundle size (esbuild ${results.esbuild}, minified ESM, gzip -9)`)
  for (const [name, result] of rows) {
    console.log(
      `  ${name.padEnd(46)} ${kib(result.minifiedBytes).padStart(10)} min ${
        kib(result.gzipBytes).padStart(10)
      } gzip  x${(result.gzipBytes / results.baseline.gzipBytes).toFixed(2)}`
    )
  }
  updateReadmes()
}

main()
