/**
 * Does a page cost the same with 100,000 products as with 1,000? Lists
 * pages of 100 through the sandbox's HTTP app (in-process, no socket) for
 * both sizes in the same run; reports the median time per page and the
 * ratio. Writes `bench/results/sandbox-scale.json` and the READMEs' figures.
 * `pnpm bench`.
 */
import * as HttpApp from "@effect/platform/HttpApp"
import * as Sandbox from "@ordercloud-effect/sandbox/Sandbox"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Effect from "effect/Effect"
import { updateReadmes } from "./readme.js"
import * as Results from "./results.js"

const products = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    ID: `p${String(i).padStart(6, "0")}`,
    Name: `Product ${i}`,
    Active: i % 2 === 0,
    xp: { Color: i % 3 === 0 ? "red" : "blue" }
  }))

const timePages = async (count: number, query: string, pages: number): Promise<number> => {
  const sandbox = await Effect.runPromise(
    Sandbox.make({ seed: { collections: { ...Seed.marketplace.collections, products: products(count) } } })
  )
  const handler = HttpApp.toWebHandler(sandbox.app)
  const tokenResponse = await handler(
    new Request(`${sandbox.baseUrl}/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: Seed.adminClientID,
        client_secret: Seed.adminClientSecret,
        scope: "FullAccess"
      })
    })
  )
  const { access_token } = (await tokenResponse.json()) as { access_token: string }
  const get = async (page: number) => {
    const response = await handler(
      new Request(`${sandbox.baseUrl}/v1/products?pageSize=100&page=${page}${query}`, {
        headers: { authorization: `Bearer ${access_token}` }
      })
    )
    await response.text()
  }
  for (let page = 1; page <= 3; page++) await get(page) // warm up
  const times: Array<number> = []
  for (let i = 0; i < pages; i++) {
    const page = 1 + (i * 7) % Math.floor(Math.min(count, 1000) / 100)
    const start = performance.now()
    await get(page)
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
}

const main = async () => {
  const machine = Results.machine()
  console.log("sandbox listing, median ms per page of 100 (same run)")
  const measured: Array<{ readonly small: number; readonly large: number }> = []
  for (const [name, query] of [["no filter", ""], ["filter + sort", "&Active=true&sortBy=!Name"]] as const) {
    const small = await timePages(1_000, query, 40)
    const large = await timePages(100_000, query, 40)
    measured.push({ small: Results.round(small), large: Results.round(large) })
    console.log(
      `  ${name.padEnd(14)} 1,000: ${small.toFixed(2).padStart(7)} ms   100,000: ${
        large.toFixed(2).padStart(8)
      } ms   x${(large / small).toFixed(2)}`
    )
  }
  Results.write("sandbox-scale", { machine, pageSize: 100, noFilter: measured[0]!, filterSort: measured[1]! })
  updateReadmes()
}

main()
