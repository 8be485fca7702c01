/**
 * `pnpm publish -r --dry-run`, as a release would run it, against a registry
 * stand-in on a loopback port: pnpm asks the registry which versions are
 * out already (this one has none), so the run needs neither the network nor
 * an npm login, and whatever happens nothing can reach npm.
 */
import { assert, describe, it } from "@effect/vitest"
import { createServer } from "node:http"
import { root, run } from "../pack.js"

const publicNames = [
  "@ordercloud-effect/auth",
  "@ordercloud-effect/core",
  "@ordercloud-effect/receive",
  "@ordercloud-effect/resources",
  "@ordercloud-effect/sandbox"
]

describe("pnpm publish -r --dry-run", () => {
  it("would publish the five public packages, with public access, and nothing else", async () => {
    const asked: Array<string> = []
    const registry = createServer((request, response) => {
      asked.push(`${request.method} ${decodeURIComponent(request.url ?? "").toLowerCase()}`)
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Not found" }))
    })
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve))
    try {
      const address = registry.address()
      assert(address !== null && typeof address === "object")
      // npm reports on stderr; a failed publish throws with both streams.
      const output = await run(
        "sh",
        ["-c", `pnpm publish -r --dry-run --no-git-checks --registry http://127.0.0.1:${address.port}/ 2>&1`],
        { cwd: root }
      )
      const published = [...output.matchAll(/^\+ (\S+)@\d+\.\d+\.\d+$/gm)].map((m) => m[1]!).sort()
      assert.deepStrictEqual(published, publicNames)
      assert.strictEqual(
        [...output.matchAll(/with tag latest and public access \(dry-run\)/g)].length,
        publicNames.length
      )
      // The registry was only asked which versions exist; nothing was sent to it.
      assert.deepStrictEqual([...new Set(asked)].sort(), publicNames.map((name) => `GET /${name}`))
    } finally {
      registry.close()
    }
  }, 120_000)
})
