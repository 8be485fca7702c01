/**
 * Hostile input (over 500 cases) against a loopback server: a typed refusal
 * with nothing sent, or exactly the intended bytes on the wire.
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Guarantees from "../src/Guarantees.js"
import * as Hostile from "../src/Hostile.js"
import { expectCheck, once } from "./utils.js"

const checks = once(Effect.map(Hostile.run(), Guarantees.hostile))
const verify = (id: string) => () => Effect.map(checks, (all) => expectCheck(all, id))

describe("hostile input", () => {
  it.live("at least 300 cases", verify("hostile.count"), 60_000)
  it.live("path IDs", verify("hostile.path"))
  it.live("filters", verify("hostile.filter"))
  it.live("query values", verify("hostile.query"))
  it.live("list options", verify("hostile.list-options"))
  // Needs framing and routing headers (Host, Connection, Transfer-Encoding, ...) refused.
  it.live("headers", verify("hostile.header"))
  // Needs bodies JSON cannot carry (circular, BigInt, throwing getters, non-finite numbers) refused.
  it.live("bodies", verify("hostile.body"))
})
