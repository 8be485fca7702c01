/** Secret canaries across debug logs, spans, error messages and Cause.pretty. */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Canaries from "../src/Canaries.js"
import * as Guarantees from "../src/Guarantees.js"
import { expectCheck } from "./utils.js"

describe("secret canaries", () => {
  it.live(
    "every grant, successes and refusals: no secret or issued token anywhere",
    () => Effect.map(Canaries.run, (result) => expectCheck(Guarantees.canaries(result), "canaries")),
    30_000
  )
})
