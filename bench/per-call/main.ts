/**
 * What one call costs the client, against its peers in the same run:
 * `pnpm bench` (last step; `pnpm bench --rounds 9` for published figures),
 * or `tsx bench/per-call/main.ts [--rounds N] [--rss-rounds N] [--app DIR]
 * [--no-pack] [--no-build]`.
 *
 * The packages are built and installed from their tarballs into an app
 * directory (`pnpm pack-app`), so every client runs on plain `node` as an app
 * would run it. A canned OrderCloud (server.mjs) answers from precomputed
 * bytes in a process of its own. Each client and scenario runs in a fresh
 * process (run.mjs): warm-up, then N requests, reporting user + system CPU
 * per request (`process.cpuUsage`) and the peak RSS. Clients take turns in
 * rounds (rotated, every other round reversed) so drift hits all alike; each
 * figure is a ratio to a peer within the same round, summarised as median
 * (min-max) over the rounds. Results go to bench/results/per-call.json.
 */
import { execFileSync, spawn } from "node:child_process"
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { dirname, join, resolve } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { updateReadmes } from "../readme.js"

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, "../..")

/** Every client, by the name of its module in ./clients. */
const labels = {
  official: "official SDK",
  fetch: "fetch",
  undici: "undici.request",
  "effect-floor": "Effect floor",
  "ours-undici": "this SDK, undici transport",
  "ours-fetch": "this SDK, fetch transport",
  "ours-httpclient": "this SDK, HttpClient transport"
} as const
type Client = keyof typeof labels
const peers = ["official", "fetch", "undici", "effect-floor"] as const satisfies ReadonlyArray<Client>
const ours = ["ours-undici", "ours-fetch", "ours-httpclient"] as const satisfies ReadonlyArray<Client>
const clients: ReadonlyArray<Client> = [...peers, ...ours]

/**
 * The measured scenarios: what run.mjs runs, how many requests, how many
 * warm-up requests first. The warm-up is long enough for the JIT to finish
 * (CPU per get keeps falling for about the first 1,000 gets of every client,
 * peers included), so the figures are what a running service pays per call;
 * what a fresh process pays while it warms up is reported apart, from the
 * warm-up of `get`.
 */
const scenarios = {
  get: { run: "get", requests: 3000, warmup: 1000, title: "sequential Products.get" },
  concurrent: { run: "concurrent", requests: 6400, warmup: 1280, title: "64 concurrent gets" },
  list: { run: "list", requests: 300, warmup: 100, title: "list of 100 products (85 KB)" },
  rss: { run: "concurrent", requests: 10_000, warmup: 0, title: "10,000 gets, 64 at a time" }
} as const
type Scenario = keyof typeof scenarios

/** One run.mjs line. */
interface Measured {
  readonly requests: number
  readonly cpuUsPerRequest: number
  readonly warmupCpuUsPerRequest: number
  readonly userUsPerRequest: number
  readonly systemUsPerRequest: number
  readonly wallUsPerRequest: number
  readonly maxRssMB: number
  readonly rssEndMB: number
}

interface Summary {
  readonly median: number
  readonly min: number
  readonly max: number
}

