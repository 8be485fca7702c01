/**
 * The benchmarks' results files, `bench/results/<name>.json`: committed, and
 * the only source of the figures the READMEs quote (`bench/readme.ts`).
 * Deterministic figures (counts, bundle sizes) are recomputed by
 * `bench/test/figures.test.ts`; timings carry the date and machine they were
 * measured on.
 */
import * as Schema from "effect/Schema"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import * as os from "node:os"

/** Where and when a timing was taken. */
export const Machine = Schema.Struct({
  date: Schema.String,
  platform: Schema.String,
  cpus: Schema.Number,
  cpuModel: Schema.String,
  node: Schema.String,
  /** One-minute load average when the run started: timings on a busy machine are slower. */
  loadAverage: Schema.Number
})
export type Machine = typeof Machine.Type

export const machine = (): Machine => ({
  date: new Date().toISOString().slice(0, 10),
  platform: `${process.platform} ${process.arch}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
  node: process.version,
  loadAverage: round(os.loadavg()[0]!, 1)
})

const Bundle = Schema.Struct({ minifiedBytes: Schema.Number, gzipBytes: Schema.Number })

const BySize = Schema.Struct({ small: Schema.Number, large: Schema.Number })

/** A figure over the rounds of one run. */
const Range = Schema.Struct({ median: Schema.Number, min: Schema.Number, max: Schema.Number })

/** Values by client name. */
const ByClient = <A, I>(value: Schema.Schema<A, I>) => Schema.Record({ key: Schema.String, value })

/** Every results file, by name. */
export const schemas = {
  /** Counts of the generated API surface (deterministic). */
  counts: Schema.Struct({
    descriptionVersion: Schema.String,
    descriptionSchemas: Schema.Number,
    listPageEnvelopes: Schema.Number,
    operations: Schema.Number,
    resources: Schema.Number,
    models: Schema.Number
  }),
  /** Browser bundle sizes (deterministic for a given esbuild, zlib and source). */
  size: Schema.Struct({
    esbuild: Schema.String,
    zlib: Schema.String,
    baseline: Bundle,
    productsGet: Bundle,
    wholePackage: Bundle,
    /** The storefront page's flow over fetch, and the page with its embedded sandbox (examples/browser). */
    storefrontFlow: Bundle,
    storefrontPage: Bundle
  }),
  "import-cost": Schema.Struct({
    machine: Machine,
    runs: Schema.Number,
    baseline: Schema.Number,
    core: Schema.Number,
    resources: Schema.Number
  }),
  "sandbox-scale": Schema.Struct({
    machine: Machine,
    pageSize: Schema.Number,
    noFilter: BySize,
    filterSort: BySize
  }),
  "sandbox-listing": Schema.Struct({
    machine: Machine,
    runs: Schema.Number,
    noFilter: BySize,
    filter: BySize,
    filterSort: BySize,
    mapCopy: Schema.Number
  }),
  /** What one call costs, ours against peers in the same rounds (bench/per-call). */
  "per-call": Schema.Struct({
    date: Schema.String,
    node: Schema.String,
    cpu: Schema.String,
    loadAverage: Schema.Struct({ start: Schema.Array(Schema.Number), end: Schema.Array(Schema.Number) }),
    rounds: Schema.Number,
    clients: ByClient(Schema.String),
    /** Ours, by scenario ("get cpu", ...), by peer. */
    ratios: ByClient(Schema.Record({ key: Schema.String, value: ByClient(Range) })),
    /** By scenario, by client, one value per round. */
    cpuUsPerRequest: Schema.Record({ key: Schema.String, value: ByClient(Schema.Array(Schema.Number)) }),
    startToFirstResultMs: ByClient(Schema.Array(Schema.Number)),
    peakRssMB: Schema.Record({ key: Schema.String, value: ByClient(Schema.Array(Schema.Number)) }),
    traceHeaders: ByClient(Schema.Array(Schema.String))
  })
} as const

export type Name = keyof typeof schemas
export type Results = { readonly [K in Name]: typeof schemas[K]["Type"] }

export const path = (name: Name): string => new URL(`./results/${name}.json`, import.meta.url).pathname

const decode = <A, I>(schema: Schema.Schema<A, I>) => Schema.decodeUnknownSync(Schema.parseJson(schema))

const decoders: { readonly [K in Name]: (text: string) => Results[K] } = {
  counts: decode(schemas.counts),
  size: decode(schemas.size),
  "import-cost": decode(schemas["import-cost"]),
  "sandbox-scale": decode(schemas["sandbox-scale"]),
  "sandbox-listing": decode(schemas["sandbox-listing"]),
  "per-call": decode(schemas["per-call"])
}

/** Reads and checks one results file. */
export const read = <K extends Name>(name: K): Results[K] => {
  const file = path(name)
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm bench\``)
  return decoders[name](readFileSync(file, "utf8"))
}

/** Writes one results file; stable formatting so that a rerun with equal figures changes nothing. */
export const write = <K extends Name>(name: K, value: Results[K]): void => {
  writeFileSync(path(name), `${JSON.stringify(value, null, 2)}\n`)
}

/** Timings are kept to the microsecond: more digits are noise. */
export const round = (value: number, digits = 3): number => Number(value.toFixed(digits))
