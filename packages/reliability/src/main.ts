/**
 * `pnpm soak`: the reliability suite at full size. Runs the soak (10,000
 * mixed operations, 16 fibers, 10% faults) on a loopback port and
 * in-process, token storms of 1,000 cold calls per grant, perspective
 * interleaving, stalls on the live clock, every hostile input, the secret
 * canaries and the redirect cases; prints one line per guarantee and writes
 * everything measured to `bench/results/soak.json`. Exits 1 when a
 * guarantee does not hold.
 *
 * Options: `--operations N`, `--fibers N`, `--fault-rate R`, `--seed N`,
 * `--out FILE`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus } from "node:os"
import { dirname, resolve } from "node:path"
import { parseArgs } from "node:util"
import * as Canaries from "./Canaries.js"
import * as Guarantees from "./Guarantees.js"
import * as Hostile from "./Hostile.js"
import * as Redirects from "./Redirects.js"
import * as Soak from "./Soak.js"
import * as Stalls from "./Stalls.js"
import * as Storms from "./Storms.js"

const { values } = parseArgs({
  options: {
    operations: { type: "string", default: "10000" },
    fibers: { type: "string", default: "16" },
    "fault-rate": { type: "string", default: "0.1" },
    seed: { type: "string", default: "42" },
    out: { type: "string", default: resolve(import.meta.dirname, "../../../bench/results/soak.json") }
  }
})

/** Live-clock stalls: the call's timeout, and how late "on time" may be on a busy machine. */
const stallTimeout = 500
const stallSlack = 250

const step = <A>(name: string, effect: Effect.Effect<A>) =>
  Effect.gen(function*() {
    const started = Date.now()
    yield* Effect.sync(() => process.stdout.write(`${name}... `))
    const result = yield* effect
    yield* Effect.sync(() => process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`))
    return result
  })

const program = Effect.gen(function*() {
  const soakOptions = {
    operations: Number(values.operations),
    fibers: Number(values.fibers),
    faultRate: Number(values["fault-rate"]),
    seed: Number(values.seed)
  }
  const soakPort = yield* step("soak on a loopback port", Soak.run({ ...soakOptions, mode: "port" }))
  const soakInProcess = yield* step("soak in-process", Soak.run({ ...soakOptions, mode: "in-process" }))
  const storms = yield* step("token storms", Storms.storms(1000))
  const interleaving = yield* step("perspectives", Storms.interleave(300))
  const stalls = yield* step(
    "stalls",
    Effect.all({
      token: Stalls.tokenStall(`${stallTimeout} millis`),
      scope: Stalls.scopeClose(`${stallTimeout} millis`),
      body: Stalls.bodyStall(`${stallTimeout} millis`)
    })
  )
  const hostile = yield* step("hostile input", Hostile.run())
  const canaries = yield* step("secret canaries", Canaries.run)
  const redirects = yield* step("redirects", Redirects.run)

  const checks: ReadonlyArray<Guarantees.Check> = [
    ...Guarantees.soak(soakPort).map((check) => ({ ...check, id: `port.${check.id}` })),
    ...Guarantees.soak(soakInProcess).map((check) => ({ ...check, id: `in-process.${check.id}` })),
    ...Guarantees.storms(storms),
    ...Guarantees.interleaving(interleaving),
    ...Guarantees.stalls(stalls, stallSlack),
    ...Guarantees.hostile(hostile),
    ...Guarantees.canaries(canaries),
    ...Guarantees.redirects(redirects)
  ]

  const line = (cells: ReadonlyArray<string>) => console.log(cells.join(" | "))
  console.log("")
  line(["ok", "guarantee", "measured"])
  for (const check of checks) {
    line([check.ok ? "yes" : "NO", `${check.id}: ${check.guarantee}`, check.measured.slice(0, 300)])
  }
  const failing = checks.filter((check) => !check.ok)
  console.log(`\n${checks.length - failing.length}/${checks.length} guarantees hold`)

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    soak: { port: soakPort, inProcess: soakInProcess },
    storms,
    interleaving,
    stalls: { timeoutMillis: stallTimeout, slackMillis: stallSlack, ...stalls },
    hostile: {
      cases: hostile.length,
      byGroup: Object.fromEntries(
        [...new Set(hostile.map((verdict) => verdict.group))].map((group) => {
          const inGroup = hostile.filter((verdict) => verdict.group === group)
          return [group, { cases: inGroup.length, ok: inGroup.filter((verdict) => verdict.ok).length }]
        })
      ),
      failing: hostile.filter((verdict) => !verdict.ok)
    },
    canaries,
    redirects,
    checks
  }
  mkdirSync(dirname(values.out), { recursive: true })
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`results written to ${values.out}`)
  return failing.length
})

Effect.runPromise(program).then(
  (failing) => process.exit(failing === 0 ? 0 : 1),
  (error) => {
    console.error(error)
    process.exit(2)
  }
)
