/**
 * `pnpm sandbox [--port N] [--seed FILE]`: serves a sandbox on 127.0.0.1
 * and prints its URL and the seeded credentials. FILE is JSON in the shape
 * of `Seed.Seed`.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
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

const announce = Effect.gen(function*() {
  const { url } = yield* Server.SandboxServer
  yield* Console.log(`OrderCloud sandbox listening on ${url}`)
  yield* Console.log(`  ORDERCLOUD_BASE_URL=${url}`)
  if (seedFile === undefined) {
    yield* Console.log(`  seller: client credentials ${Seed.adminClientID} / ${Seed.adminClientSecret}`)
    yield* Console.log(`  buyer:  password ${Seed.buyerUsername} / ${Seed.buyerPassword} with client ${Seed.storefrontClientID}`)
    yield* Console.log(`  guest:  client credentials ${Seed.storefrontClientID} (no secret)`)
  }
  return yield* Effect.never
})

NodeRuntime.runMain(Effect.provide(announce, Server.layer({ port, seed })))
