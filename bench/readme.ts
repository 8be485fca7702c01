/**
 * The figures the READMEs quote, each rendered from one results file into
 * the README between `<!-- figures:name -->` and `<!-- /figures:name -->`.
 * Every bench script rewrites them after writing its results;
 * `bench/test/figures.test.ts` fails when a README says something else.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import * as Results from "./results.js"

export interface Quote {
  /** Relative to the repository root. */
  readonly readme: string
  readonly name: string
  readonly source: Results.Name
  /** The text between the markers, from the committed results file. */
  readonly render: () => string
}

const quote = <K extends Results.Name>(
  readme: string,
  name: string,
  source: K,
  render: (results: Results.Results[K]) => string
): Quote => ({ readme, name, source, render: () => render(Results.read(source)) })

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const ratio = (value: number, baseline: number) => `x${(value / baseline).toFixed(2)}`
const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`
const table = (rows: ReadonlyArray<ReadonlyArray<string | number>>) =>
  rows.map((row, i) =>
    [
      `|${row.map((cell) => cell === "" ? " |" : ` ${cell} |`).join("")}`,
      ...(i === 0 ? [`|${"---|".repeat(row.length)}`] : [])
    ].join("\n")
  ).join("\n")

const measured = (name: Results.Name, machine: Results.Machine) =>
  `Measured on ${machine.date}: ${machine.cpus} vCPU (${machine.cpuModel}), ${machine.platform}, Node ${
    machine.node.replace(/^v/, "")
  }, load average ${machine.loadAverage} at the start; \`pnpm bench\` writes [\`bench/results/${name}.json\`](../../bench/results/${name}.json).`

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
const range = (r: { readonly median: number; readonly min: number; readonly max: number }) =>
  `${r.median.toFixed(2)} (${r.min.toFixed(2)}-${r.max.toFixed(2)})`

/** The per-call table: ours on undici against each peer, peak RSS, and the other transports' ratios. */
const perCall = (results: Results.Results["per-call"]) => {
  const ours = results.ratios["ours-undici"]!
  const scenarios = [
    ["sequential `Products.get`", "get cpu", "get"],
    ["64 concurrent gets", "concurrent cpu", "rss"],
    ["decoded list of 100 products (85 KB)", "list cpu", "list"],
    ["first 1,000 gets of a fresh process (JIT warming up)", "warmup cpu", undefined],
    ["process start to first result (wall)", "start to first result", undefined]
  ] as const
  const peers = ["official", "fetch", "undici", "effect-floor"] as const
  const rss = (scenario: string | undefined) => {
    if (scenario === undefined) return ""
    const byClient = results.peakRssMB[scenario]!
    const mine = median(byClient["ours-undici"]!)
    const official = median(byClient["official"]!)
    const after = scenario === "rss" ? " after 10,000 gets" : ""
    return `${mine.toFixed(0)} MB (${official.toFixed(0)}), x${(mine / official).toFixed(2)}${after}`
  }
  const others = (["ours-fetch", "ours-httpclient"] as const).filter((name) => results.ratios[name] !== undefined)
  const headers = Object.entries(results.traceHeaders).filter(([name]) => name.startsWith("ours"))
  return [
    `\`pnpm bench\` on ${results.date.slice(0, 10)}: ${results.rounds} rounds, ${results.cpu}, Node ${
      results.node.replace(/^v/, "")
    }, load average ${
      results.loadAverage.start[0]
    } at the start; all figures in [\`bench/results/per-call.json\`](../../bench/results/per-call.json).`,
    "",
    table([
      [
        "this SDK on `UndiciTransport`",
        "CPU / official SDK",
        "/ `fetch`",
        "/ `undici.request`",
        "/ Effect floor",
        "peak RSS (official SDK)"
      ],
      ...scenarios.map(([title, key, rssScenario]) => [
        title,
        range(ours[key]!["official"]!),
        ...peers.slice(1).map((peer) => ours[key]![peer]!.median.toFixed(2)),
        rss(rssScenario)
      ])
    ]),
    "",
    ...others.map((name) =>
      `${results.clients[name]}: CPU / official SDK ${
        (["get cpu", "concurrent cpu", "list cpu"] as const).map((key) =>
          results.ratios[name]![key]!["official"]!.median.toFixed(2)
        )
          .join(", ")
      } (get, 64 concurrent, list).`
    ),
    `Absolute medians, CPU µs per request (get, 64 concurrent, list): this SDK on undici ${
      (["get", "concurrent", "list"] as const).map((key) =>
        median(results.cpuUsPerRequest[key]!["ours-undici"]!).toFixed(0)
      )
        .join(", ")
    }; official SDK ${
      (["get", "concurrent", "list"] as const).map((key) =>
        median(results.cpuUsPerRequest[key]!["official"]!).toFixed(0)
      )
        .join(", ")
    }; \`undici.request\` ${
      (["get", "concurrent", "list"] as const).map((key) => median(results.cpuUsPerRequest[key]!["undici"]!).toFixed(0))
        .join(", ")
    }.`,
    `Trace headers sent with no tracer installed: ${
      headers.every(([, names]) => names.length === 0)
        ? "none"
        : headers.map(([name, names]) => `${name}: ${names.join(", ")}`).join("; ")
    }.`
  ].join("\n")
}

