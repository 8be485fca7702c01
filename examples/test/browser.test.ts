/**
 * The storefront page in a real browser: Debian's headless Chromium, driven
 * by playwright-core, opens the page from its own loopback origin and runs
 * the whole flow in both modes, against a sandbox server on another origin
 * (so every call crosses CORS) and with the sandbox inside the page. The
 * test fails, saying so, when no browser is installed: it never skips.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as UndiciTransport from "@ordercloud-effect/core/UndiciTransport"
import { Orders } from "@ordercloud-effect/resources"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Server from "@ordercloud-effect/sandbox/Server"
import { Context, Duration, Effect, Layer, Redacted } from "effect"
import { existsSync } from "node:fs"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { type BrowserContext, chromium } from "playwright-core"
import { buildPage } from "../browser/build.js"
import { serve } from "../browser/static.js"

/** `CHROMIUM_PATH` when set, else where Debian's `chromium-headless-shell` puts the browser (`dpkg -L`). */
const candidates = process.env["CHROMIUM_PATH"]
  ? [process.env["CHROMIUM_PATH"]]
  : [
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/bin/chromium-headless-shell",
    "/usr/lib/chromium/headless_shell"
  ]

const executablePath = candidates.find((path) => existsSync(path))

const noBrowser = `no headless Chromium found (looked at ${candidates.join(", ")}): ` +
  "install it with `apt-get update && apt-get install -y chromium-headless-shell` (.ci/run does when it is missing), " +
  "or set CHROMIUM_PATH"

/**
 * This machine has no network: without the background-networking flags
 * Chromium tries to reach Google's services and logs refused connections.
 */
const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/** Generous on purpose: a browser starting on a busy 2-core machine. */
const limits = {
  launch: Duration.minutes(2),
  flow: Duration.minutes(2),
  test: 240_000
}

class Fixture extends Context.Tag("examples/test/browser/Fixture")<Fixture, {
  /** The sandbox server's origin. */
  readonly api: string
  /** The page's origin, another loopback port. */
  readonly page: string
  /** The page written to a folder, as `file:` URL of its `index.html`. */
  readonly file: string
  readonly browser: BrowserContext
}>() {}

const temporaryFolder = (prefix: string) =>
  Effect.acquireRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), prefix))),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  )

/** A browser with a new, empty profile, closed (and its profile removed) with the scope. */
const launch = Effect.gen(function*() {
  if (executablePath === undefined) return yield* Effect.dieMessage(noBrowser)
  const profile = yield* temporaryFolder("storefront-chromium-")
  return yield* Effect.acquireRelease(
    Effect.promise(() =>
      chromium.launchPersistentContext(profile, {
        executablePath,
        headless: true,
        // Playwright passes `profile` as --user-data-dir itself.
        args: flags,
        timeout: Duration.toMillis(limits.launch)
      })
    ),
    (browser) => Effect.promise(() => browser.close())
  )
})

const FixtureLive = Layer.scoped(
  Fixture,
  Effect.gen(function*() {
    const { url: api } = yield* Server.SandboxServer
    const files = yield* Effect.promise(buildPage)
    const page = yield* serve(files)
    const folder = yield* temporaryFolder("storefront-page-")
    yield* Effect.promise(() => Promise.all([...files].map(([name, file]) => writeFile(join(folder, name), file.body))))
    return { api, page, file: pathToFileURL(join(folder, "index.html")).href, browser: yield* launch }
  })
).pipe(Layer.provide(Layer.orDie(Server.layer())))

interface StepSeen {
  readonly step: string | undefined
  readonly outcome: string | undefined
  readonly detail: string
  readonly error: string | undefined
  readonly errorCode: string | undefined
}

interface Run {
  readonly steps: ReadonlyArray<StepSeen>
  readonly result: { readonly outcome: string | undefined; readonly text: string }
  /** Every URL the page asked for (preflights are not reported: they are the browser's). */
  readonly requests: ReadonlyArray<string>
  /** Uncaught errors and `console.error` lines. */
  readonly errors: ReadonlyArray<string>
}

