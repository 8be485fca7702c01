/**
 * Scale of the sandbox's listing engine: time per list call for 1,000 and
 * 100,000 items, (a) paging with no filter or sort, (b) a filter without
 * sort, (c) a filter plus a sort. Each run times a batch of calls on pages
 * spread over the whole list; medians of 15 runs, sizes interleaved. The
 * ratio 100k/1k should be ~1 for (a) and ~100 (linear) or a bit more
 * (n log n) for (b) and (c). Also times copying a 100k-entry Map into an
 * array, which a store that copies per request adds to every call.
 *
 * Writes `bench/results/sandbox-listing.json` and the READMEs' figures.
 * `pnpm bench`.
 */
import { performance } from "node:perf_hooks"
import { updateReadmes } from "./readme.js"
import * as Results from "./results.js"

// The engine is internal to the sandbox package (its exports map hides it),
// so it is loaded by path; the shape below is the part this script uses.
interface Page {
  readonly Meta: { readonly TotalCount: number; readonly TotalPages: number }
  readonly Items: ReadonlyArray<unknown>
}
interface Spec {
  readonly filters: boolean
  readonly searchable: ReadonlyArray<string> | "any"
  readonly sortable: ReadonlyArray<string> | "any"
  readonly facets: boolean
}
type List = (
  items: ReadonlyArray<Record<string, unknown>>,
  query: URLSearchParams,
  spec: Spec,
  reserved: ReadonlySet<string>
) => Page | { readonly errorCode: string; readonly message: string }

const enginePath = new URL("../packages/sandbox/src/internal/listing.ts", import.meta.url).href

const colors = ["Red", "Blue", "Green", "Black", "White"] as const

const makeItems = (count: number): ReadonlyArray<Record<string, unknown>> =>
  Array.from({ length: count }, (_, i) => ({
    ID: `p${String(i).padStart(6, "0")}`,
    Name: `Product ${i}`,
    Active: i % 3 !== 0,
    Price: (i * 7919) % 1000,
    DateCreated: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    xp: { Color: colors[i % colors.length], Size: i % 2 === 0 ? "M" : "L" }
  }))

const spec: Spec = { filters: true, searchable: ["ID", "Name"], sortable: ["ID", "Name", "Price"], facets: false }
const none: ReadonlySet<string> = new Set()

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

interface Scenario {
  readonly name: string
  /** The query for page `page` (1-based) of a list of `count` matching items. */
  readonly query: (page: number) => string
  /** How many of the items match (to spread pages over the result). */
  readonly matching: (count: number) => number
  /** Calls per timed batch, by size. */
  readonly calls: (count: number) => number
}

const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "no filter, no sort (pageSize=20)",
    query: (page) => `page=${page}&pageSize=20`,
    matching: (count) => count,
    calls: () => 2_000
  },
  {
    name: "filter xp.Color=red&Active=true, no sort",
    query: (page) => `page=${page}&pageSize=20&xp.Color=red&Active=true`,
    matching: (count) => Math.ceil(count * 2 / 15),
    calls: (count) => count >= 100_000 ? 10 : 500
  },
  {
    name: "filter xp.Color=red + sortBy=!Price,ID",
    query: (page) => `page=${page}&pageSize=20&xp.Color=red&sortBy=!Price,ID`,
    matching: (count) => Math.ceil(count / 5),
    calls: (count) => count >= 100_000 ? 5 : 200
  }
]

const sizes: ReadonlyArray<number> = [1_000, 100_000]
const runs = 15

const main = async () => {
  const machine = Results.machine()
  const { list } = (await import(enginePath)) as { readonly list: List }
  const data = new Map(sizes.map((size) => [size, makeItems(size)] as const))

  /** Milliseconds per call for a batch on pages spread evenly over the result. */
  const batch = (scenario: Scenario, size: number) => {
    const items = data.get(size)!
    const calls = scenario.calls(size)
    const pages = Math.max(1, Math.ceil(scenario.matching(size) / 20))
    const queries = Array.from({ length: calls }, (_, i) => new URLSearchParams(scenario.query(1 + (i * 7919) % pages)))
    let sink = 0
    const start = performance.now()
    for (const query of queries) {
      const result = list(items, query, spec, none)
      if ("errorCode" in result) throw new Error(result.message)
      sink += result.Items.length
    }
    const elapsed = performance.now() - start
    if (sink === 0) throw new Error(`${scenario.name}: every page was empty`)
    return elapsed / calls
  }

  console.log(`sandbox listing engine: ms per list call, median of ${runs} runs (node ${process.version})`)
  const measured: Array<{ readonly small: number; readonly large: number }> = []
  for (const scenario of scenarios) {
    for (const size of sizes) batch(scenario, size) // warm-up
    const samples = new Map<number, Array<number>>(sizes.map((size) => [size, []]))
    for (let run = 0; run < runs; run++) {
      for (const size of sizes) samples.get(size)!.push(batch(scenario, size))
    }
    const [small, large] = sizes.map((size) => median(samples.get(size)!))
    measured.push({ small: Results.round(small!, 4), large: Results.round(large!, 4) })
    console.log(
      `  ${scenario.name.padEnd(44)} 1k: ${small!.toFixed(4).padStart(9)} ms   100k: ${
        large!.toFixed(4).padStart(9)
      } ms   ratio x${(large! / small!).toFixed(1)}`
    )
  }

  // Not the engine: what a store adds if it copies a Map's values on every list call.
  const map = new Map(data.get(100_000)!.map((item) => [item.ID as string, item] as const))
  const copies: Array<number> = []
  for (let run = 0; run < runs; run++) {
    const start = performance.now()
    for (let i = 0; i < 20; i++) {
      if ([...map.values()].length !== map.size) throw new Error("copy")
    }
    copies.push((performance.now() - start) / 20)
  }
  console.log(`  (store side) [...map.values()] of 100k entries: ${median(copies).toFixed(4)} ms per copy`)
  Results.write("sandbox-listing", {
    machine,
    runs,
    noFilter: measured[0]!,
    filter: measured[1]!,
    filterSort: measured[2]!,
    mapCopy: Results.round(median(copies), 4)
  })
  updateReadmes()
}

main()
