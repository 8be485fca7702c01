/**
 * What the sandbox sends out, as OrderCloud does (CONVENTIONS.md 9):
 *
 * - Webhooks: for a write (POST, PUT, PATCH, DELETE) by an API client a
 *   webhook lists in `ApiClientIDs`, on a route and verb in its
 *   `WebhookRoutes`, the sandbox POSTs the delivery envelope to its `Url`,
 *   signed with `X-oc-hash`. A pre-hook (`BeforeProcessRequest`) is asked
 *   before the write and answers `{ proceed, body }`: `proceed: false` (or
 *   no valid answer) rejects the call with `body` as the error's `Data`.
 *   Post-hooks are sent after a successful write on a fiber of their own,
 *   so a failing or slow receiver never affects the call.
 * - Checkout integration events: when the calling API client has an
 *   `OrderCheckoutIntegrationEventID`, estimate shipping, calculate,
 *   submit and approve POST `{ConfigData, Environment, OrderCloudAccessToken,
 *   OrderWorksheet}` to `{CustomImplementationUrl}/{Event}`; the answer
 *   lands in the worksheet with `HttpStatusCode`, `UnhandledErrorBody` and
 *   `Succeeded`.
 *
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type { Entry } from "@ordercloud-effect/resources/OperationTable"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Base64url from "./base64url.js"
import * as Checkout from "./checkout.js"
import * as Commerce from "./commerce.js"
import * as Errors from "./errors.js"
import type { Failure } from "./errors.js"
import type { Json, Store } from "./store.js"

/** How long the sandbox waits for a pre-hook or an integration event ([guess] OrderCloud's limit is of this order). */
const timeout = Duration.seconds(10)

/** The call that may fire webhooks or integration events. @internal */
export interface Call {
  readonly store: Store
  readonly client: HttpClient.HttpClient
  readonly entry: Entry
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly body: Json | undefined
  /** The caller's access token (what `UserToken` carries). */
  readonly token: string
  /** The calling API client. */
  readonly clientID: string
  readonly nowMillis: number
  /** A token for the caller with extra roles, for `ElevatedRoles`. */
  readonly elevate: (roles: ReadonlyArray<string>) => Effect.Effect<string>
}

const writeVerbs = new Set(["POST", "PUT", "PATCH", "DELETE"])

