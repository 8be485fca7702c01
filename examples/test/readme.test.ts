import { assert, describe, it } from "@effect/vitest"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Server from "@ordercloud-effect/sandbox/Server"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { readFileSync } from "node:fs"
// Imported with the test file, like every example: loading the client, the
// resources and the sandbox (hundreds of modules the test runner transforms)
// is not part of the test; running the quickstart is.
import { main } from "../src/quickstart.js"

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")
const tsBlocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
const sandboxProducts = ["Sandbox Bag", "Sandbox Cap", "Sandbox Mug", "Sandbox Socks", "Sandbox Tee"]

describe("the root README", () => {
  it("starts with the two fresh-machine commands: the tour and the tests", () => {
    const commands = [...readme.slice(0, 800).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim())
    assert.deepStrictEqual(commands, [
      "command -v pnpm >/dev/null || npm i -g pnpm@10.34.8; pnpm install --frozen-lockfile && pnpm start",
      "command -v pnpm >/dev/null || npm i -g pnpm@10.34.8; pnpm install --frozen-lockfile && pnpm test"
    ])
  })

  it("installs the public packages with the peer dependencies at the versions they accept", () => {
    const install = readme.slice(readme.indexOf("## Install"), readme.indexOf("## Quickstart"))
    const commands = [...install.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim())
    assert.deepStrictEqual(commands, [
      "pnpm add @ordercloud-effect/core @ordercloud-effect/auth @ordercloud-effect/resources effect@3 @effect/platform@0.97\n" +
      "pnpm add -D @ordercloud-effect/sandbox"
    ])
  })

  it("shows the quickstart exactly as it is type-checked and run here", async () => {
    assert.strictEqual(tsBlocks[0], readFileSync(new URL("../src/quickstart.ts", import.meta.url), "utf8"))
    const page = await main
    assert.deepStrictEqual(page.Items.map((p) => p.Name), sandboxProducts)
  })

  it(
    "shows the real-marketplace program as it is type-checked here, and it runs from ORDERCLOUD_* variables",
    async () => {
      assert.strictEqual(tsBlocks[1], readFileSync(new URL("../src/marketplace.ts", import.meta.url), "utf8"))
      // A marketplace stand-in: the sandbox on a loopback port, named by the variables the program reads.
      const server = ManagedRuntime.make(Server.layer())
      const variables = [
        "ORDERCLOUD_BASE_URL",
        "ORDERCLOUD_CLIENT_ID",
        "ORDERCLOUD_CLIENT_SECRET",
        "ORDERCLOUD_SCOPE"
      ] as const
      const saved = variables.map((name) => [name, process.env[name]] as const)
      try {
        const { url } = await server.runPromise(Server.SandboxServer)
        Object.assign(process.env, {
          ORDERCLOUD_BASE_URL: url,
          ORDERCLOUD_CLIENT_ID: Seed.adminClientID,
          ORDERCLOUD_CLIENT_SECRET: Seed.adminClientSecret,
          ORDERCLOUD_SCOPE: "FullAccess"
        })
        const { main } = await import("../src/marketplace.js")
        const page = await main
        assert.deepStrictEqual(page.Items.map((p) => p.Name), sandboxProducts)
      } finally {
        for (const [name, value] of saved) {
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        }
        await server.dispose()
      }
    },
    30_000
  )
})
