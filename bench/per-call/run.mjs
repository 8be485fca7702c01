/**
 * One client, one scenario, in a fresh process:
 * `node run.mjs CLIENT SCENARIO URL [REQUESTS WARMUP]`, where CLIENT names a
 * module in ./clients. Prints one JSON line with the client CPU time
 * (`process.cpuUsage`, user + system) per measured request, the same for the
 * warm-up requests (a fresh process's first calls, while the JIT compiles),
 * the wall time and the peak RSS; the driver (main.ts) spawns it and reads that line.
 *
 * Scenarios: `get` (sequential `Products.get`), `concurrent` (gets in waves
 * of 64), `list` (sequential lists of 100 products), `once` (import, build
 * and one get: the first line is printed as soon as the result is in, for
 * the start-up time and the trace-header check).
 *
 * The client module is imported after the process starts so that `once`
 * counts its loading; nothing else is loaded before it.
 */
import { performance } from "node:perf_hooks"
import { pageSize, productId, token } from "./products.mjs"

const [clientName, scenario, url, requestsArg = "0", warmupArg = "0"] = process.argv.slice(2)
const requests = Number(requestsArg)
const warmup = Number(warmupArg)
const wave = 64

const check = (condition, what) => {
  if (!condition) throw new Error(`${clientName} ${scenario}: ${what}`)
}

const getOne = async (client, i) => {
  const id = productId(i % pageSize)
  const product = await client.get(id)
  check(product.ID === id, `get ${id} answered ${product.ID}`)
}

const listOne = async (client) => {
  const page = await client.list()
  check(page.Items.length === pageSize && page.Meta.TotalCount > 0, "the list is not the canned page")
}

const loops = {
  get: async (client, count, offset) => {
    for (let i = 0; i < count; i++) await getOne(client, offset + i)
    return count
  },
  concurrent: async (client, count, offset) => {
    let done = 0
    while (done < count) {
      const size = Math.min(wave, count - done)
      await Promise.all(Array.from({ length: size }, (_, i) => getOne(client, offset + done + i)))
      done += size
    }
    return done
  },
  list: async (client, count) => {
    for (let i = 0; i < count; i++) await listOne(client)
    return count
  }
}

const main = async () => {
  const { make } = await import(`./clients/${clientName}.mjs`)
  const client = make({ url, token })
  if (scenario === "once") {
    await getOne(client, 0)
    const sinceStart = performance.now()
    process.stdout.write(`${JSON.stringify({ client: clientName, scenario, sinceStartMs: sinceStart })}\n`)
    await client.close()
    return
  }
  const loop = loops[scenario]
  check(loop !== undefined, "unknown scenario")
  const warmupCpuStart = process.cpuUsage()
  await loop(client, warmup, 0)
  const warmupCpu = process.cpuUsage(warmupCpuStart)
  const wallStart = performance.now()
  const cpuStart = process.cpuUsage()
  const measured = await loop(client, requests, warmup)
  const cpu = process.cpuUsage(cpuStart)
  const wallMs = performance.now() - wallStart
  const usage = process.resourceUsage()
  process.stdout.write(`${
    JSON.stringify({
      client: clientName,
      scenario,
      requests: measured,
      cpuUsPerRequest: (cpu.user + cpu.system) / measured,
      warmupCpuUsPerRequest: warmup === 0 ? 0 : (warmupCpu.user + warmupCpu.system) / warmup,
      userUsPerRequest: cpu.user / measured,
      systemUsPerRequest: cpu.system / measured,
      wallUsPerRequest: (wallMs * 1000) / measured,
      maxRssMB: usage.maxRSS / 1024,
      rssEndMB: process.memoryUsage.rss() / 1024 / 1024
    })
  }\n`)
  await client.close()
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