/** Opens the page in a new tab, waits for the flow to end and reads what the page shows. */
const runPage = (url: string) =>
  Effect.gen(function*() {
    const { browser } = yield* Fixture
    const tab = yield* Effect.acquireRelease(Effect.promise(() => browser.newPage()), (tab) =>
      Effect.promise(() => tab.close()))
    const requests: Array<string> = []
    const errors: Array<string> = []
    tab.on("request", (request) =>
      requests.push(request.url()))
    tab.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`))
    tab.on("console", (message) => {
      if (message.type() === "error") errors.push(`console.error: ${message.text()}`)
    })
    return yield* Effect.promise(async (): Promise<Run> => {
      const timeout = Duration.toMillis(limits.flow)
      await tab.goto(url, { timeout })
      await tab.waitForSelector("#result:not([hidden])", { timeout })
      const steps = await tab.$$eval("li[data-step]", (items) =>
        items.map((item) => ({
          step: item.dataset["step"],
          outcome: item.dataset["outcome"],
          detail: item.querySelector(".detail")?.textContent ?? "",
          error: item.dataset["error"],
          errorCode: item.dataset["errorCode"]
        })))
      const result = await tab.$eval(
        "#result",
        (node) => ({ outcome: node.dataset["outcome"], text: node.textContent ?? "" })
      )
      return { steps, result, requests: [...requests], errors: [...errors] }
    })
  }).pipe(Effect.scoped)

/** What every step shows: [step, detail], the order's ID as a pattern. */
const expected: ReadonlyArray<readonly [string, RegExp]> = [
  [
    "browse",
    /^5 products:\nSandbox Bag: 1\+ \$30\.00\nSandbox Cap: 1\+ \$15\.00\nSandbox Mug: 1\+ \$9\.50, 10\+ \$8\.00, 50\+ \$6\.50\nSandbox Socks: 1\+ \$4\.00\nSandbox Tee: 1\+ \$12\.00$/
  ],
  ["search", /^1 found: Sandbox Mug$/],
  ["sign-in", /^Signed in as buyer01 \(Bea Buyer\)$/],
  [
    "cart",
    /^12 × Sandbox Mug at \$8\.00 = \$96\.00 \(quantity break at 10; list price \$9\.50\)\n2 × Sandbox Tee at \$12\.00 = \$24\.00\nSubtotal \$120\.00$/
  ],
  ["submit", /^Order [\w-]{1,100} is Open, total \$120\.00$/],
  ["forbidden", /^Refused as expected: Forbidden \(403\) InsufficientRoles$/]
]

/**
 * What the browser itself logs: the network log of the one answer that is
 * an error, the 403 the last step expects (in server mode only).
 */
const forbiddenLogged = "console.error: Failed to load resource: the server responded with a status of 403 (Forbidden)"

const assertWholeFlow = (run: Run, logged: ReadonlyArray<string>) => {
  assert.deepStrictEqual(run.errors, logged, "no uncaught error, nothing logged as an error but the expected 403")
  assert.deepStrictEqual(
    run.steps.map((s) => [s.step, s.outcome]),
    expected.map(([step]) => [step, "ok"]),
    JSON.stringify(run.steps)
  )
  for (const [step, detail] of expected) {
    assert.match(run.steps.find((s) => s.step === step)!.detail, detail, step)
  }
  const forbidden = run.steps.find((s) => s.step === "forbidden")!
  assert.deepStrictEqual([forbidden.error, forbidden.errorCode], ["Forbidden", "InsufficientRoles"])
  assert.deepStrictEqual(run.result, { outcome: "ok", text: "Every step done." })
}

const originOf = (url: string) => new URL(url).origin

describe("the browser for the storefront test", () => {
  it("a headless Chromium is installed", () => {
    assert.isDefined(executablePath, noBrowser)
  })
})

// Real time throughout (no TestClock): a browser and two servers run for real.
layer(FixtureLive, { timeout: Duration.sum(limits.launch, Duration.minutes(1)), excludeTestServices: true })(
  "the storefront page in headless Chromium",
  (it) => {
    it.effect(
      "against the sandbox server on another origin: the whole flow, through CORS",
      () =>
        Effect.gen(function*() {
          const { api, page } = yield* Fixture
          const run = yield* runPage(`${page}/?api=${encodeURIComponent(api)}`)
          assertWholeFlow(run, [forbiddenLogged])
          // The page's own files, then the API: nothing else, no other host.
          assert.deepStrictEqual([...new Set(run.requests.map(originOf))], [page, api])
          assert.includeMembers([...run.requests], [`${page}/storefront.js`, `${api}/oauth/token`])
          assert.isTrue(run.requests.some((url) => url.startsWith(`${api}/v1/me/products`)))

          // The order the page submitted is on the server, seen by the seller.
          const seller = Layer.provideMerge(
            Session.layerClientCredentials({
              clientID: Seed.adminClientID,
              clientSecret: Redacted.make(Seed.adminClientSecret),
              scope: ["FullAccess"]
            }),
            OrderCloudClient.layer().pipe(
              Layer.provide(OrderCloudConfig.layer({ baseUrl: api })),
              Layer.provide(UndiciTransport.layer())
            )
          )
          const incoming = yield* Orders.list("Incoming", { filters: { Comments: "From the browser storefront" } })
            .pipe(
              Effect.provide(seller)
            )
          assert.deepStrictEqual(incoming.Items.map((order) => [order.Status, order.Total]), [["Open", 120]])
        }),
      limits.test
    )

    it.effect(
      "with the sandbox inside the page: the same flow, no request but the page's own files",
      () =>
        Effect.gen(function*() {
          const { page } = yield* Fixture
          const run = yield* runPage(`${page}/?sandbox=embedded`)
          assertWholeFlow(run, [])
          assert.deepStrictEqual(run.requests, [`${page}/?sandbox=embedded`, `${page}/storefront.js`])
        }),
      limits.test
    )

    it.effect(
      "opened from a file with the sandbox inside: the same flow, no server at all",
      () =>
        Effect.gen(function*() {
          const { file } = yield* Fixture
          const run = yield* runPage(`${file}?sandbox=embedded`)
          assertWholeFlow(run, [])
          assert.deepStrictEqual(run.requests, [
            `${file}?sandbox=embedded`,
            file.replace(/index\.html$/, "storefront.js")
          ])
        }),
      limits.test
    )
  }
)
