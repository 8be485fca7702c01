/**
 * `pnpm codegen [SOURCE] [--check]`: writes packages/resources/src/generated
 * from an OpenAPI description (a file path or an https URL; default
 * ../shared/ordercloud/openapi.json beside the repository). With `--check`,
 * writes nothing and fails when the committed files differ from what the
 * description gives.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { compare, generate } from "./Generate.js"
import type { Document } from "./OpenApi.js"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const outDir = join(root, "packages/resources/src")
const defaultSource = resolve(root, "../shared/ordercloud/openapi.json")

const args = process.argv.slice(2)
const check = args.includes("--check")
const source = args.find((arg) => !arg.startsWith("--")) ?? defaultSource

const load = async (): Promise<Document | undefined> => {
  if (/^https:\/\//.test(source)) {
    const response = await fetch(source, { headers: { accept: "application/json" } })
    if (!response.ok) throw new Error(`${source} answered ${response.status}`)
    return (await response.json()) as Document
  }
  if (!existsSync(source)) return undefined
  return JSON.parse(readFileSync(source, "utf8")) as Document
}

/** Generated files on disk: everything under generated/, plus the index. */
const existing = (): Map<string, string> => {
  const files = new Map<string, string>()
  const walk = (dir: string) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else files.set(relative(outDir, path), readFileSync(path, "utf8"))
    }
  }
  walk(join(outDir, "generated"))
  const index = join(outDir, "index.ts")
  if (existsSync(index)) files.set("index.ts", readFileSync(index, "utf8"))
  return files
}

const main = async () => {
  const document = await load()
  if (document === undefined) {
    console.log(`codegen: skipped, no API description at ${relative(process.cwd(), source)}`)
    return
  }
  const output = generate(document)
  const summary =
    `${output.operationCount} operations in ${output.resourceCount} resources, ${output.modelCount} models`
  const current = existing()
  if (check) {
    const { extra, stale } = compare(current, output.files)
    if (stale.length > 0 || extra.length > 0) {
      for (const path of stale) console.error(`codegen: out of date: ${path}`)
      for (const path of extra) console.error(`codegen: not generated any more: ${path}`)
      console.error(`codegen: run \`pnpm codegen\` and commit the result`)
      process.exitCode = 1
      return
    }
    console.log(`codegen: up to date (${summary})`)
    return
  }
  for (const path of current.keys()) {
    if (!output.files.has(path)) rmSync(join(outDir, path))
  }
  for (const [path, content] of output.files) {
    if (current.get(path) === content) continue
    mkdirSync(dirname(join(outDir, path)), { recursive: true })
    writeFileSync(join(outDir, path), content)
  }
  console.log(`codegen: wrote ${summary}`)
}

main().catch((error: unknown) => {
  console.error(`codegen: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
