import { HttpApp } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Signature, Webhook } from "@ordercloud-effect/receive"
import { Order } from "@ordercloud-effect/resources/models/Order"
import { Product } from "@ordercloud-effect/resources/models/Product"
import { Effect, Redacted, Schema } from "effect"
import { post, postSigned } from "./utils/http.js"

const key = "webhook-hash-key"
const url = "https://receiver.test/webhooks"

const serve = <E>(handlers: readonly [Webhook.Handler<E, never>, ...Array<Webhook.Handler<E, never>>]) =>
  HttpApp.toWebHandler(Effect.provide(Webhook.app(handlers), Signature.layer(Redacted.make(key))))

const submitEnvelope = {
  Route: "v1/orders/{direction}/{orderID}/submit",
  RouteParams: { direction: "Outgoing", orderID: "order-1" },
  QueryParams: {},
  Verb: "POST",
  Date: "2026-12-01T10:00:00.000Z",
  LogID: "log-1",
  UserToken: "user.jwt.token",
  Request: { Body: {}, Headers: "Content-Type: application/json" },
  Response: {
    Body: { ID: "order-1", Status: "Open", Total: 12.5, DateSubmitted: "2026-12-01T10:00:00.000Z", xp: { gift: true } },
    Headers: null
  },
  ConfigData: { channel: "web" }
}

describe("Webhook", () => {
  it.effect("a post-hook for an operation gets the response decoded with its Schema, typed params, xp and ConfigData", () =>
    Effect.gen(function*() {
      const received: Array<unknown> = []
      const handler = serve([
        Webhook.postHook(
          {
            operation: "Orders.submit",
            response: Order,
            configData: Schema.Struct({ channel: Schema.String })
          },
          (delivery) =>
            Effect.sync(() => {
              received.push({
                id: delivery.response.body.ID,
                submitted: delivery.response.body.DateSubmitted instanceof Date,
                params: delivery.params,
                channel: delivery.configData.channel,
                logID: delivery.logID,
                token: delivery.userToken === undefined ? undefined : Redacted.value(delivery.userToken),
                hasSession: delivery.session !== undefined
              })
            })
        )
      ])
      const answer = yield* postSigned(handler, url, submitEnvelope, key)
      assert.strictEqual(answer.status, 204)
      assert.deepStrictEqual(received, [{
        id: "order-1",
        submitted: true,
        params: { direction: "Outgoing", orderID: "order-1" },
        channel: "web",
        logID: "log-1",
        token: "user.jwt.token",
        hasSession: true
      }])
    }))

  it.effect("a pre-hook by route and verb answers { proceed, body }; route and verb match without case", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const handler = serve([
        Webhook.preHook(
          { route: "v1/products/{productID}", verb: "PUT", request: Product },
          (delivery) => {
            // The route's parameters are typed from the template.
            const id: string = delivery.params.productID
            seen.push(id)
            return Effect.succeed(
              (delivery.request.body.Name ?? "").length > 5
                ? Webhook.proceed
                : Webhook.reject({ Message: "Names need more than 5 characters." })
            )
          }
        )
      ])
      const envelope = (name: string) => ({
        Route: "V1/Products/{productID}",
        RouteParams: { productID: "mug" },
        Verb: "put",
        Request: { Body: { ID: "mug", Name: name } },
        UserToken: null
      })
      const ok = yield* postSigned(handler, url, envelope("Big mug"), key)
      const no = yield* postSigned(handler, url, envelope("Mug"), key)
      assert.deepStrictEqual([ok.status, ok.json], [200, { proceed: true }])
      assert.deepStrictEqual([no.status, no.json], [200, {
        proceed: false,
        body: { Message: "Names need more than 5 characters." }
      }])
      assert.deepStrictEqual(seen, ["mug", "mug"])
    }))

  it.effect("no handler runs for a bad signature (401), and a delivery that is not an envelope is 400", () =>
    Effect.gen(function*() {
      let calls = 0
      const handler = serve([Webhook.postHook({ operation: "Orders.submit" }, () => Effect.sync(() => void calls++))])
      const body = JSON.stringify(submitEnvelope)
      const tampered = yield* post(
        handler,
        url,
        body.replace("12.5", "0.5"),
        { "x-oc-hash": yield* Signature.sign(body, Redacted.make(key)) }
      )
      assert.strictEqual(tampered.status, 401)
      const notJson = yield* post(handler, url, "{", { "x-oc-hash": yield* Signature.sign("{", Redacted.make(key)) })
      const notEnvelope = yield* postSigned(handler, url, { Route: 5 }, key)
      assert.deepStrictEqual([notJson.status, notEnvelope.status], [400, 400])
      assert.strictEqual(calls, 0)
    }))

  it.effect("a body that is not the operation's Schema is 400; an unmatched route is 404", () =>
    Effect.gen(function*() {
      const handler = serve([Webhook.postHook({ operation: "Orders.submit", response: Order }, () => Effect.void)])
      const badBody = yield* postSigned(handler, url, {
        ...submitEnvelope,
        Response: { Body: { ID: 42 } }
      }, key)
      assert.strictEqual(badBody.status, 400)
      assert.include(badBody.text, "Response.Body")
      const other = yield* postSigned(handler, url, { ...submitEnvelope, Route: "v1/products" }, key)
      assert.strictEqual(other.status, 404)
    }))

  it.effect("a failing or dying handler is answered 500 in OrderCloud's shape, without a stack", () =>
    Effect.gen(function*() {
      const failing = serve([Webhook.postHook({ operation: "Orders.submit" }, () => Effect.fail("boom" as const))])
      const dying = serve([
        Webhook.postHook({ operation: "Orders.submit" }, () => Effect.die(new Error("secret detail")))
      ])
      for (const handler of [failing, dying]) {
        const answer = yield* postSigned(handler, url, submitEnvelope, key)
        assert.strictEqual(answer.status, 500)
        assert.deepStrictEqual(answer.json, {
          Errors: [{ ErrorCode: "WebhookFailed", Message: "The webhook handler failed." }]
        })
      }
    }))

  it.effect("an unknown operation name is reported, not thrown", () =>
    Effect.gen(function*() {
      // A typo does not compile; a name from untyped code is still caught at runtime.
      // @ts-expect-error: no such operation
      const handler = serve([Webhook.postHook({ operation: "Orders.sumbit" }, () => Effect.void)])
      const answer = yield* postSigned(handler, url, submitEnvelope, key)
      assert.strictEqual(answer.status, 500)
    }))
})
