/**
 * How many token requests do 8 processes of one service make when they
 * share a file-system TokenStore? Runs the sandbox (`pnpm sandbox`) on a
 * loopback port behind a proxy that counts `POST /oauth/token`, then
 * starts 8 worker processes (bench/worker.ts) that each build a
 * client-credentials session over the same store directory, and releases
 * their first call at once.
 *
 * - cold start: an empty store (aim: 1 token request in all);
 * - warm start: the same store again, the token still valid (aim: 0).
 *
 * `pnpm --filter @ordercloud-effect/auth bench:token-store [rounds]` (from the repository).
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as os from "node:os"
import * as path from "node:path"

const root = path.join(import.meta.dirname, "..", "..", "..")
const instances = 8
const rounds = Number(process.argv[2] ?? 5)

/** Every child is ended when this script ends, however it ends. */
const children = new Set<ChildProcess>()
process.on("exit", () => {
  for (const child of children) child.kill()
})

const tsx = (file: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv) => {
  const child = spawn(process.execPath, ["--import", "tsx", file, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"]
  })
  children.add(child)
  child.on("exit", () => children.delete(child))
  return child
}

/** Resolves with the first stdout line matching `pattern`, across lines seen so far. */
const waitFor = (child: ChildProcess, pattern: RegExp, seen: { text: string }): Promise<RegExpExecArray> =>
  new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(seen.text)
      if (match !== null) {
        child.stdout!.off("data", onData)
        child.off("exit", onExit)
        resolve(match)
      }
    }
    const onData = (chunk: Buffer) => {
      seen.text += chunk.toString("utf8")
      check()
    }
    const onExit = (code: number | null) => reject(new Error(`exited with ${code} before ${pattern}`))
    child.stdout!.on("data", onData)
    child.on("exit", onExit)
    check()
  })

const startSandbox = async () => {
  const sandbox = tsx("packages/sandbox/src/bin.ts", ["--port", "0"], {})
  const seen = { text: "" }
  const [, url] = await waitFor(sandbox, /listening on (http:\/\/\S+)/, seen)
  const [, clientID, clientSecret] = await waitFor(sandbox, /seller: client credentials (\S+) \/ (\S+)/, seen)
  return { url: url!, clientID: clientID!, clientSecret: clientSecret! }
}

/** A proxy to the sandbox that counts token requests. */
const countingProxy = async (target: string) => {
  const counter = { tokenRequests: 0 }
  const upstream = new URL(target)
  const server = http.createServer((request, response) => {
    if (request.method === "POST" && request.url?.startsWith("/oauth/token")) counter.tokenRequests++
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      }
    )
    forward.on("error", () => response.destroy())
    request.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, counter, close: () => server.close() }
}

/** 8 workers, built, then released together; resolves when all have made their call. */
const runInstances = async (env: NodeJS.ProcessEnv) => {
  const workers = Array.from({ length: instances }, () => tsx("packages/auth/bench/worker.ts", [], env))
  const outputs = workers.map(() => ({ text: "" }))
  await Promise.all(workers.map((worker, i) => waitFor(worker, /^ready$/m, outputs[i]!)))
  for (const worker of workers) worker.stdin!.write("go\n")
  await Promise.all(workers.map((worker, i) => waitFor(worker, /^ok /m, outputs[i]!)))
  await Promise.all(
    workers.map((worker) =>
      new Promise((resolve) => worker.exitCode === null ? worker.on("exit", resolve) : resolve(null))
    )
  )
}

const main = async () => {
  const sandbox = await startSandbox()
  const proxy = await countingProxy(sandbox.url)
  const results: Array<{ cold: number; warm: number }> = []
  try {
    for (let round = 0; round < rounds; round++) {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), "oc-token-store-"))
      const env = {
        ORDERCLOUD_BASE_URL: proxy.url,
        ORDERCLOUD_CLIENT_ID: sandbox.clientID,
        ORDERCLOUD_CLIENT_SECRET: sandbox.clientSecret,
        ORDERCLOUD_SCOPE: "FullAccess",
        TOKEN_STORE_DIR: path.join(directory, "tokens")
      }
      try {
        const before = proxy.counter.tokenRequests
        await runInstances(env)
        const cold = proxy.counter.tokenRequests - before
        await runInstances(env)
        const warm = proxy.counter.tokenRequests - before - cold
        results.push({ cold, warm })
        console.log(`round ${round + 1}: cold start ${cold} token request(s), warm start ${warm}`)
      } finally {
        fs.rmSync(directory, { recursive: true, force: true })
      }
    }
  } finally {
    proxy.close()
  }
  const cold = results.map((result) => result.cold)
  const warm = results.map((result) => result.warm)
  console.log(JSON.stringify({ instances, rounds, cold, warm }))
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  }
)
