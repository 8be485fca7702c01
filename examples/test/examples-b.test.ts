import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { config } from "../src/examples/config.js"
import { errors } from "../src/examples/errors.js"
import { middleware } from "../src/examples/middleware.js"
import { typedXp } from "../src/examples/typed-xp.js"
import { webhooks } from "../src/examples/webhooks.js"
import { printed } from "./utils/capture.js"
import { onTestClock } from "./utils/clock.js"

// Each example runs against a fresh in-process sandbox (the capture helper
// provides Environment.layer under an empty ConfigProvider) and is judged by
// what it prints.

describe("typed-xp", () => {
  it.effect("reads typed xp back, fails decoding a mismatching xp and refuses a bad body before sending", () =>
    Effect.gen(function*() {
      const text = (yield* printed(typedXp)).join("\n")
      assert.match(text, /created xp-tee-\w+ with xp\.Color green/)
      assert.include(text, "typed xp: Color green, Sizes [S, M, L] (3 sizes)")
      assert.match(
        text,
        /ResponseDecodeError \(status 200\): xp\.Color: expected "red" \| "green" \| "blue"; xp\.Sizes: expected ReadonlyArray<string>/
      )
      assert.match(text, /InvalidRequest \(Body\), nothing sent: xp\.Color: expected "red" \| "green" \| "blue"/)
      assert.match(text, /xp-bad-\w+ exists on the server: no/)
      assert.match(text, /Cleanup: deleted xp-tee-\w+ and xp-odd-\w+/)
    }))
})

describe("middleware", () => {
  // The sandbox's 503 carries Retry-After: 1; retry waits for it on the TestClock.
  it.effect("retries the 503 once and records every attempt with its request id", () =>
    Effect.gen(function*() {
      const lines = yield* onTestClock(printed(middleware))
      const text = lines.join("\n")
      // The logging middleware's lines, captured and printed in order.
      assert.match(text, /log: GET \/v1\/products 503 \d+ms attempt 1\n\s+log: GET \/v1\/products 200 \d+ms attempt 2/)
      assert.include(text, "listed 5 of 5 products; the call took 1.0 s, retry wait included")
      assert.include(text, "the listing took 2 attempts: 503 then 200")
      // Our middleware's rows: one id per attempt, token request first, with the
      // operation and the attempt number it read from the call.
      assert.match(text, /req-001 {2}Auth\.token {2}POST \/oauth\/token {2}attempt 1 {2}200/)
      assert.match(text, /req-002 {2}Products\.list {2}GET \/v1\/products {2}attempt 1 {2}503/)
      assert.match(text, /req-003 {2}Products\.list {2}GET \/v1\/products {2}attempt 2 {2}200/)
      assert.match(text, /req-004 {2}Products\.get {2}GET \/v1\/products\/bag-05 {2}attempt 1 {2}200/)
      assert.include(text, "request ids seen: req-001, req-002, req-003, req-004")
      assert.match(text, /4 attempts, \d+ms on the wire in all/)
    }))
})

describe("errors", () => {
  it.effect("handles each error by its tag or its OrderCloud code and shows status, errorCode and message", () =>
    Effect.gen(function*() {
      const text = (yield* printed(errors)).join("\n")
      assert.include(text, "NotFound: status 404, errorCode NotFound")
      assert.match(
        text,
        /message: NotFound \(404\) on GET https:\/\/sandbox\.ordercloud\.test\/v1\/products\/missing-\w+/
      )
      assert.include(text, "create a product with an ID already taken, caught by its code")
      assert.include(text, "Conflict: status 409, errorCode IdExists")
      assert.include(text, "Forbidden: status 403, errorCode InsufficientRoles")
      assert.include(text, "InvalidRequest: reason Body, field ID: expected a string matching the pattern")
      assert.include(text, "message: InvalidRequest (Body): the body does not match its schema; nothing was sent")
      assert.include(text, "BadRequest: status 400, errorCode PriceSchedule.CannotExceedMax")
      assert.include(text, "so: tell the shopper the most they can order: 100")
      assert.include(text, "BadRequest: status 400, errorCode Order.CannotSubmitWithNoLineItems")
      assert.include(text, "so: send the shopper back to the cart")
      assert.notInclude(text, "so: show the message as it is")
      assert.match(text, /deleted order \S+/)
      assert.notInclude(text, "unexpectedly")
    }))
})

describe("config", () => {
  it.effect("builds the stack from variables, shows what it read with the secret redacted, and reports a missing one", () =>
    Effect.gen(function*() {
      const lines = yield* printed(config)
      const text = lines.join("\n")
      assert.include(
        text,
        "OrderCloudConfig: baseUrl https://sandbox.ordercloud.test, authUrl https://sandbox.ordercloud.test, apiVersion v1, timeout 20s"
      )
      assert.include(text, "signed in with client credentials as admin; 5 products visible")
      for (
        const line of [
          "ORDERCLOUD_BASE_URL = https://sandbox.ordercloud.test",
          "ORDERCLOUD_AUTH_URL = (not set: default)",
          "ORDERCLOUD_TIMEOUT = 20 seconds",
          "ORDERCLOUD_CLIENT_ID = sandbox-admin",
          "ORDERCLOUD_SCOPE = FullAccess",
          "ORDERCLOUD_CLIENT_SECRET = <redacted>"
        ]
      ) assert.include(lines, `   ${line}`)
      assert.match(text, /ConfigError \(MissingData\): .*ORDERCLOUD_CLIENT_ID/)
      // No secret value anywhere in the output.
      assert.notInclude(text, "sandbox-admin-secret")
      assert.notInclude(text, "not-printed")
    }))
})

describe("webhooks", () => {
  // A real loopback socket: the receiver listens on a port and the sandbox calls it with fetch.
  it.live("the sandbox's webhooks and integration events reach the receiver, verified; a tampered delivery gets 401", () =>
    Effect.gen(function*() {
      const lines = yield* printed(webhooks)
      const text = lines.join("\n")
      assert.match(text, /1\. Receiver listening at http:\/\/127\.0\.0\.1:\d+/)
      assert.include(text, "adding 50 mugs was refused: BadRequest Webhook.PreHookRejected")
      assert.include(text, "shipping $7.00, tax $1.92, total $32.92")
      assert.include(text, `the worksheet records the integration's answer: {"ErpOrderID":"ERP-0001"}`)
      // What the receiver handled, in the order the checkout fired it.
      const handled = [
        "pre-hook  POST v1/orders/{direction}/{orderID}/lineitems: 2 x tee-01 -> proceed true",
        "pre-hook  POST v1/orders/{direction}/{orderID}/lineitems: 50 x mug-02 -> proceed false",
        "integration ShippingRates for",
        "integration OrderCalculate for",
        "integration OrderSubmit for",
        "post-hook POST v1/orders/{direction}/{orderID}/submit: order"
      ].map((start) => lines.findIndex((line) => line.trimStart().startsWith(start)))
      assert.notInclude(handled, -1)
      assert.deepStrictEqual(handled, [...handled].sort((a, b) => a - b))
      assert.include(
        text,
        `5. A tampered delivery was answered 401 {"Errors":[{"ErrorCode":"InvalidSignature","Message":"The X-oc-hash signature is wrong."}]}`
      )
      assert.include(text, "handlers run: 6 (the tampered delivery reached none)")
    }))
})
