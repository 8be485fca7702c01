/**
 * The in-process sandbox in a browser: its index bundles for the browser
 * platform (esbuild refuses `node:*` built-ins there), and a bundled program
 * runs with Node's own globals (`Buffer`, `process`, ...) replaced by
 * `undefined`, so it gets by on what browsers also have: fetch, WebCrypto,
 * TextEncoder, atob/btoa.
 */
import { assert, describe, it } from "@effect/vitest"
import { build } from "esbuild"
import { execFile } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { promisify } from "node:util"

/** A browser app's use of the sandbox: the client, a session, one resource call. */
const program = `
import { Sandbox, Seed } from "../src/index.js"
import { Session } from "@ordercloud-effect/auth"
import { Products } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const seller = Session.layerClientCredentials({
  clientID: Seed.adminClientID,
  clientSecret: Redacted.make(Seed.adminClientSecret),
  scope: ["FullAccess"]
})

export const run = () =>
  Effect.runPromise(
    Products.list().pipe(
      Effect.map((page) => page.Items.map((product) => product.ID)),
      Effect.provide(Layer.provideMerge(seller, Sandbox.layerClient()))
    )
  )
`

/**
 * What Node has and browsers do not. Deleting them from Node's global
 * object would break Node's own fetch, so the bundle's references to them
 * (those not guarded by `typeof`/`in` checks fail) become `undefined`.
 */
const nodeGlobals = [
  "Buffer",
  "process",
  "global",
  "require",
  "setImmediate",
  "clearImmediate",
  "__dirname",
  "__filename"
]

const bundleOf = (contents: string, define: Record<string, string> = {}) =>
  build({
    stdin: {
      contents,
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "ts",
      sourcefile: "program.ts"
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
    define
  })

const runner = (bundle: string) => `
const { run } = await import(${JSON.stringify(pathToFileURL(bundle).href)})
console.log(JSON.stringify(await run()))
`

describe("the in-process sandbox in a browser", () => {
  it("the index bundles for the browser with no Node built-in", async () => {
    const result = await bundleOf(`export * from "../src/index.js"`)
    assert.deepStrictEqual(result.errors, [])
    const inputs = Object.keys(result.metafile.inputs)
    assert.isTrue(inputs.some((input) => input.endsWith("packages/sandbox/src/Sandbox.ts")))
    assert.deepStrictEqual(inputs.filter((input) => input.startsWith("node:")), [])
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports)
    assert.deepStrictEqual(imports, [])
  }, 120_000)

  it("a bundled program with a session and a resource call answers without Node's globals", async () => {
    const result = await bundleOf(program, Object.fromEntries(nodeGlobals.map((name) => [name, "undefined"])))
    assert.deepStrictEqual(result.errors, [])
    const dir = await mkdtemp(join(tmpdir(), "sandbox-browser-"))
    try {
      const bundle = join(dir, "program.mjs")
      await writeFile(bundle, result.outputFiles[0]!.contents)
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--input-type=module", "--eval", runner(bundle)],
        { timeout: 90_000 }
      )
      assert.deepStrictEqual(JSON.parse(stdout), ["tee-01", "mug-02", "cap-03", "sock-04", "bag-05"])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
