/**
 * Runs an example against a fresh in-process sandbox and returns what it
 * printed, line by line.
 */
import { ConfigProvider, Console, Effect } from "effect"
import * as Environment from "../../src/Environment.js"
import type { Example } from "../../src/Example.js"

export const printed = (example: Example) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const write = (...args: ReadonlyArray<unknown>) => {
      lines.push(args.map(String).join(" "))
    }
    const base = yield* Effect.console
    // The examples print with Console.log; everything else goes where it usually goes.
    const capturing: Console.Console = {
      ...base,
      log: (...args) => Effect.sync(() => write(...args)),
      unsafe: { ...base.unsafe, log: write }
    }
    yield* example.program.pipe(
      Effect.provide(Environment.layer),
      // No ORDERCLOUD_* variables from the machine running the tests: always the sandbox.
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map())),
      Effect.withConsole(capturing)
    )
    return lines
  })
