import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import { Logging, type OrderCloudClient } from "@ordercloud-effect/core"
import { Effect, Layer, LogLevel, Redacted, TestClock } from "effect"
import * as Capture from "../../reliability/src/Capture.js"
import { clientLayer, fakeServer, json, jwt, tokenResponse, unauthorized, whoAmI } from "./utils/server.js"

// Every credential in play has SECRET in it, so one search finds any leak.
const password = "pw-SECRET-hunter2"
const clientSecret = "cs-SECRET-abc"
const staticToken = "at-SECRET-static"
const accessToken = (n: number) => `at-SECRET-${n}`
const refreshToken = (n: number) => `rt-SECRET-${n}`

describe("no credential in logs or errors", () => {
  it.effect("logs, spans and errors of every grant, a refresh, a 401 retry and failures hold no credential", () => {
    const { layer: loggerLayer, lines } = Capture.logs()
    const tracing = Capture.spans()
    const errors: Array<unknown> = []
    let issued = 0
    const server = fakeServer({
      token: (request) => {
        if (request.form.get("username") === "locked") {
          return json(400, {
            error: "invalid_grant",
            error_description: "locked",
            Errors: [{ ErrorCode: "Auth.LockedOut", Message: "Locked" }]
          })
        }
        if (request.form.get("client_id") === "broken") {
          return json(200, {
            access_token: accessToken(99),
            token_type: "bearer",
            expires_in: "x",
            refresh_token: refreshToken(99)
          })
        }
        if (request.form.get("client_id") === "offline") throw new TypeError("connection reset")
        issued++
        return tokenResponse(accessToken(issued), { refreshToken: refreshToken(issued) })
      },
      api: (request) => request.token === accessToken(1) ? unauthorized() : json(200, { ok: true })
    })
    const client = clientLayer(server, { middleware: [Logging.middleware({ level: LogLevel.Info })] })
    const run = (session: Layer.Layer<Session.Session, never, OrderCloudClient.OrderCloudClient>) =>
      Effect.gen(function*() {
        yield* whoAmI
        yield* TestClock.adjust("15 minutes")
        yield* whoAmI
      }).pipe(
        Effect.tapErrorCause((cause) => Effect.logError("call failed", cause)),
        Effect.catchAll((error) => Effect.sync(() => errors.push(error))),
        Effect.provide(Layer.provideMerge(session, client))
      )
    const secretOf = Redacted.make
    return Effect.gen(function*() {
      yield* run(
        Session.layerPassword({
          clientID: "app",
          username: "buyer01",
          password: secretOf(password),
          scope: ["Shopper"]
        })
      )
      yield* run(
        Session.layerElevated({
          clientID: "app",
          username: "locked",
          password: secretOf(password),
          clientSecret: secretOf(clientSecret)
        })
      )
      yield* run(Session.layerClientCredentials({ clientID: "broken", clientSecret: secretOf(clientSecret) }))
      yield* run(Session.layerClientCredentials({ clientID: "offline", clientSecret: secretOf(clientSecret) }))
      yield* run(
        Session.layerRefreshToken({
          clientID: "app",
          refreshToken: secretOf(refreshToken(0)),
          clientSecret: secretOf(clientSecret)
        })
      )
      yield* run(Session.layerAccessToken({ accessToken: secretOf(staticToken) }))
      // A resumed session whose app logs each reported pair: the tokens print redacted.
      yield* run(Layer.orDie(Session.layerResume({
        accessToken: secretOf(jwt({ cid: "app", exp: 60, note: staticToken })),
        refreshToken: secretOf(refreshToken(0)),
        onTokens: (tokens) => Effect.logInfo("saved", tokens)
      })))

      // the scenarios happened: a 401 retry, a refresh, each kind of failure
      assert.isTrue(server.tokenRequests.some((request) => request.form.get("grant_type") === "refresh_token"))
      assert.strictEqual(server.apiRequests.filter((request) => request.token === accessToken(1)).length, 1)
      assert.deepStrictEqual(errors.map((error) => (error as { readonly _tag: string })._tag).sort(), [
        "AuthenticationFailed",
        "ResponseDecodeError",
        "TransportError"
      ])
      assert.isTrue(lines.some((line) => line.startsWith("POST /oauth/token 200")))
      assert.isTrue(lines.some((line) => line.startsWith("GET /v1/me 401")))
      assert.isTrue(lines.some((line) => line.startsWith("call failed")))
      assert.isTrue(lines.some((line) => line.startsWith("saved") && line.includes("<redacted>")))
      // the token request is logged as a call of its own, not as the operation that needed it
      const tokenLines = lines.filter((line) => line.startsWith("POST /oauth/token"))
      assert.isTrue(tokenLines.every((line) => !line.includes("Me.get")))

      for (const line of lines) assert.notInclude(line, "SECRET", line)
      const spans = tracing.render()
      assert.isTrue(spans.some((span) => span.startsWith("Session.requestToken")))
      assert.isTrue(spans.some((span) => span.startsWith("Me.get")))
      for (const span of spans) assert.notInclude(span, "SECRET", span)
      for (const error of errors) {
        for (const text of Capture.renderings(error)) assert.notInclude(text, "SECRET", text)
      }
    }).pipe(Effect.provide(Layer.merge(loggerLayer, tracing.layer)))
  })
})
