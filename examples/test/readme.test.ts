import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
// Imported with the test file, like every example: loading the client, the
// resources and the sandbox (hundreds of modules the test runner transforms)
// is not part of the test; running the quickstart is.
import { main } from "../src/quickstart.js"

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")

describe("the root README", () => {
  it("starts with the two fresh-machine commands: the tour and the tests", () => {
    const commands = [...readme.slice(0, 800).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim())
    assert.deepStrictEqual(commands, [
      "command -v pnpm >/dev/null || npm i -g pnpm@10.34.8; pnpm install --frozen-lockfile && pnpm start",
      "command -v pnpm >/dev/null || npm i -g pnpm@10.34.8; pnpm install --frozen-lockfile && pnpm test"
    ])
  })

  it("shows the quickstart exactly as it is type-checked and run here", async () => {
    const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)[0]
    assert.strictEqual(block, readFileSync(new URL("../src/quickstart.ts", import.meta.url), "utf8"))
    const page = await main
    assert.deepStrictEqual(page.Items.map((p) => p.Name), ["Sandbox Bag", "Sandbox Cap", "Sandbox Mug", "Sandbox Socks", "Sandbox Tee"])
  })
})
