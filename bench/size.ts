/**
 * Bundle size of a program using only `Products.get`, against a raw
 * platform GET in the same run. `pnpm bench`.
 */
import { bundle } from "./bundle.js"
import { productsGet, rawPlatformGet, wholePackage } from "./programs.js"

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

const main = async () => {
  const baseline = await bundle(rawPlatformGet)
  const rows = [
    ["raw platform GET + Schema decode (baseline)", baseline],
    ["Products.get through the SDK", await bundle(productsGet)],
    ["the whole resources package (barrel)", await bundle(wholePackage)]
  ] as const
  console.log("bundle size (esbuild, minified ESM, gzip -9)")
  for (const [name, result] of rows) {
    console.log(
      `  ${name.padEnd(46)} ${kib(result.minifiedBytes).padStart(10)} min ${kib(result.gzipBytes).padStart(10)} gzip  x${
        (result.gzipBytes / baseline.gzipBytes).toFixed(2)
      }`
    )
  }
}

main()
