/**
 * The token endpoint redirecting elsewhere: the form body (username,
 * password, client secret) is never re-sent to another origin or over http.
 */
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import { Retry } from "@ordercloud-effect/core"
import { Effect, Layer, Redacted } from "effect"
import { baseUrl, clientLayer, fakeServer, tokenResponse, whoAmI } from "./utils/server.js"

describe("token endpoint redirects", () => {
  const elsewhere = [
    ["another origin", "https://collector.example/oauth/token"],
    ["http on the same host", "http://api.test.example/oauth/token"]
  ] as const
  for (const status of [301, 302, 303, 307, 308]) {
    for (const [name, location] of elsewhere) {
      it.effect(`a ${status} to ${name} fails with RedirectRefused; the credentials are sent nowhere else`, () =>
        Effect.gen(function*() {
          const server = fakeServer({
            token: (request) =>
              new URL(request.url).origin === baseUrl
                ? new Response(null, { status, headers: { location } })
                : tokenResponse("stolen")
          })
          const error = yield* Effect.flip(whoAmI).pipe(
            Effect.provide(
              Layer.provideMerge(
                Session.layerElevated({
                  clientID: "app",
                  username: "buyer01",
                  password: Redacted.make("password-SECRET"),
                  clientSecret: Redacted.make("client-SECRET")
                }),
                // token requests are idempotent: the refusal must still not be retried
                clientLayer(server, { middleware: [Retry.middleware({ jitter: false, budget: false })] })
              )
            )
          )
          assert.strictEqual(error._tag, "RedirectRefused")
          if (error._tag !== "RedirectRefused") return
          assert.strictEqual(error.status, status)
          assert.strictEqual(error.location, location)
          assert.notInclude(error.message, "SECRET")
          assert.deepStrictEqual(server.tokenRequests.map((request) => request.url), [`${baseUrl}/oauth/token`])
          assert.deepStrictEqual(server.apiRequests, [])
        }))
    }
  }
})
