/**
 * The soak at a size for `pnpm test`: 16 fibers, 400 mixed operations, 10%
 * of API requests faulted, in-process (`pnpm soak` runs 10,000 on a port).
 * Counts only: nothing here depends on how fast the machine is.
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Guarantees from "../src/Guarantees.js"
import * as Soak from "../src/Soak.js"
import { expectCheck, once } from "./utils.js"

const result = once(Soak.run({ operations: 400, fibers: 16, faultRate: 0.1, seed: 7, mode: "in-process" }))
const verify = (id: string) => () => Effect.map(result, (measured) => expectCheck(Guarantees.soak(measured), id))

describe("soak: 400 mixed operations, 16 fibers, 10% faults", () => {
  it.live("no defect", verify("soak.defects"), 60_000)
  it.live("every failure is a tagged error", verify("soak.tagged"))
  it.live("no duplicate", verify("soak.duplicates"))
  // Needs creates made safe to retry (a client-chosen ID, a 409 on a retry read back, 429 retried for any method).
  it.live("no lost write", verify("soak.lost"))
  it.live("creates fail at most twice as often as idempotent calls", verify("soak.creates"))
})
