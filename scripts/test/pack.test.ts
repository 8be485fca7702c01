/**
 * The packages as users get them: built, packed as they would be published,
 * installed from the tarballs into an app outside the workspace, then
 * imported with plain `node`, type-checked with `tsc` (NodeNext and Bundler,
 * no skipLibCheck) and run: the root README's two programs.
 *
 * Slow by nature (a build if `pnpm check` has not done it, an install, two
 * full type-checks): the limits are generous and explicit.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Server from "@ordercloud-effect/sandbox/Server"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { inspect } from "node:util"
import { packInto, root, run, type Tarball } from "../pack.js"

const setupLimit = 300_000
const testLimit = 60_000

const publicNames = [
  "@ordercloud-effect/auth",
  "@ordercloud-effect/core",
  "@ordercloud-effect/receive",
  "@ordercloud-effect/resources",
  "@ordercloud-effect/sandbox"
]
const sandboxProducts = ["Sandbox Bag", "Sandbox Cap", "Sandbox Mug", "Sandbox Socks", "Sandbox Tee"]

type Target = { readonly types: string; readonly default: string } | null

interface Manifest {
  readonly name: string
  readonly version: string
  readonly description?: string
  readonly keywords?: ReadonlyArray<string>
  readonly license?: string
  readonly homepage?: string
  readonly repository?: { readonly type: string; readonly url: string; readonly directory: string }
  readonly engines?: { readonly node: string }
  readonly main?: string
  readonly types?: string
  readonly files?: ReadonlyArray<string>
  readonly exports: Readonly<Record<string, Target | string>>
  readonly dependencies?: Readonly<Record<string, string>>
  readonly peerDependencies?: Readonly<Record<string, string>>
}

// A user's files: the README's two programs, and module paths with the internals sealed.
const userFiles = {
  "quickstart.ts": readFileSync(join(root, "examples/src/quickstart.ts"), "utf8"),
  "marketplace.ts": readFileSync(join(root, "examples/src/marketplace.ts"), "utf8"),
  "subpaths.ts": `import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as Session from "@ordercloud-effect/auth/Session"
import * as Products from "@ordercloud-effect/resources/Products"
import type { Product } from "@ordercloud-effect/resources/models/Product"
import * as Sandbox from "@ordercloud-effect/sandbox/Sandbox"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
// @ts-expect-error internal modules are not part of the API
import type {} from "@ordercloud-effect/core/internal/transport"

const seller = Session.layerClientCredentials({ clientID: "a", clientSecret: Redacted.make("s"), scope: ["FullAccess"] })
export const names: Effect.Effect<ReadonlyArray<Product["Name"]>, unknown, never> = Products.list().pipe(
  Effect.map((page) => page.Items.map((product) => product.Name)),
  Effect.provide(Layer.provideMerge(seller, Sandbox.layerClient()))
)
export const tag: typeof OrderCloudClient.OrderCloudClient = OrderCloudClient.OrderCloudClient
`
}

// Every declaration file in node_modules is checked (ours, effect's); TypeScript's own lib files
// are not (skipDefaultLibCheck), which saves a third of each run.
const common = {
  strict: true,
  target: "ES2022",
  lib: ["ES2022", "DOM"],
  types: [],
  skipLibCheck: false,
  skipDefaultLibCheck: true
}
const tsconfigs = {
  // As this repository compiles, emitting the JS that the run tests execute.
  "tsconfig.nodenext.json": {
    ...common,
    exactOptionalPropertyTypes: true,
    module: "NodeNext",
    moduleResolution: "NodeNext",
    outDir: "out"
  },
  // As a bundler-based app compiles (Vite, esbuild, ...), with optional properties loose.
  "tsconfig.bundler.json": { ...common, module: "ESNext", moduleResolution: "Bundler", noEmit: true }
}

let dir = ""
let tarballs: ReadonlyArray<Tarball> = []
const typeErrors = new Map<string, string>()

const installed = (name: string) => join(dir, "node_modules", name)
const manifest = (name: string): Manifest => JSON.parse(readFileSync(join(installed(name), "package.json"), "utf8"))
const node = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = process.env) =>
  run(process.execPath, args, { cwd: dir, env })
const tsc = (project: string) =>
  run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", project, "--pretty", "false"], {
    cwd: dir
  })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ordercloud-effect-app-"))
  tarballs = await packInto(dir)
  mkdirSync(join(dir, "src"))
  for (const [file, text] of Object.entries(userFiles)) writeFileSync(join(dir, "src", file), text)
  for (const [file, compilerOptions] of Object.entries(tsconfigs)) {
    writeFileSync(join(dir, file), JSON.stringify({ compilerOptions, include: ["src"] }, null, 2))
  }
  // Both type-checks at once (one per core); failures are asserted below.
  await Promise.all(
    Object.keys(tsconfigs).map((project) =>
      tsc(project).catch((error: unknown) => {
        typeErrors.set(project, String(error))
      })
    )
  )
}, setupLimit)

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true })
})

/** Every specifier a user can import: each `exports` key, patterns expanded over the files present. */
const specifiers = (name: string): ReadonlyArray<string> => {
  const { exports } = manifest(name)
  const sealed = Object.keys(exports).filter((key) => exports[key] === null)
  const isSealed = (subpath: string) =>
    sealed.some((key) => key.endsWith("*") ? subpath.startsWith(key.slice(0, -1)) : subpath === key)
  const files = walk(installed(name)).map((file) => `./${relative(installed(name), file)}`)
  const found = new Set<string>()
  for (const [key, target] of Object.entries(exports)) {
    if (target === null || typeof target === "string") continue
    const [prefix, suffix = ""] = target.default.split("*")
    const subpaths = key.includes("*")
      ? files.filter((file) => file.startsWith(prefix!) && file.endsWith(suffix))
        .map((file) => key.replace("*", file.slice(prefix!.length, file.length - suffix.length)))
      : [key]
    for (const subpath of subpaths) {
      if (!isSealed(subpath)) found.add(subpath === "." ? name : name + subpath.slice(1))
    }
  }
  return [...found].sort()
}

