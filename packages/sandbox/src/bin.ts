/**
 * `pnpm sandbox [options]`: serves a sandbox on 127.0.0.1 and prints its URL
 * and the seeded credentials until Ctrl-C. `pnpm sandbox --help` lists the
 * options (port, seed file, generated products, faults).
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Cli from "./internal/cli.js"

// Ctrl-C reaches this process twice (from the terminal and from the runner
// that started it); the second must not kill the shutdown under way.
process.on("SIGINT", () => {})
process.on("SIGTERM", () => {})

// The command prints its own errors (bad options, a port in use): exit 1 without a stack.
NodeRuntime.runMain(Cli.run(process.argv).pipe(Effect.provide(NodeContext.layer)), { disableErrorReporting: true })
