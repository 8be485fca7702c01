/**
 * What a large answer costs when it is the result of an Effect fiber, with
 * no HTTP and no SDK: `node bench/large-answer.mjs [--rounds N]`.
 *
 * Each variant runs in a fresh process: a promise that settles on the next
 * macrotask with the 85 KB page of the per-call benchmark, then `JSON.parse`,
 * 3,000 times after 300 warm-up runs, reporting CPU and GC time per run.
 *
 * - `promise`: awaited as a plain promise (what the official SDK's callers do);
 * - `fiber, page out`: `Effect.runPromise` of the same work, the page being
 *   the fiber's result (what `runtime.runPromise(Products.list())` does);
 * - `fiber, count out`: the same fiber, but the page stays inside it and only
 *   its item count comes out (a program that uses the page within Effect).
 *
 * It shows the part of the list's cost that is the runtime's, not the client's.
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const variants = ["promise", "fiber, page out", "fiber, count out"]
const runs = 3000
const warmup = 300

const child = async (variant) => {
  const { PerformanceObserver } = await import("node:perf_hooks")
  const Effect = await import("effect/Effect")
  const { page } = await import("./per-call/products.mjs")
  const bytes = Buffer.from(JSON.stringify(page()))
  const text = () => new Promise((resolve) => setImmediate(() => resolve(bytes.toString("utf8"))))
  const parsed = Effect.promise(text).pipe(Effect.map((body) => JSON.parse(body)))
  const one = {
    "promise": () => text().then((body) => JSON.parse(body).Items.length),
    "fiber, page out": () => Effect.runPromise(parsed).then((page) => page.Items.length),
    "fiber, count out": () => Effect.runPromise(Effect.map(parsed, (page) => page.Items.length))
  }[variant]
  let gcMs = 0
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration
  }).observe({ entryTypes: ["gc"] })
  for (let i = 0; i < warmup; i++) await one()
  gcMs = 0
  const start = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    if ((await one()) !== 100) throw new Error("not the canned page")
  }
  const cpu = process.cpuUsage(start)
  await new Promise((resolve) => setTimeout(resolve, 20))
  process.stdout.write(JSON.stringify({ cpuUs: (cpu.user + cpu.system) / runs, gcUs: (gcMs * 1000) / runs }) + "\n")
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const main = () => {
  const at = process.argv.indexOf("--rounds")
  const rounds = at < 0 ? 5 : Number(process.argv[at + 1])
  const results = Object.fromEntries(variants.map((variant) => [variant, []]))
  for (let round = 0; round < rounds; round++) {
    // Alternate the order so drift hits every variant alike.
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", variant], {
        encoding: "utf8"
      })
      if (run.status !== 0) throw new Error(`${variant}: ${run.stderr}`)
      results[variant].push(JSON.parse(run.stdout))
    }
  }
  console.log(`an 85 KB JSON page, ${runs} runs after ${warmup}, median of ${rounds} fresh processes`)
  const base = median(results.promise.map((r) => r.cpuUs))
  for (const variant of variants) {
    const cpu = median(results[variant].map((r) => r.cpuUs))
    const gc = median(results[variant].map((r) => r.gcUs))
    console.log(
      `  ${variant.padEnd(18)} CPU ${cpu.toFixed(0).padStart(4)} µs (x${(cpu / base).toFixed(2)}), GC ${
        gc.toFixed(0).padStart(3)
      } µs`
    )
  }
}

if (process.argv[2] === "--child") await child(process.argv[3])
else main()