export const quotes: ReadonlyArray<Quote> = [
  quote("packages/core/README.md", "per-call", "per-call", perCall),
  quote(
    "README.md",
    "api-summary",
    "counts",
    (counts) => `${counts.operations} operations (${counts.resources} resources) and ${counts.models} models`
  ),
  quote("packages/resources/README.md", "counts", "counts", (counts) =>
    table([
      ["", "count"],
      ["operations (each a function; equal to the description's)", counts.operations],
      ["resources (one module each)", counts.resources],
      [
        `model modules (the description's ${counts.descriptionSchemas} schemas less its ${counts.listPageEnvelopes} list-page envelopes, which are core's \`ListPage\`)`,
        counts.models
      ]
    ])),
  quote("packages/resources/README.md", "size", "size", (size) =>
    table([
      [`bundle (esbuild ${size.esbuild}, minified ESM, gzip -9)`, "min", "gzip", "vs baseline"],
      ...([
        ["baseline: one GET + Schema decode with the raw platform client", size.baseline],
        ["`Products.get` through this SDK (client, config, session, one operation)", size.productsGet],
        ["the whole package through its barrel", size.wholePackage]
      ] as const).map(([label, bundle]) => [
        label,
        kib(bundle.minifiedBytes),
        kib(bundle.gzipBytes),
        ratio(bundle.gzipBytes, size.baseline.gzipBytes)
      ])
    ])),
  quote(
    "examples/README.md",
    "storefront",
    "size",
    (size) =>
      `${kib(size.storefrontPage.gzipBytes)} gzipped, ${
        kib(size.storefrontPage.minifiedBytes)
      } minified (esbuild ${size.esbuild}, minified ESM, gzip -9). The flow over \`fetch\` alone, what a storefront ships without the sandbox, is ${
        kib(size.storefrontFlow.gzipBytes)
      } gzipped.`
  ),
  quote("packages/resources/README.md", "import-cost", "import-cost", (cost) =>
    [
      table([
        [`import in a fresh Node process (bundled, median of ${cost.runs})`, "ms", "vs baseline"],
        [
          "baseline: the `effect` and `@effect/platform` barrels",
          cost.baseline.toFixed(1),
          ratio(cost.baseline, cost.baseline)
        ],
        ["`@ordercloud-effect/core`", cost.core.toFixed(1), ratio(cost.core, cost.baseline)],
        ["the whole `@ordercloud-effect/resources`", cost.resources.toFixed(1), ratio(cost.resources, cost.baseline)]
      ]),
      "",
      measured("import-cost", cost.machine)
    ].join("\n")),
  quote("packages/sandbox/README.md", "sandbox-scale", "sandbox-scale", (scale) =>
    [
      table([
        [`listing (pages of ${scale.pageSize})`, "1,000 products", "100,000 products", "ratio"],
        [
          "by page, no filter",
          ms(scale.noFilter.small),
          ms(scale.noFilter.large),
          ratio(scale.noFilter.large, scale.noFilter.small)
        ],
        [
          "by page through one filtered, sorted selection",
          ms(scale.filterSort.small),
          ms(scale.filterSort.large),
          ratio(scale.filterSort.large, scale.filterSort.small)
        ]
      ]),
      "",
      measured("sandbox-scale", scale.machine)
    ].join("\n")),
  quote(
    "packages/sandbox/README.md",
    "sandbox-listing",
    "sandbox-listing",
    (listing) =>
      `The listing engine alone, with no cache, takes ${ms(listing.filter.large, 1)} to filter and ${
        ms(listing.filterSort.large, 1)
      } to filter and sort 100,000 items (${ms(listing.filter.small, 2)} and ${
        ms(listing.filterSort.small, 2)
      } for 1,000). ${measured("sandbox-listing", listing.machine)}`
  )
]

const file = (readme: string) => new URL(`../${readme}`, import.meta.url).pathname

/** Where a quote's text is in a README: after its opening marker, up to its closing one. */
const locate = (text: string, name: string): { readonly start: number; readonly end: number } | undefined => {
  const open = `<!-- figures:${name} -->`
  const start = text.indexOf(open)
  const end = text.indexOf(`<!-- /figures:${name} -->`, start)
  return start === -1 || end === -1 ? undefined : { start: start + open.length, end }
}

/** The text a README has between a quote's markers (without the newlines framing a block), or `undefined`. */
export const quoted = (readme: string, name: string): string | undefined => {
  const text = readFileSync(file(readme), "utf8")
  const at = locate(text, name)
  return at && text.slice(at.start, at.end).replace(/^\n/, "").replace(/\n$/, "")
}

/** Rewrites every quote whose results file exists; a quote on its own lines stays on its own lines. */
export const updateReadmes = (): void => {
  for (const { name, readme, render, source } of quotes) {
    if (!existsSync(Results.path(source))) continue
    const text = readFileSync(file(readme), "utf8")
    const at = locate(text, name)
    if (at === undefined) throw new Error(`${readme} has no <!-- figures:${name} --> ... <!-- /figures:${name} -->`)
    const body = text[at.start] === "\n" ? `\n${render()}\n` : render()
    writeFileSync(file(readme), text.slice(0, at.start) + body + text.slice(at.end))
  }
}
