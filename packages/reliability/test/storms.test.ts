/**
 * Token storms per grant and concurrent perspectives, against an in-process
 * sandbox that records every request (`pnpm soak` storms with 1,000 calls).
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Guarantees from "../src/Guarantees.js"
import * as Storms from "../src/Storms.js"
import { expectCheck } from "./utils.js"

describe("token storms", () => {
  it.live(
    "each grant: 60 cold concurrent calls make one token request",
    () =>
      Effect.map(Storms.storms(60), (storms) => {
        for (const check of Guarantees.storms(storms)) expectCheck([check], check.id)
      }),
    60_000
  )
})

describe("perspectives", () => {
  it.live(
    "seller, buyer and impersonated buyer at once: no request carries another's bearer",
    () =>
      Effect.map(
        Storms.interleave(40),
        (result) => expectCheck(Guarantees.interleaving(result), "perspectives.bearer")
      ),
    60_000
  )
})
