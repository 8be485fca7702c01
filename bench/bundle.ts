/**
 * Bundles a small program with esbuild (minified ESM, browser platform) from
 * the workspace sources, as an app's bundler would.
 */
import { build } from "esbuild"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

/** Where programs resolve packages from: inside the resources package. */
export const resolveDir = fileURLToPath(new URL("../packages/resources", import.meta.url))

export interface Bundle {
  readonly code: string
  readonly minifiedBytes: number
  readonly gzipBytes: number
}

export const bundle = async (program: string): Promise<Bundle> => {
  const result = await build({
    stdin: { contents: program, resolveDir, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent"
  })
  const code = result.outputFiles[0]!.text
  return { code, minifiedBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).byteLength }
}