const options = (() => {
  const args = process.argv.slice(2)
  const value = (flag: string): string | undefined => {
    const at = args.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`))
    if (at < 0) return undefined
    const arg = args[at]!
    return arg.includes("=") ? arg.slice(flag.length + 1) : args[at + 1]
  }
  const count = (flag: string, fallback: number): number => {
    const text = value(flag)
    if (text === undefined) return fallback
    const n = Number(text)
    if (!Number.isInteger(n) || n < 1) {
      console.error(`${flag} takes a whole number of at least 1, not ${JSON.stringify(text)}`)
      process.exit(2)
    }
    return n
  }
  return {
    rounds: count("--rounds", 5),
    rssRounds: count("--rss-rounds", 1),
    app: resolve(process.env["INIT_CWD"] ?? process.cwd(), value("--app") ?? join(root, "bench/build/per-call-app")),
    pack: !args.includes("--no-pack"),
    build: !args.includes("--no-build")
  }
})()

const summarize = (values: ReadonlyArray<number>): Summary => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}

const fixed = (n: number, digits: number) => n.toFixed(digits)
const showLoad = (load: ReadonlyArray<number>) => load.map((n) => fixed(n, 1)).join(" ")
const showRange = (s: Summary, digits = 2) =>
  s.min === s.max
    ? fixed(s.median, digits)
    : `${fixed(s.median, digits)} (${fixed(s.min, digits)}-${fixed(s.max, digits)})`

/** Spawns a command and fails with its output when it fails. */
const runInherit = (command: string, args: ReadonlyArray<string>) =>
  new Promise<void>((done, fail) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" })
    child.on("error", fail)
    child.on(
      "exit",
      (code) => code === 0 ? done() : fail(new Error(`${command} ${args.join(" ")} exited with ${code}`))
    )
  })

/** Runs one client and scenario in a fresh process; resolves with its JSON line and the wall time to it. */
const runClient = (
  client: Client,
  scenario: string,
  url: string,
  requests = 0,
  warmup = 0
): Promise<{ readonly line: unknown; readonly firstLineMs: number }> =>
  new Promise((done, fail) => {
    const started = performance.now()
    const child = spawn(process.execPath, ["run.mjs", client, scenario, url, String(requests), String(warmup)], {
      cwd: join(options.app, "per-call"),
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    let firstLineMs: number | undefined
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      if (firstLineMs === undefined && stdout.includes("\n")) firstLineMs = performance.now() - started
    })
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("error", fail)
    child.on("exit", (code) => {
      if (code !== 0 || firstLineMs === undefined) {
        const detail = stderr.split("\n").slice(0, 12).join("\n")
        return fail(new Error(`${client} ${scenario} exited with ${code}:\n${detail}`))
      }
      done({ line: JSON.parse(stdout.split("\n")[0]!), firstLineMs })
    })
  })

/** Starts the canned server in its own process; it stops when our stdin pipe to it closes. */
const startServer = () =>
  new Promise<{ readonly url: string; readonly stop: () => void }>((done, fail) => {
    const child = spawn(process.execPath, ["server.mjs"], {
      cwd: join(options.app, "per-call"),
      stdio: ["pipe", "pipe", "inherit"]
    })
    child.on("error", fail)
    child.on("exit", (code) => code !== 0 && code !== null && fail(new Error(`the canned server exited with ${code}`)))
    createInterface({ input: child.stdout }).once("line", (line) => {
      const { port } = JSON.parse(line) as { port: number }
      done({ url: `http://127.0.0.1:${port}`, stop: () => child.stdin.end() })
    })
  })

/** Header names of the requests each client sends for one get, read back from the canned server. */
const traceHeaders = ["traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled"]
const checkTraceHeaders = async (url: string, client: Client): Promise<ReadonlyArray<string>> => {
  await fetch(`${url}/__record`, { method: "POST" }).then((response) => response.arrayBuffer())
  await runClient(client, "once", url)
  const recorded = (await fetch(`${url}/__recorded`).then((response) => response.json())) as ReadonlyArray<{
    headers: Record<string, string>
  }>
  const found = new Set(recorded.flatMap((request) => Object.keys(request.headers)))
  return traceHeaders.filter((name) => found.has(name))
}

/**
 * A round's order: rotated by the round and reversed every other round, so
 * no client always runs first or beside the same one.
 */
const orderFor = (round: number): ReadonlyArray<Client> => {
  const rotated = clients.map((_, i) => clients[(i + round) % clients.length]!)
  return round % 2 === 1 ? rotated.reverse() : rotated
}

const versionOf = (name: string): string => {
  const file = join(options.app, "node_modules", name, "package.json")
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version : "absent"
}

const printTable = (title: string, header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, i) => i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)).join("  ")
  console.log(`\n${title}`)
  console.log(`  ${line(header)}`)
  for (const row of rows) console.log(`  ${line(row)}`)
}

