/**
 * Port mode: the same sandbox on a loopback socket, for any HTTP client.
 */
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import { Products } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Seed from "../src/Seed.js"
import * as Server from "../src/Server.js"
import { socketTimeout } from "./utils/modes.js"

describe("port mode", { timeout: socketTimeout }, () => {
  it.live("serves on 127.0.0.1: a raw token request and the SDK over a real socket", () =>
    Effect.gen(function*() {
      const { url } = yield* Server.SandboxServer
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const raw = yield* Effect.promise(() =>
        fetch(`${url}/oauth/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body:
            `grant_type=client_credentials&client_id=${Seed.adminClientID}&client_secret=${Seed.adminClientSecret}&scope=FullAccess`
        })
      )
      assert.strictEqual(raw.status, 200)
      assert.strictEqual(raw.headers.get("content-type"), "application/json; charset=utf-8")

      // The client over the runtime's fetch.
      const client = OrderCloudClient.layer().pipe(Layer.provide(OrderCloudConfig.layer({ baseUrl: url })))
      const seller = Session.layerClientCredentials({
        clientID: Seed.adminClientID,
        clientSecret: Redacted.make(Seed.adminClientSecret),
        scope: ["FullAccess"]
      })
      const page = yield* Products.list({ pageSize: 2 }).pipe(Effect.provide(Layer.provideMerge(seller, client)))
      assert.strictEqual(page.Meta.TotalCount, 5)
      assert.strictEqual(page.Items.length, 2)
    }).pipe(Effect.provide(Server.layer())))
})
