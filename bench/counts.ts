/**
 * Counts of the generated API surface (operations, resources, models) and of
 * the description they come from. Writes `bench/results/counts.json` and the
 * READMEs' figures. `pnpm bench:figures` (part of `pnpm bench`); the
 * description is read from where codegen reads it, or from the path given.
 */
import { countDescription, countGenerated, descriptionPath } from "./deterministic.js"
import { updateReadmes } from "./readme.js"
import * as Results from "./results.js"

const counts = { ...countDescription(process.argv[2] ?? descriptionPath), ...countGenerated() }
Results.write("counts", counts)
console.log(`API surface (description ${counts.descriptionVersion})`)
for (const [name, value] of Object.entries(counts)) console.log(`  ${name.padEnd(20)} ${value}`)
updateReadmes()
