/** Shared by the suites: judge one guarantee, run an expensive scenario once per file. */
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Guarantees from "../src/Guarantees.js"

/** Asserts the check `id`, with what was measured as the message. */
export const expectCheck = (checks: ReadonlyArray<Guarantees.Check>, id: string): void => {
  const found = checks.find((check) => check.id === id)
  assert.isDefined(found, `no check ${id}`)
  if (found !== undefined) assert.isTrue(found.ok, `${found.guarantee}: ${found.measured}`)
}

/** Runs `effect` the first time the result is asked for, then reuses it. */
export const once = <A>(effect: Effect.Effect<A>): Effect.Effect<A> => {
  let result: Promise<A> | undefined
  return Effect.promise(() => (result ??= Effect.runPromise(effect)))
}
