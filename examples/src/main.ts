/**
 * `pnpm start`: the tour. `pnpm example <name>`: one example.
 * `pnpm example --list`: the examples with what each shows.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Effect } from "effect"
import * as Environment from "./Environment.js"
import type { Example } from "./Example.js"
import { examples } from "./registry.js"

/** Runs one example, saying first where it runs. */
export const run = (example: Example) =>
  Effect.gen(function*() {
    const env = yield* Environment.Environment
    yield* Console.log(`${example.name}: running against ${env.target}`)
    yield* example.program
  })

const name = process.argv[2]

if (name === undefined || name === "--list") {
  const width = Math.max(...examples.map((e) => e.name.length))
  for (const example of examples) console.log(`${example.name.padEnd(width)}  ${example.description}`)
} else {
  const example = examples.find((e) => e.name === name)
  if (example === undefined) {
    console.error(`no example named "${name}"; pnpm example --list shows them`)
    process.exitCode = 1
  } else {
    NodeRuntime.runMain(run(example).pipe(Effect.provide(Environment.layer)))
  }
}