const normalize = (route: string) => route.trim().replace(/^\/+/, "").replace(/^v1\//i, "").toLowerCase()

const strings = (value: unknown): ReadonlyArray<string> =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []

/** The webhooks this call fires, pre-hooks or post-hooks. */
const webhooksFor = (call: Call, before: boolean): ReadonlyArray<Json> => {
  if (!writeVerbs.has(call.entry.method)) return []
  const route = normalize(call.entry.path)
  return call.store.list("webhooks").filter((webhook) =>
    (webhook["BeforeProcessRequest"] === true) === before &&
    typeof webhook["Url"] === "string" &&
    strings(webhook["ApiClientIDs"]).includes(call.clientID) &&
    (Array.isArray(webhook["WebhookRoutes"]) ? webhook["WebhookRoutes"] as ReadonlyArray<Json> : []).some((r) =>
      typeof r["Route"] === "string" && normalize(r["Route"]) === route &&
      String(r["Verb"] ?? "").toUpperCase() === call.entry.method
    )
  )
}

/** The token a webhook or integration event receives: the caller's, with its `ElevatedRoles` added. */
const tokenFor = (call: Call, target: Json) => {
  const roles = strings(target["ElevatedRoles"])
  return roles.length === 0 ? Effect.succeed(call.token) : call.elevate(roles)
}

const envelope = (call: Call, webhook: Json, token: string, response: unknown) => ({
  Route: `v1${call.entry.path}`,
  RouteParams: call.params,
  QueryParams: Object.fromEntries(call.query),
  Verb: call.entry.method,
  Date: new Date(call.nowMillis).toISOString(),
  LogID: Base64url.random(16),
  UserToken: token,
  Request: { Body: call.body ?? null, Headers: null },
  Response: response === undefined ? null : { Body: response, Headers: null },
  ConfigData: webhook["ConfigData"] ?? null
})

const hmac = (key: string, body: string) =>
  Effect.promise(async () => {
    const encoder = new TextEncoder()
    const imported = await globalThis.crypto.subtle.importKey(
      "raw",
      encoder.encode(key),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"]
    )
    const mac = new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", imported, encoder.encode(body)))
    let binary = ""
    for (const byte of mac) binary += String.fromCharCode(byte)
    return btoa(binary)
  })

/** POSTs a signed JSON body; the status and text of the answer, or a failure when none came in time. */
const send = (client: HttpClient.HttpClient, url: string, target: Json, payload: unknown) =>
  Effect.gen(function*() {
    const body = JSON.stringify(payload)
    const headerName = target["CustomAuthHeaderName"]
    const headerValue = target["CustomAuthHeaderValue"]
    let request = HttpClientRequest.post(url).pipe(
      HttpClientRequest.bodyText(body, "application/json"),
      HttpClientRequest.setHeader("X-oc-hash", yield* hmac(String(target["HashKey"] ?? ""), body))
    )
    if (typeof headerName === "string" && headerName !== "" && typeof headerValue === "string") {
      request = HttpClientRequest.setHeader(request, headerName, headerValue)
    }
    const response = yield* client.execute(request)
    return { status: response.status, text: yield* response.text }
  }).pipe(Effect.scoped, Effect.timeoutFail({ duration: timeout, onTimeout: () => "timeout" as const }))

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * Asks the pre-hooks, in order. The first that does not answer
 * `proceed: true` rejects the call ([guess] 400 `Webhook.PreHookRejected`
 * with the answer's `body` as `Data`).
 *
 * @internal
 */
export const preHooks = (call: Call): Effect.Effect<Failure | undefined> =>
  Effect.gen(function*() {
    for (const webhook of webhooksFor(call, true)) {
      const token = yield* tokenFor(call, webhook)
      const answer = yield* Effect.either(
        send(call.client, String(webhook["Url"]), webhook, envelope(call, webhook, token, undefined))
      )
      const json = answer._tag === "Right" && answer.right.status < 300 ? parse(answer.right.text) : undefined
      if (isObject(json) && json["proceed"] === true) continue
      return Errors.failure(
        400,
        "Webhook.PreHookRejected",
        `The webhook ${String(webhook["ID"])} did not let the request proceed.`,
        isObject(json) ? json["body"] ?? null : null
      )
    }
    return undefined
  })

/**
 * Sends the post-hooks of a write that succeeded, each on a daemon fiber:
 * the call's answer never waits for them and nothing they do reaches it.
 *
 * @internal
 */
export const postHooks = (call: Call, response: unknown): Effect.Effect<void> =>
  Effect.forEach(webhooksFor(call, false), (webhook) =>
    Effect.forkDaemon(
      Effect.flatMap(tokenFor(call, webhook), (token) =>
        Effect.ignore(send(call.client, String(webhook["Url"]), webhook, envelope(call, webhook, token, response))))
    ), { discard: true })

/** The checkout events and the worksheet field each answer lands in. */
const events: Readonly<Record<string, readonly [path: string, field: string]>> = {
  "IntegrationEvents.estimateShipping": ["ShippingRates", "ShipEstimateResponse"],
  "IntegrationEvents.calculate": ["OrderCalculate", "OrderCalculateResponse"],
  "Orders.submit": ["OrderSubmit", "OrderSubmitResponse"],
  "Orders.approve": ["OrderApproved", "OrderApprovedResponse"]
}

/**
 * Calls the calling API client's checkout integration for this operation,
 * if it has one, after the operation succeeded; records the answer in the
 * worksheet, and applies a calculate answer's totals to the order. Answers
 * whether anything was recorded.
 *
 * @internal
 */
export const checkout = (call: Call): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    const event = events[call.entry.id]
    const orderID = call.params["orderID"]
    const eventID = call.store.get("apiclients", call.clientID)?.["OrderCheckoutIntegrationEventID"]
    if (event === undefined || orderID === undefined || typeof eventID !== "string") return false
    const integration = call.store.get("integrationevents", eventID)
    const order = call.store.get(Commerce.orders, orderID)
    if (
      integration === undefined || order === undefined || typeof integration["CustomImplementationUrl"] !== "string"
    ) {
      return false
    }
    let [path, field] = event
    if (path === "OrderSubmit" && order["Status"] === "AwaitingApproval") {
      ;[path, field] = ["OrderSubmitForApproval", "OrderSubmitForApprovalResponse"]
    }
    const token = yield* tokenFor(call, integration)
    const payload = {
      ConfigData: integration["ConfigData"] ?? null,
      Environment: "Sandbox",
      OrderCloudAccessToken: token,
      OrderWorksheet: Checkout.worksheet(call.store, order)
    }
    const url = `${integration["CustomImplementationUrl"].replace(/\/+$/, "")}/${path}`
    const answer = yield* Effect.either(send(call.client, url, integration, payload))
    const recorded = answer._tag === "Left"
      ? { HttpStatusCode: null, UnhandledErrorBody: "The integration did not answer.", Succeeded: false, xp: null }
      : answer.right.status >= 200 && answer.right.status < 300 && isObject(parse(answer.right.text))
      ? {
        ...(parse(answer.right.text) as Json),
        HttpStatusCode: answer.right.status,
        UnhandledErrorBody: null,
        Succeeded: true
      }
      : { HttpStatusCode: answer.right.status, UnhandledErrorBody: answer.right.text, Succeeded: false, xp: null }
    Checkout.saveWorksheet(call.store, orderID, { [field]: recorded })
    if (field === "OrderCalculateResponse" && recorded.Succeeded) {
      const totals = recorded as Json
      const number = (value: unknown) => typeof value === "number" ? value : undefined
      Commerce.saveOrder(call.store, {
        ...order,
        TaxCost: number(totals["TaxTotal"]) ?? 0,
        Fees: number(totals["FeeTotal"]) ?? 0,
        ...(number(totals["ShippingTotal"]) === undefined ? {} : { ShippingCost: number(totals["ShippingTotal"]) })
      })
    }
    return true
  })
