/**
 * A token endpoint that never answers and a body that never ends, on the
 * TestClock: times are exact, no real waiting.
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { runToEnd } from "../../core/test/utils/clock.js"
import * as Guarantees from "../src/Guarantees.js"
import * as Stalls from "../src/Stalls.js"
import { expectCheck } from "./utils.js"

const timeout = "5 seconds"
const measured = Effect.gen(function*() {
  const token = yield* runToEnd(yield* Effect.fork(Stalls.tokenStall(timeout)))
  const scope = yield* runToEnd(yield* Effect.fork(Stalls.scopeClose(timeout)))
  const body = yield* runToEnd(yield* Effect.fork(Stalls.bodyStall(timeout)))
  return Guarantees.stalls({ token, scope, body }, 0)
})

describe("stalls", () => {
  it.effect("a stalled token request fails the call with Timeout at the config timeout", () =>
    Effect.map(measured, (checks) => expectCheck(checks, "stall.token.timeout")))
  // Needs the token request bounded by the timeout and interruptible.
  it.effect("after a stalled token request, the next call starts a fresh one", () =>
    Effect.map(measured, (checks) => expectCheck(checks, "stall.token.fresh")))
  it.effect("closing the session's scope interrupts a token request in flight at once", () =>
    Effect.map(measured, (checks) => expectCheck(checks, "stall.scope")))
  it.effect("a stalled body fails the call with Timeout at the config timeout and aborts the request", () =>
    Effect.map(measured, (checks) => expectCheck(checks, "stall.body")))
})
