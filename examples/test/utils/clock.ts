/**
 * Runs an effect that waits (a retry's Retry-After, say) on the TestClock:
 * the in-process sandbox answers on promises, never on timers, so when the
 * effect has stopped making progress on its own, the clock moves to the
 * earliest pending wake-up, and again, a bounded number of times. Wake-ups
 * far ahead are the calls' deadlines (60 s): those are never jumped to, since
 * a call still in flight on a busy machine would then time out; the effect
 * is given more time instead.
 */
import { Chunk, Duration, Effect, Fiber, Option, TestClock } from "effect"

/** Lets promise callbacks and I/O queued so far run. */
const macrotask = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

/** The longest wait an example takes on purpose (a Retry-After); deadlines are further off. */
const horizonMillis = 30_000

export const onTestClock = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    let waited = 0
    for (let step = 0; step < 20;) {
      // Generous: a call on the in-process sandbox settles in a few of these.
      for (let tick = 0; tick < 50; tick++) {
        if (Option.isSome(yield* Fiber.poll(fiber))) return yield* Fiber.join(fiber)
        yield* macrotask
      }
      const pending = Chunk.toReadonlyArray(yield* TestClock.sleeps())
      if (pending.length === 0) return yield* Effect.dieMessage("blocked with no timer pending")
      const now = yield* TestClock.currentTimeMillis
      const next = Math.min(...pending)
      if (next - now > horizonMillis) {
        // Only deadlines pending: a call is still in flight; let it run.
        if (++waited > 400) return yield* Effect.dieMessage("no progress and only deadlines pending")
        continue
      }
      yield* TestClock.adjust(Duration.millis(next - now))
      step++
    }
    return yield* Effect.dieMessage("did not end within 20 clock steps")
  })
