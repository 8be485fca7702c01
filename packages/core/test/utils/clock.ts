/**
 * Drives a forked call to its end under the TestClock. The in-process server
 * answers on microtasks and macrotasks, never on timers, so: let the call
 * settle, then move the clock to the earliest pending timer, and again, at
 * most 50 times (a stuck call dies instead of hanging the suite).
 */
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"

/** Lets promise callbacks and I/O queued so far run. */
export const macrotask = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

export const runToEnd = <A, E>(fiber: Fiber.RuntimeFiber<A, E>): Effect.Effect<A, E> =>
  Effect.gen(function*() {
    let waited = 0
    for (let step = 0; step < 50; step++) {
      for (let tick = 0; tick < 10; tick++) {
        if (Option.isSome(yield* Fiber.poll(fiber))) return yield* Fiber.join(fiber)
        yield* macrotask
      }
      const pending = Chunk.toReadonlyArray(yield* TestClock.sleeps())
      if (pending.length === 0) return yield* Effect.dieMessage("the call is blocked with no timer pending")
      const now = yield* TestClock.currentTimeMillis
      const next = Math.min(...pending)
      // Only a deadline far off pending: the call may still be in flight on a busy machine, so
      // give it more turns before moving the clock there.
      if (next - now > 30_000 && ++waited <= 200) {
        step--
        continue
      }
      yield* TestClock.adjust(Duration.millis(next - now))
    }
    return yield* Effect.dieMessage("the call did not end within 50 clock steps")
  })
