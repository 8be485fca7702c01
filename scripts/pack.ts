/**
 * `pnpm pack-app DIR [--add NAME@VERSION ...] [--no-build]`: builds the
 * packages, packs every public one as it would be published (`pnpm pack`
 * swaps in `publishConfig` and turns `workspace:^` into a version range), and
 * installs the tarballs into DIR the way an app outside the workspace gets
 * them, with the peer dependencies `effect` and `@effect/platform` at the
 * workspace's versions. Plain `node` then runs the built packages from DIR:
 * the tarball test (scripts/test/pack.test.ts) and the benchmark do.
 *
 * DIR must be new, empty, or an app this script made (it is emptied first).
 * `--add` installs more packages beside them (say `@effect/platform-node` for
 * the sandbox's `Server`; a bare name takes the version the workspace pins).
 * `--no-build` packs what dist/ holds.
 * Dependencies come from the local pnpm store when it has them (offline),
 * from the registry otherwise.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

/** The repository's root directory. */
export const root = fileURLToPath(new URL("..", import.meta.url))

/** One packed package: its name, version, tarball path and the paths inside it. */
export interface Tarball {
  readonly name: string
  readonly version: string
  readonly file: string
  readonly files: ReadonlyArray<string>
}

/** What `packInto` does besides packing and installing. */
export interface Options {
  /** More dependencies for the app, as `name@version` (or a name the workspace pins). */
  readonly add?: ReadonlyArray<string>
  /** Build first (default true). */
  readonly build?: boolean
  /** Where progress lines go (default nowhere). */
  readonly log?: (line: string) => void
}

interface PackageJson {
  readonly name: string
  readonly private?: boolean
  readonly dependencies?: Readonly<Record<string, string>>
  readonly devDependencies?: Readonly<Record<string, string>>
}

interface PackOutput {
  readonly name: string
  readonly version: string
  readonly filename: string
  readonly files: ReadonlyArray<{ readonly path: string }>
}

/** Runs a command and returns its stdout; a failure carries the command's output. */
export const run = async (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv }
): Promise<string> => {
  try {
    const { stdout } = await promisify(execFile)(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      maxBuffer: 64 * 1024 * 1024
    })
    return stdout
  } catch (error) {
    const { stderr = "", stdout = "" } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(" ")} failed in ${options.cwd}:\n${stdout}\n${stderr}`)
  }
}

const readPackageJson = (dir: string): PackageJson => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))

/** The directories of the packages that are published (not `private`). */
export const publicPackages = (): ReadonlyArray<string> =>
  readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, "packages", entry.name))
    .filter((dir) => readPackageJson(dir).private !== true)

/** `pnpm pack` of each public package into `destination`. */
export const packAll = (destination: string): Promise<ReadonlyArray<Tarball>> => {
  mkdirSync(destination, { recursive: true })
  return Promise.all(
    publicPackages().map(async (dir): Promise<Tarball> => {
      const output = await run("pnpm", ["pack", "--json", "--pack-destination", destination], { cwd: dir })
      const packed: PackOutput = JSON.parse(output)
      return {
        name: packed.name,
        version: packed.version,
        file: packed.filename,
        files: packed.files.map((file) => file.path).sort()
      }
    })
  )
}

/** The versions the workspace pins (root, examples, packages), by package name. */
const workspaceVersions = (): Readonly<Record<string, string>> => {
  const manifests = [
    root,
    join(root, "examples"),
    ...readdirSync(join(root, "packages")).map((name) => join(root, "packages", name))
  ]
  return Object.fromEntries(
    manifests.filter((dir) => existsSync(join(dir, "package.json"))).flatMap((dir) => {
      const pkg = readPackageJson(dir)
      return Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([, version]) =>
        /^\d/.test(version)
      )
    })
  )
}

const parseSpec = (spec: string, pinned: Readonly<Record<string, string>>): readonly [string, string] => {
  const at = spec.lastIndexOf("@")
  if (at > 0) return [spec.slice(0, at), spec.slice(at + 1)]
  const version = pinned[spec]
  if (version === undefined) throw new Error(`${spec}: give a version (${spec}@x.y.z); the workspace does not pin it`)
  return [spec, version]
}

const appName = "ordercloud-effect-app"

/** Empties `dir` only if it is empty already or an app this script made: never someone's files. */
const emptyAppDir = (dir: string) => {
  if (!existsSync(dir) || readdirSync(dir).length === 0) return
  const manifest = join(dir, "package.json")
  if (!existsSync(manifest) || readPackageJson(dir).name !== appName) {
    throw new Error(`${dir} holds files that this script did not make: give an empty or new directory`)
  }
  rmSync(dir, { recursive: true, force: true })
}

/**
 * Builds (unless told not to), packs and installs the public packages into
 * `dir` (new, empty, or made by an earlier call). Returns the tarballs.
 */
export const packInto = async (dir: string, options: Options = {}): Promise<ReadonlyArray<Tarball>> => {
  const log = options.log ?? (() => {})
  const pinned = workspaceVersions()
  const added = Object.fromEntries((options.add ?? []).map((spec) => parseSpec(spec, pinned)))
  if (options.build !== false) {
    log("building: tsc -b tsconfig.build.json")
    await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-b", "tsconfig.build.json"], {
      cwd: root
    })
  }
  emptyAppDir(dir)
  log("packing")
  const tarballs = await packAll(join(dir, "tarballs"))

  // Each tarball depends on the others by version range (`^0.1.0`), which
  // the registry would serve: the overrides point those at the tarballs.
  const local = Object.fromEntries(tarballs.map((tarball) => [tarball.name, `file:${tarball.file}`]))
  const app = {
    name: appName,
    private: true,
    type: "module",
    dependencies: { ...local, effect: pinned["effect"], "@effect/platform": pinned["@effect/platform"], ...added },
    pnpm: { overrides: local }
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify(app, null, 2) + "\n")

  log("installing")
  const store = (await run("pnpm", ["store", "path"], { cwd: root })).trim()
  // --ignore-workspace: DIR may sit inside this repository (bench/build/...).
  // --no-frozen-lockfile: pnpm freezes lockfiles under CI=true, and DIR has none.
  const install = ["install", "--ignore-workspace", "--no-frozen-lockfile", "--store-dir", store]
  try {
    await run("pnpm", [...install, "--offline"], { cwd: dir })
  } catch {
    log("not everything is in the local store: installing from the registry")
    await run("pnpm", [...install, "--prefer-offline"], { cwd: dir })
  }
  return tarballs
}

const main = async () => {
  const args = process.argv.slice(2)
  const add = args.filter((_, i) => args[i - 1] === "--add")
  const positional = args.filter((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--add")
  if (positional.length !== 1) {
    console.error("usage: pnpm pack-app DIR [--add NAME@VERSION ...] [--no-build]")
    process.exit(2)
  }
  // pnpm runs the script from the root: DIR is relative to where it was typed.
  const dir = resolve(process.env["INIT_CWD"] ?? process.cwd(), positional[0]!)
  const tarballs = await packInto(dir, { add, build: !args.includes("--no-build"), log: (line) => console.log(line) })
  for (const tarball of tarballs) console.log(`${tarball.name}@${tarball.version}: ${tarball.files.length} files`)
  console.log(`installed in ${dir}`)
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
