/**
 * Counts of the generated API surface (operations, resources, models) and of
 * the description they come from. Writes `bench/results/counts.json` and the
 * READMEs' figures. `pnpm bench:figures` (part of `pnpm bench`); the
 * description is read from where codegen reads it, or from the path given.
 * Without it, the description's counts already in the results are kept.
 */
import { existsSync } from "node:fs"
import { countDescription, countGenerated, descriptionPath } from "./deterministic.js"
import { updateReadmes } from "./readme.js"
import * as Results from "./results.js"

const source = process.argv[2] ?? descriptionPath
const kept = () => {
  if (!existsSync(Results.path("counts"))) return undefined
  const { descriptionSchemas, descriptionVersion, listPageEnvelopes } = Results.read("counts")
  console.warn(`${source} is missing: keeping the description's counts from bench/results/counts.json`)
  return { descriptionVersion, descriptionSchemas, listPageEnvelopes }
}
const description = countDescription(source) ?? kept()
if (description === undefined) {
  console.error(`${source} is missing: the counts need the API description codegen reads`)
  process.exit(1)
}
const counts = { ...description, ...countGenerated() }
Results.write("counts", counts)
console.log(`API surface (description ${counts.descriptionVersion})`)
for (const [name, value] of Object.entries(counts)) console.log(`  ${name.padEnd(20)} ${value}`)
updateReadmes()
