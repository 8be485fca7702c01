/**
 * What importing the whole resources package costs, against importing
 * `effect` and `@effect/platform` alone, in the same run: each program is
 * bundled once for Node, then imported in a fresh process, 15 times each,
 * interleaved; medians reported. Writes `bench/results/import-cost.json` and
 * the READMEs' figures. `pnpm bench`.
 */
import { build } from "esbuild"
import { execFileSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { resolveDir } from "./bundle.js"
import { updateReadmes } from "./readme.js"
import * as Results from "./results.js"

const programs = {
  baseline:
    `import * as Effect from "effect"; import * as Platform from "@effect/platform"; globalThis.keep = [Effect, Platform]`,
  core: `import * as Core from "@ordercloud-effect/core"; globalThis.keep = Core`,
  resources: `import * as Resources from "@ordercloud-effect/resources"; globalThis.keep = Resources`
} as const

const runs = 15
const dir = mkdtempSync(join(tmpdir(), "import-cost-"))

const main = async () => {
  const machine = Results.machine()
  const files: Record<string, string> = {}
  for (const [name, contents] of Object.entries(programs)) {
    const result = await build({
      stdin: { contents, resolveDir, loader: "ts" },
      bundle: true,
      format: "esm",
      platform: "node",
      write: false,
      logLevel: "silent"
    })
    files[name] = join(dir, `${name}.mjs`)
    writeFileSync(files[name], result.outputFiles[0]!.text)
  }
  const timings: Record<string, Array<number>> = Object.fromEntries(Object.keys(programs).map((name) => [name, []]))
  const probe = `const t = performance.now(); await import(process.argv[1]); console.log(performance.now() - t)`
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(programs)) {
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", probe, files[name]!], {
        encoding: "utf8"
      })
      timings[name]!.push(Number(out.trim()))
    }
  }
  const median = (values: Array<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const base = median(timings.baseline!)
  console.log(`import cost (node ${process.version}, bundled, median of ${runs} fresh processes)`)
  for (const name of Object.keys(programs)) {
    const m = median(timings[name]!)
    console.log(`  ${name.padEnd(10)} ${m.toFixed(1).padStart(8)} ms  x${(m / base).toFixed(2)}`)
  }
  Results.write("import-cost", {
    machine,
    runs,
    baseline: Results.round(base),
    core: Results.round(median(timings.core!)),
    resources: Results.round(median(timings.resources!))
  })
  updateReadmes()
}

main()
