/**
 * The figures that depend only on the source (and pinned tools): counts of
 * the generated API surface and browser bundle sizes. `pnpm bench:figures`
 * writes them to `bench/results/`; `bench/test/figures.test.ts` recomputes
 * them and fails when the committed results or the READMEs disagree.
 */
import * as OperationTable from "@ordercloud-effect/resources/OperationTable"
import { version as esbuildVersion } from "esbuild"
import { readdirSync, readFileSync } from "node:fs"
import { bundle } from "./bundle.js"
import { productsGet, rawPlatformGet, storefrontFlow, storefrontPage, wholePackage } from "./programs.js"
import type { Results } from "./results.js"

/** The API description codegen reads by default, kept in the repository. */
export const descriptionPath = new URL("../spec/ordercloud/openapi.json", import.meta.url).pathname

const modelsDir = new URL("../packages/resources/src/generated/models/", import.meta.url)

interface Description {
  readonly info: { readonly version: string }
  readonly components: { readonly schemas: Record<string, { readonly properties?: Record<string, unknown> }> }
}

/** What the description holds. */
export const countDescription = (
  path = descriptionPath
): Pick<Results["counts"], "descriptionVersion" | "descriptionSchemas" | "listPageEnvelopes"> => {
  const document: Description = JSON.parse(readFileSync(path, "utf8"))
  const schemas = Object.values(document.components.schemas)
  return {
    descriptionVersion: document.info.version,
    descriptionSchemas: schemas.length,
    // The list-page envelopes are core's generic `ListPage`, not models of their own.
    listPageEnvelopes:
      schemas.filter((schema) => schema.properties?.Meta !== undefined && schema.properties.Items !== undefined)
        .length
  }
}

/** Counts of what codegen generated: operations and resources from the operation table, model modules from disk. */
export const countGenerated = (): Pick<Results["counts"], "operations" | "resources" | "models"> => ({
  operations: OperationTable.entries.length,
  resources: new Set(OperationTable.entries.map((entry) => entry.resource)).size,
  models: readdirSync(modelsDir).filter((file) => file.endsWith(".ts") && file !== "index.ts").length
})

export const measureBundles = async (): Promise<Results["size"]> => ({
  esbuild: esbuildVersion,
  zlib: process.versions.zlib ?? "unknown",
  baseline: await size(rawPlatformGet),
  productsGet: await size(productsGet),
  wholePackage: await size(wholePackage),
  storefrontFlow: await size(storefrontFlow),
  storefrontPage: await size(storefrontPage)
})

const size = async (program: string) => {
  const { gzipBytes, minifiedBytes } = await bundle(program)
  return { minifiedBytes, gzipBytes }
}
