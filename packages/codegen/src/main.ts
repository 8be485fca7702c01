/**
 * Entry point of `pnpm codegen`; see Cli.ts for what it does.
 */
import { run } from "./Cli.js"

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