const walk = (path: string): Array<string> =>
  readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(path, entry.name)) : [join(path, entry.name)]
  )

describe("the published packages", () => {
  it("are the five public packages, each tarball holding its build, sources, README, changelog and LICENSE only", () => {
    assert.deepStrictEqual(tarballs.map((tarball) => tarball.name).sort(), publicNames)
    for (const { files, name } of tarballs) {
      const unexpected = files.filter((file) =>
        !/^(dist\/.+\.(js|js\.map|d\.ts)|src\/.+\.ts|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(file) ||
        /\.tsbuildinfo$|\.test\.|(^|\/)test\//.test(file)
      )
      assert.deepStrictEqual(unexpected, [], `${name} holds more than it should`)
      for (const file of ["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts", "src/index.ts"]) {
        assert.include(files, file, `${name} lacks ${file}`)
      }
      // Every module is built with its declarations and source map.
      for (const source of files.filter((file) => file.startsWith("src/"))) {
        const built = source.replace(/^src\//, "dist/").replace(/\.ts$/, "")
        for (const ext of [".js", ".d.ts", ".js.map"]) assert.include(files, built + ext, `${name}: ${source}`)
      }
    }
  })

  it("point their exports at the build, depend on each other by version, and say what they are", () => {
    const repository = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).repository.url
    for (const name of publicNames) {
      const pkg = manifest(name)
      const targets = Object.values(pkg.exports).flatMap((target) =>
        target === null ? [] : typeof target === "string" ? [target] : [target.types, target.default]
      )
      assert.isNotEmpty(targets)
      for (const target of [...targets, pkg.main!, pkg.types!]) assert.match(target, /^\.\/dist\/.+\.(d\.ts|js)$/, name)
      for (const file of [pkg.main!, pkg.types!]) {
        assert.isTrue(existsSync(join(installed(name), file)), `${name}: ${file}`)
      }
      // They depend on each other by the version they are released with (`workspace:^` packed as a range).
      for (const [dependency, range] of Object.entries(pkg.dependencies ?? {})) {
        if (dependency.startsWith("@ordercloud-effect/")) {
          assert.strictEqual(range, `^${pkg.version}`, `${name} -> ${dependency}`)
        }
      }
      assert.deepStrictEqual(
        { effect: pkg.peerDependencies?.["effect"], platform: pkg.peerDependencies?.["@effect/platform"] },
        { effect: "^3.22.4", platform: "^0.97.2" }
      )
      assert.isAbove(pkg.description?.length ?? 0, 20, name)
      assert.include(pkg.keywords ?? [], "ordercloud", name)
      assert.strictEqual(pkg.license, "MIT")
      assert.deepStrictEqual(pkg.repository, {
        type: "git",
        url: repository,
        directory: `packages/${name.split("/")[1]}`
      })
      assert.match(pkg.homepage ?? "", /^https:\/\//)
      assert.match(pkg.engines?.node ?? "", /^>=\d+/)
    }
  })

  it("load with plain node: every package's index and every public module path", async () => {
    const modules = publicNames.flatMap(specifiers)
    // The command's entry point starts a server when imported: a program, not a module, so it is sealed.
    assert.notInclude(modules, "@ordercloud-effect/sandbox/bin")
    assert.includeMembers(modules, [
      ...publicNames,
      "@ordercloud-effect/resources/Products",
      "@ordercloud-effect/resources/models/Product"
    ])
    assert.isAbove(modules.length, 300)
    assert.notInclude(modules.join(" "), "internal")
    // The generated table and type map behind OperationTable are not modules of their own.
    assert.notInclude(modules, "@ordercloud-effect/resources/operationTable")
    assert.notInclude(modules, "@ordercloud-effect/resources/operationTypes")
    // Nor are the operation constants and decoders the resource modules run.
    assert.notInclude(modules, "@ordercloud-effect/resources/operations/Products")
    assert.notInclude(modules, "@ordercloud-effect/resources/decoders/Product")
    writeFileSync(
      join(dir, "import-all.mjs"),
      `const failed = {}
for (const specifier of process.argv.slice(2)) {
  try { await import(specifier) } catch (error) { failed[specifier] = error.code + " " + error.message.split("\\n")[0] }
}
console.log(JSON.stringify(failed))`
    )
    const failed: Record<string, string> = JSON.parse(await node(["import-all.mjs", ...modules]))
    // Only the Node server and the undici transport need their optional peers, which this app does not install.
    assert.deepStrictEqual(Object.keys(failed).sort(), [
      "@ordercloud-effect/core/UndiciTransport",
      "@ordercloud-effect/sandbox/Server"
    ])
    assert.match(
      failed["@ordercloud-effect/sandbox/Server"]!,
      /^ERR_MODULE_NOT_FOUND Cannot find package '@effect\/platform-node'/
    )
    assert.match(
      failed["@ordercloud-effect/core/UndiciTransport"]!,
      /^ERR_MODULE_NOT_FOUND Cannot find package 'undici'/
    )
  }, testLimit)

  it("are installed by the READMEs' commands with Effect 3, not npm's latest Effect", () => {
    const readmes = ["README.md", ...publicNames.map((name) => `packages/${name.split("/")[1]}/README.md`)]
    for (const file of readmes) {
      const commands = [...readFileSync(join(root, file), "utf8").matchAll(/^pnpm add .*$/gm)].map((m) => m[0])
      assert.isNotEmpty(commands, file)
      for (const command of commands) {
        for (const spec of command.split(/\s+/).slice(2).filter((word) => !word.startsWith("-"))) {
          assert.include([...publicNames, "effect@3", "@effect/platform@0.97", "undici@7"], spec, `${file}: ${command}`)
        }
      }
    }
  })

  it("type-check a user's program under NodeNext and Bundler without skipLibCheck", () => {
    assert.deepStrictEqual(Object.fromEntries(typeErrors), {})
  })

  it("run the README quickstart with plain node, on the in-process sandbox", async () => {
    const output = await node(["out/quickstart.js"])
    assert.strictEqual(output.trim(), inspect(sandboxProducts))
  }, testLimit)

  it(
    "run the README's real-marketplace program from ORDERCLOUD_* variables, here against a sandbox on a port",
    async () => {
      const server = ManagedRuntime.make(Server.layer())
      try {
        const { url } = await server.runPromise(Server.SandboxServer)
        const output = await node(["out/marketplace.js"], {
          ...process.env,
          ORDERCLOUD_BASE_URL: url,
          ORDERCLOUD_CLIENT_ID: Seed.adminClientID,
          ORDERCLOUD_CLIENT_SECRET: Seed.adminClientSecret,
          ORDERCLOUD_SCOPE: "FullAccess"
        })
        assert.strictEqual(output.trim(), inspect(sandboxProducts))
      } finally {
        await server.dispose()
      }
    },
    testLimit
  )
})
