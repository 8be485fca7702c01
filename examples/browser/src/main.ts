/**
 * The storefront page: runs the flow of `storefront.ts` and shows each
 * step's outcome in the page (no framework). Two modes, chosen in the URL:
 *
 * - `?api=http://127.0.0.1:PORT`: against a sandbox server (`pnpm sandbox`),
 *   cross-origin, over the browser's own fetch.
 * - `?sandbox=embedded`: the sandbox runs inside the page (no server), so
 *   the page works opened from a file.
 */
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Sandbox from "@ordercloud-effect/sandbox/Sandbox"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Storefront from "./storefront.js"

type Mode =
  | { readonly _tag: "Server"; readonly api: string }
  | { readonly _tag: "Embedded" }
  | { readonly _tag: "Unknown" }

const modeOf = (search: string): Mode => {
  const params = new URLSearchParams(search)
  if (params.get("sandbox") === "embedded") return { _tag: "Embedded" }
  const api = params.get("api")
  return api === null || api === "" ? { _tag: "Unknown" } : { _tag: "Server", api }
}

const clientFor = (mode: Exclude<Mode, { _tag: "Unknown" }>) =>
  mode._tag === "Embedded"
    ? Sandbox.layerClient()
    // The client's default transport: the browser's own fetch. With no tracer
    // installed it sends no `traceparent` or `b3` header, which a browser would
    // have to ask the API's leave for (a CORS preflight the API allows only for
    // `Authorization`, `Content-Type` and `Accept`).
    : OrderCloudClient.layer().pipe(Layer.provide(OrderCloudConfig.layer({ baseUrl: mode.api })))

const shoppers: Storefront.Shoppers = {
  clientID: Seed.storefrontClientID,
  username: Seed.buyerUsername,
  password: Redacted.make(Seed.buyerPassword)
}

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, text = ""): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  node.textContent = text
  return node
}

/** One list item per step, each with a `data-step` and a `data-outcome` (pending, running, ok, failed). */
const renderSteps = (list: HTMLElement): Storefront.Report => {
  list.replaceChildren()
  const items = new Map<Storefront.StepId, { item: HTMLLIElement; detail: HTMLElement }>()
  for (const [id, title] of Storefront.steps) {
    const item = element("li")
    item.dataset["step"] = id
    item.dataset["outcome"] = "pending"
    const detail = element("span")
    detail.className = "detail"
    item.append(element("strong", title), detail)
    list.append(item)
    items.set(id, { item, detail })
  }
  return (id, outcome) => {
    const entry = items.get(id)
    if (entry === undefined) return
    entry.item.dataset["outcome"] = outcome._tag === "Running" ? "running" : outcome._tag === "Done" ? "ok" : "failed"
    entry.detail.textContent = outcome._tag === "Running" ? "…" : outcome.detail
    if (outcome._tag === "Done" && outcome.error !== undefined) {
      entry.item.dataset["error"] = outcome.error.tag
      entry.item.dataset["errorCode"] = outcome.error.code ?? ""
    }
  }
}

const messageOf = (error: unknown): string => error instanceof Error ? error.message : String(error)

const byId = (id: string): HTMLElement => {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`the page has no #${id}`)
  return found
}

const start = async (): Promise<void> => {
  const mode = modeOf(location.search)
  const modeText = byId("mode")
  const result = byId("result")
  const again = byId("again")
  if (mode._tag === "Unknown") {
    modeText.textContent =
      "Open this page with ?sandbox=embedded (the sandbox inside the page) or ?api=<a sandbox's URL> (pnpm storefront prints both)."
    return
  }
  modeText.textContent = mode._tag === "Embedded"
    ? "The sandbox runs inside this page: no server."
    : `Against the sandbox at ${mode.api} (another origin).`
  const run = async () => {
    again.hidden = true
    result.hidden = true
    delete result.dataset["outcome"]
    const report = renderSteps(byId("steps"))
    const exit = await Effect.runPromiseExit(Storefront.run(report, shoppers).pipe(Effect.provide(clientFor(mode))))
    result.dataset["outcome"] = Exit.isSuccess(exit) ? "ok" : "failed"
    result.textContent = Exit.isSuccess(exit)
      ? "Every step done."
      : `Stopped: ${messageOf(Cause.squash(exit.cause))}`
    result.hidden = false
    again.hidden = false
  }
  again.addEventListener("click", () => void run())
  await run()
}

void start()
