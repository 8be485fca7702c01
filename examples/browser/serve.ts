/**
 * `pnpm storefront`: builds the storefront page, serves a fresh sandbox and
 * the page on two loopback ports (two origins, as a storefront and the API
 * have), writes the page to `examples/browser/dist/` to open as a file,
 * serves the server-rendered storefront (`src/storefront`) on a third port,
 * and prints the URLs until Ctrl-C.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Server from "@ordercloud-effect/sandbox/Server"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { mkdir, writeFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { serve as serveRendered } from "../src/storefront/serve.js"
import { buildPage, gzipSize } from "./build.js"
import { serve } from "./static.js"

const dist = fileURLToPath(new URL("./dist/", import.meta.url))

const program = Effect.gen(function*() {
  const files = yield* Effect.promise(buildPage)
  yield* Effect.promise(async () => {
    await mkdir(dist, { recursive: true })
    for (const [name, file] of files) await writeFile(`${dist}${name}`, file.body)
  })
  const { url: api } = yield* Server.SandboxServer
  const page = yield* serve(files)
  const rendered = yield* serveRendered(api)
  const bundle = files.get("storefront.js")!.body
  yield* Console.log(
    [
      `The storefront page (bundle ${(bundle.byteLength / 1024).toFixed(1)} KiB, ${
        (gzipSize(bundle) / 1024).toFixed(1)
      } KiB gzipped):`,
      ``,
      `  against the sandbox server at ${api}:`,
      `    ${page}/?api=${api}`,
      `  with the sandbox inside the page (no server):`,
      `    ${page}/?sandbox=embedded`,
      `  or open ${dist}index.html?sandbox=embedded as a file`,
      ``,
      `The server-rendered storefront (sessions in cookies, guest cart, SSO with the sandbox's stand-in provider):`,
      `    ${rendered}/   (buyer01 / Sandbox-Buyer-1)`,
      ``,
      `Ctrl-C stops.`
    ].join("\n")
  )
  return yield* Effect.never
}).pipe(Effect.scoped, Effect.provide(Server.layer()))

NodeRuntime.runMain(program)
