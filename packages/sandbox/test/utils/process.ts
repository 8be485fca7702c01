/**
 * A sandbox in a process of its own, started as `pnpm sandbox` starts it
 * (node with tsx's loader, a free loopback port): for tools that talk to it
 * as to any OrderCloud, over a real socket.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as Seed from "../../src/Seed.js"

export interface SandboxProcess {
  /** `http://127.0.0.1:<port>`, the base URL the sandbox printed. */
  readonly url: string
  /** Everything the process printed so far. */
  readonly output: () => string
  /** Ends the process (SIGINT, as Ctrl-C) and waits for it to exit. */
  readonly stop: () => Promise<void>
}

const root = fileURLToPath(new URL("../../../..", import.meta.url))

/**
 * Starts `pnpm sandbox --port 0` and resolves once it prints its URL. Start-up
 * compiles the sources with tsx and takes seconds on a busy machine: the
 * caller's hook needs a generous limit; this one gives up after `timeoutMs`.
 */
export const startSandbox = (timeoutMs = 90_000): Promise<SandboxProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/sandbox/src/bin.ts", "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const exited = new Promise<void>((done) => child.once("exit", () => done()))
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT")
      await exited
    }
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`the sandbox did not start within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onOutput = (chunk: unknown) => {
      output += String(chunk)
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (found !== null) {
        clearTimeout(timer)
        resolve({ url: found[1]!, output: () => output, stop })
      }
    }
    child.stdout.on("data", onOutput)
    child.stderr.on("data", onOutput)
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the sandbox exited with ${code} before it listened:\n${output}`))
    })
  })

/** The seeded seller's token from the sandbox at `url`, asked for over the socket as any tool asks. */
export const sellerToken = async (url: string): Promise<string> => {
  const response = await fetch(`${url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: Seed.adminClientID,
      client_secret: Seed.adminClientSecret,
      scope: "FullAccess"
    })
  })
  return ((await response.json()) as { access_token: string }).access_token
}
