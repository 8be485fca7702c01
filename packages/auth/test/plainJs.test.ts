/**
 * Roles from a plain JavaScript caller (no types to help): `scope: "Shopper"`
 * would be spread letter by letter into `scope=S h o p p e r`. It fails with
 * a typed `InvalidRequest` that says what to pass, and nothing is sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { Grant, OpenIdConnect, Session } from "@ordercloud-effect/auth"
import { Session as CoreSession } from "@ordercloud-effect/core"
import { Effect, Layer, Redacted } from "effect"
import { clientLayer, fakeServer, whoAmI } from "./utils/server.js"

const password = Redacted.make("p@ss")
const secret = Redacted.make("s3cr3t")

/** Options as JavaScript passes them: the types would refuse these. */
const unchecked = <A>(options: unknown): A => options as A

const scopeString = `scope must be an array of role names, such as scope: ["Shopper"]; got the string "Shopper"`

const assertRefused = (error: unknown, reason: string, detail: string) => {
  assert.strictEqual((error as { readonly _tag?: unknown })._tag, "InvalidRequest")
  assert.strictEqual((error as { readonly reason: string }).reason, reason)
  assert.strictEqual((error as { readonly detail: string }).detail, detail)
}

describe("session layers", () => {
  const layers = [
    {
      name: "layerPassword",
      layer: Session.layerPassword(
        unchecked({ clientID: "buyer-app", username: "buyer01", password, scope: "Shopper" })
      )
    },
    {
      name: "layerElevated",
      layer: Session.layerElevated(
        unchecked({ clientID: "app", username: "admin", password, clientSecret: secret, scope: "Shopper" })
      )
    },
    {
      name: "layerClientCredentials",
      layer: Session.layerClientCredentials(unchecked({ clientID: "app", clientSecret: secret, scope: "Shopper" }))
    },
    { name: "layerAnonymous", layer: Session.layerAnonymous(unchecked({ clientID: "app", scope: "Shopper" })) }
  ]

  for (const { layer, name } of layers) {
    it.effect(`${name}: scope as one string fails the call with InvalidRequest, and nothing is sent`, () => {
      const server = fakeServer()
      return Effect.gen(function*() {
        const error = yield* Effect.flip(whoAmI)
        assertRefused(error, "Body", scopeString)
        assert.deepStrictEqual(server.log, [])
      }).pipe(Effect.provide(Layer.provideMerge(layer, clientLayer(server))))
    })
  }

  it.effect("customRoles as one string is refused the same way", () => {
    const server = fakeServer()
    const layer = Session.layerClientCredentials(
      unchecked({ clientID: "app", clientSecret: secret, scope: ["Shopper"], customRoles: "VIP" })
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(whoAmI)
      assertRefused(
        error,
        "Body",
        `customRoles must be an array of role names, such as customRoles: ["Shopper"]; got the string "VIP"`
      )
      assert.deepStrictEqual(server.log, [])
    }).pipe(Effect.provide(Layer.provideMerge(layer, clientLayer(server))))
  })

  it.effect("a role that is not a string is refused", () => {
    const server = fakeServer()
    const layer = Session.layerAnonymous(unchecked({ clientID: "app", scope: ["Shopper", 7] }))
    return Effect.gen(function*() {
      assertRefused(yield* Effect.flip(whoAmI), "Body", "scope must hold only strings")
      assert.deepStrictEqual(server.log, [])
    }).pipe(Effect.provide(Layer.provideMerge(layer, clientLayer(server))))
  })
})

describe("grants", () => {
  it.effect("Grant.password with scope as one string", () => {
    const server = fakeServer()
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        Grant.password(unchecked({ clientID: "buyer-app", username: "buyer01", password, scope: "Shopper" }))
      )
      assertRefused(error, "Body", scopeString)
      assert.deepStrictEqual(server.log, [])
    }).pipe(Effect.provide(clientLayer(server)))
  })

  it.effect("Grant.impersonation with scope as one string", () => {
    const server = fakeServer()
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        Grant.impersonation(unchecked({ buyerID: "b1", userID: "u1", clientID: "app", scope: "Shopper" }))
      )
      assertRefused(error, "Body", scopeString)
      assert.deepStrictEqual(server.log, [])
    }).pipe(Effect.provide(Layer.merge(clientLayer(server), CoreSession.layerToken(Redacted.make("seller-token")))))
  })

  it.effect("OpenIdConnect.loginUrl with scope as one string", () => {
    const server = fakeServer()
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        OpenIdConnect.loginUrl(unchecked({ openIdConnectID: "oidc", clientID: "app", scope: "Shopper" }))
      )
      assertRefused(error, "Url", scopeString)
    }).pipe(Effect.provide(clientLayer(server)))
  })
})
