/**
 * Per-request cost of one `GET /v1/products/{id}` against the same sandbox on
 * a loopback port, in one run: raw `fetch` (the baseline), the official
 * JavaScript SDK, and this SDK (client, session, Schema decode). Clients
 * take turns in rounds so drift hits all of them alike; medians of the
 * rounds. Writes `bench/results/overhead.json` and the READMEs' figures.
 * `pnpm bench`.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Session from "@ordercloud-effect/core/Session"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Server from "@ordercloud-effect/sandbox/Server"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { createRequire } from "node:module"
import { Configuration, Products as OfficialProducts, Tokens } from "ordercloud-javascript-sdk"
import { updateReadmes } from "./readme.js"
import * as Results from "./results.js"

const rounds = 20
const perRound = 25

const officialSdkVersion: string = createRequire(import.meta.url)("ordercloud-javascript-sdk/package.json").version

const main = async () => {
  const machine = Results.machine()
  const server = ManagedRuntime.make(Server.layer())
  const { url } = await server.runPromise(Server.SandboxServer)
  const tokenResponse = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: Seed.adminClientID,
      client_secret: Seed.adminClientSecret,
      scope: "FullAccess"
    })
  })
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string }

  Configuration.Set({ baseApiUrl: url })
  Tokens.SetAccessToken(token)
  const ours = ManagedRuntime.make(
    Layer.merge(
      OrderCloudClient.layer.pipe(
        Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: url }))),
        Layer.provide(FetchHttpClient.layer)
      ),
      Session.layerToken(token)
    )
  )

  const clients: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
    ["raw fetch + JSON.parse (baseline)", async () => {
      const response = await fetch(`${url}/v1/products/tee-01`, { headers: { authorization: `Bearer ${token}` } })
      return response.json()
    }],
    [`official JavaScript SDK ${officialSdkVersion}`, () => OfficialProducts.Get("tee-01")],
    ["this SDK (Products.get, decoded)", () => ours.runPromise(Products.get("tee-01"))]
  ]

  for (const [, call] of clients) for (let i = 0; i < 50; i++) await call() // warm up
  const times = new Map(clients.map(([name]) => [name, [] as Array<number>]))
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of clients) {
      const start = performance.now()
      for (let i = 0; i < perRound; i++) await call()
      times.get(name)!.push((performance.now() - start) / perRound)
    }
  }
  const median = (values: Array<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const base = median(times.get(clients[0]![0])!)
  console.log(`per-request time, GET one product from a loopback sandbox (median of ${rounds} rounds of ${perRound})`)
  for (const [name] of clients) {
    const m = median(times.get(name)!)
    console.log(`  ${name.padEnd(36)} ${m.toFixed(3).padStart(7)} ms  x${(m / base).toFixed(2)}`)
  }
  const [rawFetch, officialSdk, thisSdk] = clients.map(([name]) => Results.round(median(times.get(name)!)))
  Results.write("overhead", {
    machine,
    rounds,
    perRound,
    officialSdkVersion,
    rawFetch: rawFetch!,
    officialSdk: officialSdk!,
    thisSdk: thisSdk!
  })
  updateReadmes()
  await ours.dispose()
  await server.dispose()
}

main()
