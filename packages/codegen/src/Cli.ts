/**
 * `pnpm codegen [SOURCE] [--check]`: writes packages/resources/src/generated
 * (and the package's `src/index.ts`) from an OpenAPI description: a file
 * path, an https URL, or by default the copy kept in the repository at
 * `spec/ordercloud/openapi.json`; and packages/core/src/generated (the error
 * codes) from `spec/ordercloud/error-codes.json`. With `--check`, writes
 * nothing and fails when the committed files differ from what the sources give.
 *
 * A description that is missing, unreadable or not an OpenAPI document is
 * an error (exit code 1): the committed output must never look up to date
 * because its source was not found.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { emitErrorCodes, parseEntries } from "./ErrorCodes.js"
import { formatFiles, readOptions } from "./Format.js"
import { compare, generate, header } from "./Generate.js"
import type { Document } from "./OpenApi.js"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const outDir = join(root, "packages/resources/src")
const coreDir = join(root, "packages/core/src")
/** The formatter options `pnpm lint` checks with; generated files are written already formatted. */
const formatOptions = join(root, "dprint.json")

/**
 * The description the generated code comes from, kept in the repository so a
 * clone alone can regenerate and check its output.
 *
 * @since 0.1.0
 * @category sources
 */
export const defaultSource = join(root, "spec/ordercloud/openapi.json")

/**
 * The error codes core's `ErrorCode` is generated from; always the
 * repository's copy, whichever description is named.
 *
 * @since 0.1.0
 * @category sources
 */
export const errorCodesSource = join(root, "spec/ordercloud/error-codes.json")

/**
 * Where the command's lines go (the console, or a test's capture).
 *
 * @since 0.1.0
 * @category cli
 */
export interface Output {
  readonly log: (line: string) => void
  readonly error: (line: string) => void
}

const usage =
  "usage: pnpm codegen [SOURCE] [--check]  (SOURCE: a file or an https URL; default spec/ordercloud/openapi.json)"

const parse = (args: ReadonlyArray<string>): { readonly source: string; readonly check: boolean } => {
  const unknown = args.filter((arg) => arg.startsWith("-") && arg !== "--check")
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(", ")}; ${usage}`)
  const sources = args.filter((arg) => !arg.startsWith("-"))
  if (sources.length > 1) throw new Error(`one source at most, got ${sources.join(", ")}; ${usage}`)
  return { source: sources[0] ?? defaultSource, check: args.includes("--check") }
}

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null

/** Enough of a check that the generator reads what it expects, not a crash on another JSON file. */
const isDocument = (value: unknown): value is Document =>
  isObject(value) && "openapi" in value && typeof value.openapi === "string" &&
  "info" in value && isObject(value.info) && "paths" in value && isObject(value.paths) &&
  "components" in value && isObject(value.components)

const load = async (source: string): Promise<Document> => {
  let text: string
  let shown: string
  if (/^https:\/\//.test(source)) {
    shown = source
    const response = await fetch(source, { headers: { accept: "application/json" } })
    if (!response.ok) throw new Error(`${source} answered ${response.status}`)
    text = await response.text()
  } else {
    const path = resolve(source)
    const isDefault = path === defaultSource
    shown = isDefault ? relative(process.cwd(), path) : source
    if (!existsSync(path)) {
      const hint = isDefault
        ? " (the repository's copy of the OrderCloud description; see packages/codegen/README.md to restore it)"
        : ""
      throw new Error(`no API description at ${shown}${hint}`)
    }
    text = readFileSync(path, "utf8")
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${shown} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (!isDocument(parsed)) {
    throw new Error(`${shown} is not an OpenAPI description (no openapi, info, paths, components)`)
  }
  return parsed
}

/** Files on disk under `dir` (relative to the repository), recursively. */
const walk = (dir: string, files: Map<string, string>): void => {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path, files)
    else files.set(relative(root, path), readFileSync(path, "utf8"))
  }
}

/** Generated files on disk, relative to the repository: both generated/ folders, plus resources' index. */
const existing = (): Map<string, string> => {
  const files = new Map<string, string>()
  walk(join(outDir, "generated"), files)
  walk(join(coreDir, "generated"), files)
  const index = join(outDir, "index.ts")
  if (existsSync(index)) files.set(relative(root, index), readFileSync(index, "utf8"))
  return files
}

/** Everything the generator writes, relative to the repository. */
const generateAll = (document: Document) => {
  const output = generate(document)
  const files = new Map<string, string>()
  for (const [path, content] of output.files) files.set(relative(root, join(outDir, path)), content)
  const shown = relative(root, errorCodesSource)
  if (!existsSync(errorCodesSource)) {
    throw new Error(`no error codes at ${shown} (core's ErrorCode is generated from it)`)
  }
  const codes = parseEntries(JSON.parse(readFileSync(errorCodesSource, "utf8")), shown)
  const banner = header(document, shown)
  files.set(relative(root, join(coreDir, "generated/ErrorCodes.ts")), emitErrorCodes(codes, banner))
  return { output, files }
}

const generateFrom = async (args: ReadonlyArray<string>, out: Output): Promise<number> => {
  const { check, source } = parse(args)
  const { files: unformatted, output } = generateAll(await load(source))
  const files = formatFiles(unformatted, readOptions(formatOptions))
  const summary =
    `${output.operationCount} operations in ${output.resourceCount} resources, ${output.modelCount} models`
  const current = existing()
  if (check) {
    const { extra, stale } = compare(current, files)
    if (stale.length > 0 || extra.length > 0) {
      for (const path of stale) out.error(`codegen: out of date: ${path}`)
      for (const path of extra) out.error(`codegen: not generated any more: ${path}`)
      out.error(`codegen: run \`pnpm codegen\` and commit the result`)
      return 1
    }
    out.log(`codegen: up to date (${summary})`)
    return 0
  }
  for (const path of current.keys()) {
    if (!files.has(path)) rmSync(join(root, path))
  }
  for (const [path, content] of files) {
    if (current.get(path) === content) continue
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  out.log(`codegen: wrote ${summary}`)
  return 0
}

/**
 * Runs the command with its arguments and returns the exit code; every
 * failure is reported on `out.error`, nothing is thrown.
 *
 * @since 0.1.0
 * @category cli
 */
export const run = async (args: ReadonlyArray<string>, out: Output = console): Promise<number> => {
  try {
    return await generateFrom(args, out)
  } catch (error) {
    out.error(`codegen: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}
