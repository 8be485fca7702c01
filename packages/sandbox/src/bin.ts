/**
 * `pnpm sandbox [--port N] [--seed FILE] [fault options]`: serves a sandbox
 * on 127.0.0.1 and prints its URL and the seeded credentials. FILE is JSON
 * in the shape of `Seed.Seed`.
 *
 * Fault options (see the `Faults` module; any of them turns injection on):
 * `--latency MS` or `--latency MIN-MAX`, `--throttle RATE` (429),
 * `--unavailable RATE` (503), `--retry-after SECONDS`, `--reset RATE`,
 * `--truncate RATE`, `--fault-paths /v1/a,/v1/b`, `--fault-auth`,
 * `--max-faults N`, `--fault-seed N` (printed, random when not given).
 * RATE is from 0 to 1: `pnpm sandbox --latency 200 --unavailable 0.2 --fault-seed 42`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import type * as Faults from "./Faults.js"
import * as Seed from "./Seed.js"
import * as Server from "./Server.js"

const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const index = args.indexOf(name)
  return index === -1 ? undefined : args[index + 1]
}
const port = Number(option("--port") ?? 0)
const seedFile = option("--seed")
const seed: Seed.Seed = seedFile === undefined ? Seed.marketplace : JSON.parse(readFileSync(seedFile, "utf8"))

const numberOption = (name: string): number | undefined => {
  const value = option(name)
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (value.trim() === "" || !Number.isFinite(parsed)) throw new Error(`${name} takes a number, not ${JSON.stringify(value)}`)
  return parsed
}
const rateOption = (name: string): { readonly rate: number } | undefined => {
  const rate = numberOption(name)
  if (rate !== undefined && (rate < 0 || rate > 1)) throw new Error(`${name} takes a rate from 0 to 1, not ${rate}`)
  return rate === undefined ? undefined : { rate }
}
const faultOptions = (): Faults.Options | undefined => {
  const latencyText = option("--latency")
  const range = latencyText === undefined ? null : /^(\d+)-(\d+)$/.exec(latencyText)
  const latency = range === null
    ? numberOption("--latency")
    : { min: Number(range[1]), max: Number(range[2]) }
  const retryAfter = numberOption("--retry-after")
  const withRetryAfter = (rate: { readonly rate: number } | undefined) =>
    rate === undefined ? undefined : retryAfter === undefined ? rate : { ...rate, retryAfter }
  const throttle = withRetryAfter(rateOption("--throttle"))
  const unavailable = withRetryAfter(rateOption("--unavailable"))
  const reset = rateOption("--reset")
  const truncate = rateOption("--truncate")
  const paths = option("--fault-paths")?.split(",").filter((path) => path !== "")
  const maxFaults = numberOption("--max-faults")
  const auth = args.includes("--fault-auth")
  if ([latency, throttle, unavailable, reset, truncate, paths, maxFaults].every((x) => x === undefined) && !auth) {
    return undefined
  }
  return {
    seed: numberOption("--fault-seed") ?? Math.floor(Math.random() * 2 ** 31),
    ...(latency === undefined ? {} : { latency }),
    ...(throttle === undefined ? {} : { throttle }),
    ...(unavailable === undefined ? {} : { unavailable }),
    ...(reset === undefined ? {} : { reset }),
    ...(truncate === undefined ? {} : { truncate }),
    ...(paths === undefined ? {} : { paths }),
    ...(maxFaults === undefined ? {} : { maxFaults }),
    auth
  }
}
const faults = faultOptions()

const announce = Effect.gen(function*() {
  const { url } = yield* Server.SandboxServer
  yield* Console.log(`OrderCloud sandbox listening on ${url}`)
  yield* Console.log(`  ORDERCLOUD_BASE_URL=${url}`)
  if (seedFile === undefined) {
    yield* Console.log(`  seller: client credentials ${Seed.adminClientID} / ${Seed.adminClientSecret}`)
    yield* Console.log(`  buyer:  password ${Seed.buyerUsername} / ${Seed.buyerPassword} with client ${Seed.storefrontClientID}`)
    yield* Console.log(`  guest:  client credentials ${Seed.storefrontClientID} (no secret)`)
  }
  if (faults !== undefined) {
    const { seed: faultSeed, ...rest } = faults
    yield* Console.log(`  faults: ${JSON.stringify(rest)} (replay with --fault-seed ${faultSeed})`)
  }
  return yield* Effect.never
})

NodeRuntime.runMain(Effect.provide(announce, Server.layer({ port, seed, faults })))
