/**
 * `Grant`: one token request per grant, answering the whole token response
 * (what a login endpoint hands out) with its tokens `Redacted`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Grant, Session } from "@ordercloud-effect/auth"
import { Effect, Layer, Redacted } from "effect"
import { clientLayer, fakeServer, json, tokenResponse } from "./utils/server.js"

const secret = Redacted.make("s3cr&t")
const password = Redacted.make("p@ss")

describe("Grant: the whole token response", () => {
  it.effect("each grant sends one request with the session's fields and answers access token, refresh token and expires_in", () =>
    Effect.gen(function*() {
      const cases = [
        [
          Grant.password({ clientID: "app", username: "buyer01", password, scope: ["Shopper"] }),
          "grant_type=password&username=buyer01&password=p%40ss&client_id=app&scope=Shopper"
        ],
        [
          Grant.elevated({ clientID: "app", clientSecret: secret, username: "admin", password, scope: ["FullAccess"] }),
          "grant_type=password&scope=FullAccess&client_id=app&username=admin&password=p%40ss&client_secret=s3cr%26t"
        ],
        [
          Grant.clientCredentials({ clientID: "app", clientSecret: secret, scope: ["OrderAdmin"], customRoles: ["X"] }),
          "grant_type=client_credentials&scope=OrderAdmin%20X&client_id=app&client_secret=s3cr%26t"
        ],
        [
          Grant.anonymous({ clientID: "app", scope: ["Shopper"], anonUserID: "guest-7" }),
          "grant_type=client_credentials&client_id=app&scope=Shopper&anonuserid=guest-7"
        ],
        [
          Grant.refreshToken({ clientID: "app", refreshToken: Redacted.make("r-0") }),
          "grant_type=refresh_token&client_id=app&refresh_token=r-0"
        ]
      ] as const
      for (const [grant, body] of cases) {
        const server = fakeServer({
          token: () => tokenResponse("access-1", { expiresIn: 3599, refreshToken: "refresh-1" })
        })
        const response = yield* grant.pipe(Effect.provide(clientLayer(server)))
        assert.deepStrictEqual(server.tokenRequests.map((request) => request.body), [body])
        assert.strictEqual(Redacted.value(response.access_token), "access-1")
        assert.strictEqual(Redacted.value(response.refresh_token!), "refresh-1")
        assert.strictEqual(response.expires_in, 3599)
        assert.strictEqual(response.token_type, "bearer")
        // The tokens print as <redacted>: the response can be logged.
        assert.notInclude(`${String(response.access_token)} ${JSON.stringify(response)}`, "access-1")
        assert.notInclude(JSON.stringify(response), "refresh-1")
      }
    }))

  it.effect("a refusal is AuthenticationFailed, as for sessions", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: () => json(400, { error: "invalid_grant", Errors: [{ ErrorCode: "InvalidCredentials", Message: "no" }] })
      })
      const error = yield* Grant.password({ clientID: "app", username: "u", password }).pipe(
        Effect.provide(clientLayer(server)),
        Effect.flip
      )
      assert.strictEqual(error._tag, "AuthenticationFailed")
      assert.strictEqual(error._tag === "AuthenticationFailed" && error.errorCode, "InvalidCredentials")
    }))

  it.effect("impersonation: asked as the session in context, answering the buyer user's token response", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        api: (request) =>
          request.path === "/v1/buyers/acme/users/buyer01/accesstoken" && request.token === "seller-token"
            ? tokenResponse("buyer01-token", { expiresIn: 600 })
            : json(403, { Errors: [] })
      })
      const response = yield* Grant.impersonation({
        buyerID: "acme",
        userID: "buyer01",
        clientID: "app",
        scope: ["Shopper"]
      })
        .pipe(
          Effect.provide(Layer.merge(
            Session.layerAccessToken({ accessToken: Redacted.make("seller-token") }),
            clientLayer(server)
          ))
        )
      assert.strictEqual(Redacted.value(response.access_token), "buyer01-token")
      assert.strictEqual(response.expires_in, 600)
      assert.deepStrictEqual(JSON.parse(server.apiRequests[0]!.body), {
        ClientID: "app",
        Roles: ["Shopper"],
        CustomRoles: []
      })
    }))
})
