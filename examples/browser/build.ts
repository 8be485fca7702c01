/**
 * Bundles the storefront page for browsers (esbuild, `platform: "browser"`):
 * one classic script, not a module, so the page also runs opened from a
 * file (browsers load no module script from `file://`).
 */
import { build } from "esbuild"
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

/** The page's files by name: what a static server serves or a folder holds. */
export type Files = ReadonlyMap<string, { readonly type: string; readonly body: Uint8Array }>

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The page and its bundle, built in memory. */
export const buildPage = async (): Promise<Files> => {
  const result = await build({
    entryPoints: [here("./src/main.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent"
  })
  return new Map([
    ["index.html", { type: "text/html; charset=utf-8", body: await readFile(here("./index.html")) }],
    ["storefront.js", { type: "text/javascript; charset=utf-8", body: result.outputFiles[0]!.contents }]
  ])
}

/** Bytes gzipped at level 9, as the bundle sizes elsewhere in the repository. */
export const gzipSize = (body: Uint8Array): number => gzipSync(body, { level: 9 }).byteLength