const main = async () => {
  if (options.pack) {
    // Bare names take the workspace's pins; undici is pinned here to the
    // version @effect/platform-node brings in the lockfile.
    const add = ["@effect/platform-node", "ordercloud-javascript-sdk", "undici@7.30.2"]
    await runInherit("pnpm", [
      "pack-app",
      options.app,
      ...add.flatMap((spec) => ["--add", spec]),
      ...(options.build ? [] : ["--no-build"])
    ])
  } else if (!existsSync(join(options.app, "node_modules/@ordercloud-effect/core"))) {
    throw new Error(`${options.app} holds no packed app: run without --no-pack first`)
  }
  // The programs run from inside the app directory, so plain `node` resolves
  // every import from the app's node_modules and nothing from the workspace.
  mkdirSync(join(options.app, "per-call"), { recursive: true })
  for (const file of ["products.mjs", "server.mjs", "run.mjs", "clients"]) {
    cpSync(join(here, file), join(options.app, "per-call", file), { recursive: true })
  }

  const loadStart = loadavg()
  const started = new Date()
  const server = await startServer()
  try {
    // One client at a time: the server records whatever arrives.
    const headers = {} as Record<Client, ReadonlyArray<string>>
    for (const client of clients) headers[client] = await checkTraceHeaders(server.url, client)

    const cpu: Table = {}
    const rss: Table = {}
    const startMs: Record<string, Array<number>> = Object.fromEntries(clients.map((client) => [client, []]))
    type Table = Record<string, Record<string, Array<number>>>
    const record = (table: Table, scenario: string, client: Client, value: number) => {
      const byClient = table[scenario] ??= {}
      const values = byClient[client] ??= []
      values.push(value)
    }

    for (let round = 0; round < options.rounds; round++) {
      const roundStart = performance.now()
      for (const client of orderFor(round)) {
        startMs[client]!.push((await runClient(client, "once", server.url)).firstLineMs)
      }
      for (const scenario of Object.keys(scenarios) as Array<Scenario>) {
        if (scenario === "rss" && round >= options.rssRounds) continue
        const { requests, run, warmup } = scenarios[scenario]
        for (const client of orderFor(round)) {
          const measured = (await runClient(client, run, server.url, requests, warmup)).line as Measured
          record(cpu, scenario, client, measured.cpuUsPerRequest)
          if (scenario === "get") record(cpu, "warmup", client, measured.warmupCpuUsPerRequest)
          record(rss, scenario, client, measured.maxRssMB)
        }
      }
      console.log(
        `round ${round + 1}/${options.rounds}: ${fixed((performance.now() - roundStart) / 1000, 0)} s,`,
        `load ${fixed(loadavg()[0]!, 1)}`
      )
    }

    /** Round by round ratios of one of our variants to a peer. */
    const ratios = (values: Record<string, Array<number>>, mine: Client, peer: Client) =>
      summarize(values[mine]!.map((value, round) => value / values[peer]![round]!))

    const loadEnd = loadavg()
    const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores`
    console.log(
      `\nper-call cost: node ${process.version}, ${machine};`,
      `load average ${showLoad(loadStart)} at start, ${showLoad(loadEnd)} at end;`,
      `${options.rounds} rounds, ratios are median (min-max) of per-round ratios`
    )
    const ratioColumns = ["", ...peers.map((peer) => `/ ${labels[peer]}`)]
    const cpuScenarios = ["get", "concurrent", "list", "warmup"] as const
    const cpuTitle = (scenario: typeof cpuScenarios[number]) => {
      if (scenario === "warmup") return `the first ${scenarios.get.warmup} gets of a fresh process (JIT warming up)`
      const { requests, title, warmup } = scenarios[scenario]
      return `${title} (${requests} requests after ${warmup})`
    }
    for (const scenario of cpuScenarios) {
      printTable(
        `client CPU per request, ${cpuTitle(scenario)}`,
        ratioColumns,
        ours.map((mine) => [labels[mine], ...peers.map((peer) => showRange(ratios(cpu[scenario]!, mine, peer)))])
      )
    }
    printTable(
      "process start to first result (fresh process, wall time)",
      ratioColumns,
      ours.map((mine) => [labels[mine], ...peers.map((peer) => showRange(ratios(startMs, mine, peer)))])
    )
    printTable(
      "absolute medians (machine-dependent; compare ratios)",
      ["", "CPU us: get", "64 conc.", "list", "first gets", "start ms", "peak RSS MB: get", "list", "10k gets"],
      clients.map((client) => [
        labels[client],
        ...cpuScenarios.map((scenario) => fixed(summarize(cpu[scenario]![client]!).median, 0)),
        fixed(summarize(startMs[client]!).median, 0),
        ...(["get", "list", "rss"] as const).map((scenario) => fixed(summarize(rss[scenario]![client]!).median, 0))
      ])
    )
    console.log("\ntrace headers sent with no tracer installed (target: none)")
    const width = Math.max(...clients.map((client) => labels[client].length))
    for (const client of clients) {
      console.log(`  ${labels[client].padEnd(width)}  ${headers[client].join(", ") || "none"}`)
    }

    const results = {
      date: started.toISOString(),
      node: process.version,
      cpu: machine,
      loadAverage: { start: loadStart, end: loadEnd },
      commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim(),
      versions: Object.fromEntries(
        [
          "@ordercloud-effect/core",
          "@ordercloud-effect/resources",
          "effect",
          "@effect/platform",
          "@effect/platform-node",
          "undici",
          "ordercloud-javascript-sdk"
        ].map((name) => [name, versionOf(name)])
      ),
      rounds: options.rounds,
      rssRounds: options.rssRounds,
      scenarios,
      clients: labels,
      ratios: Object.fromEntries(ours.map((mine) => [mine, {
        ...Object.fromEntries(cpuScenarios.map((scenario) => [
          `${scenario} cpu`,
          Object.fromEntries(peers.map((peer) => [peer, ratios(cpu[scenario]!, mine, peer)]))
        ])),
        "start to first result": Object.fromEntries(peers.map((peer) => [peer, ratios(startMs, mine, peer)]))
      }])),
      cpuUsPerRequest: Object.fromEntries(cpuScenarios.map((scenario) => [scenario, cpu[scenario]])),
      startToFirstResultMs: startMs,
      peakRssMB: rss,
      traceHeaders: headers
    }
    const file = join(root, "bench/results/per-call.json")
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(results, null, 2) + "\n")
    console.log(`\nwritten: ${file}`)
    updateReadmes()
  } finally {
    server.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
