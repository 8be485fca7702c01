/**
 * `pnpm sandbox`: help, typed options with clear errors, the scale and
 * fault flags, and a clean exit on Ctrl-C.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { stripVTControlCharacters } from "node:util"
import { afterEach, vi } from "vitest"
import * as Cli from "../src/internal/cli.js"
import * as Seed from "../src/Seed.js"
import { sellerToken } from "./utils/process.js"

/** Runs the command with these arguments, collecting what it prints. */
const runCli = (args: ReadonlyArray<string>) => {
  const printed: Array<string> = []
  const collect = (...parts: ReadonlyArray<unknown>) => void printed.push(parts.map(String).join(" "))
  vi.spyOn(console, "log").mockImplementation(collect)
  vi.spyOn(console, "error").mockImplementation(collect)
  const output = () => stripVTControlCharacters(printed.join("\n"))
  const effect = Cli.run(["node", "sandbox", ...args]).pipe(Effect.provide(NodeContext.layer))
  return { effect, output }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe("pnpm sandbox", () => {
  it.effect("--help lists every option and starts nothing", () =>
    Effect.gen(function*() {
      const { effect, output } = runCli(["--help"])
      yield* effect
      for (
        const flag of [
          "--port",
          "--seed",
          "--products",
          "--latency",
          "--throttle",
          "--unavailable",
          "--retry-after",
          "--reset",
          "--truncate",
          "--fault-paths",
          "--fault-auth",
          "--max-faults",
          "--fault-seed"
        ]
      ) assert.include(output(), flag)
      assert.notInclude(output(), "listening")
    }))

  const refused: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
    [["--port", "abc"], "'abc' is not a integer"],
    [["--port", "70000"], "--port takes a value from 0 to 65535, not 70000"],
    [["--throttle", "2"], "--throttle takes a value from 0 to 1, not 2"],
    [["--latency", "soon"], "--latency takes milliseconds (200) or a range (50-200)"],
    [["--latency", "50-10"], "the range ends before it starts"],
    [["--products", "-5"], "--products takes a value from 0"],
    [["--seed", "/nonexistent/seed.json"], "must exist"]
  ]
  for (const [args, message] of refused) {
    it.effect(`${args.join(" ")}: a clear message, no stack, no server`, () =>
      Effect.gen(function*() {
        const { effect, output } = runCli(args)
        const exit = yield* Effect.exit(effect)
        assert.isTrue(exit._tag === "Failure")
        assert.include(output(), message)
        assert.notInclude(output(), "    at ")
        assert.notInclude(output(), "listening")
      }))
  }

  it("fault flags become the sandbox's fault options; none given, none injected", () => {
    const parsed = {
      port: 0,
      seed: Option.none(),
      products: Option.none(),
      latency: Option.some({ min: 50, max: 200 }),
      throttle: Option.some(0.1),
      unavailable: Option.none(),
      retryAfter: Option.some(3),
      reset: Option.some(0.05),
      truncate: Option.none(),
      faultPaths: Option.some("/v1/products,,/v1/orders"),
      faultAuth: false,
      maxFaults: Option.some(10),
      faultSeed: Option.some(42)
    }
    assert.deepStrictEqual(Cli.faultsOf(parsed, () => 1), {
      latency: { min: 50, max: 200 },
      throttle: { rate: 0.1, retryAfter: 3 },
      reset: { rate: 0.05 },
      paths: ["/v1/products", "/v1/orders"],
      maxFaults: 10,
      auth: false,
      seed: 42
    })
    const none = {
      ...parsed,
      latency: Option.none(),
      throttle: Option.none(),
      reset: Option.none(),
      faultPaths: Option.none(),
      maxFaults: Option.none(),
      faultSeed: Option.none()
    }
    assert.isUndefined(Cli.faultsOf(none, () => 1))
    assert.deepStrictEqual(Cli.faultsOf({ ...none, faultAuth: true }, () => 7), { auth: true, seed: 7 })
  })

  it.live(
    "serves the marketplace plus generated products and prints every seeded credential",
    () =>
      Effect.gen(function*() {
        const { effect, output } = runCli(["--products", "30"])
        const fiber = yield* Effect.fork(effect)
        const url = yield* Effect.suspend(() => {
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())
          return found === null ? Effect.fail("not yet") : Effect.succeed(found[1]!)
        }).pipe(Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("30 seconds"))))
        for (const secret of [Seed.adminClientSecret, Seed.adminPassword, Seed.buyerPassword]) {
          assert.include(output(), secret)
        }

        const token = yield* Effect.promise(() => sellerToken(url))
        const meta = yield* Effect.promise(async () => {
          const response = await fetch(`${url}/v1/products?pageSize=1`, {
            headers: { authorization: `Bearer ${token}` }
          })
          return ((await response.json()) as { Meta: { TotalCount: number } }).Meta
        })
        assert.strictEqual(meta.TotalCount, 35)
        yield* Fiber.interrupt(fiber)
      }),
    60_000
  )
})

describe("the token endpoint", () => {
  it.live("a JSON body is told to be form-encoded", () =>
    Effect.gen(function*() {
      const { effect, output } = runCli([])
      const fiber = yield* Effect.fork(effect)
      const url = yield* Effect.suspend(() => {
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())
        return found === null ? Effect.fail("not yet") : Effect.succeed(found[1]!)
      }).pipe(Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("30 seconds"))))
      const answer = yield* Effect.promise(async () => {
        const response = await fetch(`${url}/oauth/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ grant_type: "client_credentials", client_id: Seed.adminClientID })
        })
        return {
          status: response.status,
          body: (await response.json()) as { error: string; error_description: string }
        }
      })
      assert.strictEqual(answer.status, 400)
      assert.strictEqual(answer.body.error, "invalid_request")
      assert.include(answer.body.error_description, "form-encoded")
      yield* Fiber.interrupt(fiber)
    }), 60_000)
})

describe("the sandbox process", () => {
  // A real process, started as `pnpm sandbox` starts it (node with tsx's loader: one process, no
  // signal relay); start-up takes seconds on a busy machine, hence the generous limit.
  it("Ctrl-C (SIGINT to the whole process group, as a terminal sends it) exits cleanly with code 0", async () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url))
    const child = spawn(process.execPath, ["--import", "tsx", "packages/sandbox/src/bin.ts", "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += String(chunk)))
    child.stderr.on("data", (chunk) => (output += String(chunk)))
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    await vi.waitFor(() => assert.include(output, "listening on"), { timeout: 90_000, interval: 100 })
    process.kill(-child.pid!, "SIGINT")
    assert.strictEqual(await exited, 0, output)
  }, 120_000)
})
