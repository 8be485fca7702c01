/**
 * Counts of the generated API surface (operations, resources, models) and of
 * the description they come from. Writes `bench/results/counts.json` and the
 * READMEs' figures. `pnpm bench:figures` (part of `pnpm bench`); the
 * description is read from where codegen reads it, or from the path given.
 */
import { countGenerated, describe, descriptionPath } from "./deterministic.js"
import { updateReadmes } from "./readme.js"
import * as Results from "./results.js"

const source = process.argv[2] ?? descriptionPath
const description = describe(source)
if (description === undefined) {
  console.error(`${source} is missing: the counts need the API description codegen reads`)
  process.exit(1)
}
const counts = { ...description, ...countGenerated() }
Results.write("counts", counts)
console.log(`API surface (description ${counts.descriptionVersion})`)
for (const [name, value] of Object.entries(counts)) console.log(`  ${name.padEnd(20)} ${value}`)
updateReadmes()
