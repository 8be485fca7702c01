/**
 * Formats the generated files the way `pnpm lint` checks them: dprint's
 * TypeScript plugin with the repository's dprint.json, the options ESLint's
 * `@effect/dprint` rule formats with. The generator emits readable but
 * unwrapped code; this step makes it what `pnpm lint-fix` would leave, so
 * generated files pass lint as written and `--check` compares final bytes.
 */
import { createFromBuffer } from "@dprint/formatter"
import { getPath } from "@dprint/typescript"
import { readFileSync } from "node:fs"

/**
 * dprint's TypeScript options (`indentWidth`, `lineWidth`, ...), as in dprint.json.
 *
 * @since 0.1.0
 * @category formatting
 */
export type Options = Readonly<Record<string, string | number | boolean>>

/**
 * Reads dprint options from a JSON file (the repository's dprint.json).
 *
 * @since 0.1.0
 * @category formatting
 */
export const readOptions = (path: string): Options => {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"))
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} is not an object of dprint options`)
  }
  const options: Record<string, string | number | boolean> = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new Error(`${path}: option ${key} is not a string, number or boolean`)
    }
    options[key] = value
  }
  return options
}

/** dprint settles in two runs where it settles at all: more means a loop. */
const maxRuns = 5

/**
 * Formats every file of the map (keys are paths ending in `.ts`), keeping the
 * order, again until formatting changes nothing (what `pnpm lint-fix` leaves).
 * Deterministic: the same input and options give the same bytes.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatFiles = (files: ReadonlyMap<string, string>, options: Options): Map<string, string> => {
  // The same calls the ESLint rule makes (no setConfig, the options as an override), so both agree.
  const formatter = createFromBuffer(readFileSync(getPath()))
  const formatted = new Map<string, string>()
  for (const [path, text] of files) {
    // Until nothing changes, as `pnpm lint-fix` does: dprint wraps a long `extends` list in two runs.
    let current = text
    for (let run = 1;; run++) {
      const next = formatter.formatText({ filePath: path, fileText: current, overrideConfig: options })
      if (next === current) break
      if (run === maxRuns) throw new Error(`${path}: formatting did not settle in ${maxRuns} runs`)
      current = next
    }
    formatted.set(path, current)
  }
  return formatted
}
