/**
 * The SDK against the in-process sandbox: sessions from the auth package,
 * generated resource functions, typed errors.
 */
import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import { Auth, Buyers, Certs, Me, Products, Users } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import { modes, suiteOptions } from "./utils/modes.js"
import { buyer, seller } from "./utils/sessions.js"

for (const [mode, client] of modes) {
  /** A fresh sandbox per test, the client over it, and the seller's session. */
  const asSeller = <A, E>(effect: Effect.Effect<A, E, Sandbox.Needs>) =>
    Effect.provide(effect, Layer.provideMerge(seller, client))

  describe(`seller (${mode})`, suiteOptions(mode), () => {
    it.effect("lists the seeded products", () =>
      asSeller(Effect.gen(function*() {
        const page = yield* Products.list()
        assert.strictEqual(page.Meta.TotalCount, 5)
        assert.deepStrictEqual(page.Meta.ItemRange, [1, 5])
        assert.deepStrictEqual(page.Items.map((p) => p.ID), ["tee-01", "mug-02", "cap-03", "sock-04", "bag-05"])
      })))

    it.effect("creates, gets, patches (deep-merging xp) and deletes a product", () =>
      asSeller(Effect.gen(function*() {
        const created = yield* Products.create({
          ID: "hat-06",
          Name: "Hat",
          Active: true,
          xp: { Color: "red", Size: "M" }
        })
        assert.strictEqual(created.ID, "hat-06")
        assert.instanceOf(created.DateCreated, Date)
        const patched = yield* Products.patch("hat-06", { Name: "Sun hat", xp: { Size: "L" } })
        assert.strictEqual(patched.Name, "Sun hat")
        assert.deepStrictEqual(patched.xp, { Color: "red", Size: "L" })
        assert.deepStrictEqual((yield* Products.get("hat-06")).xp, { Color: "red", Size: "L" })
        yield* Products.delete("hat-06")
        const gone = yield* Effect.flip(Products.get("hat-06"))
        assert.strictEqual(gone._tag, "NotFound")
      })))

    it.effect("a create with a generated ID gets a 22-character URL-safe ID", () =>
      asSeller(Effect.gen(function*() {
        const created = yield* Products.create({ Name: "No ID" })
        assert.match(created.ID ?? "", /^[A-Za-z0-9_-]{22}$/)
      })))

    it.effect("an ID already taken answers 409, caught as Conflict with IdExists", () =>
      asSeller(Effect.gen(function*() {
        const error = yield* Effect.flip(Products.create({ ID: "tee-01", Name: "Again" }))
        assert.instanceOf(error, OrderCloudError.Conflict)
        assert.strictEqual(error._tag === "Conflict" ? error.errorCode : undefined, "IdExists")
      })))

    it.effect("a username taken in another organisation answers 409 User.UsernameMustBeUnique", () =>
      asSeller(Effect.gen(function*() {
        yield* Buyers.create({ ID: "buyer-3", Name: "Third", Active: true })
        const error = yield* Effect.flip(Users.create("buyer-3", {
          Username: Seed.buyerUsername,
          FirstName: "Dup",
          LastName: "Licate",
          Email: "dup@sandbox.test",
          Active: true
        }))
        assert.strictEqual(error._tag === "Conflict" ? error.errorCode : error._tag, "User.UsernameMustBeUnique")
      })))

    it.effect("a missing object answers 404 with ObjectType and ObjectID", () =>
      asSeller(Effect.gen(function*() {
        const error = yield* Effect.flip(Products.get("nope"))
        assert.strictEqual(error._tag, "NotFound")
        if (error._tag !== "NotFound") return
        assert.deepStrictEqual(error.errors[0]?.Data, { ObjectType: "Product", ObjectID: "nope" })
      })))

    it.effect("a missing parent answers 404 naming the parent", () =>
      asSeller(Effect.gen(function*() {
        const error = yield* Effect.flip(Users.list("no-such-buyer"))
        assert.strictEqual(error._tag, "NotFound")
        if (error._tag !== "NotFound") return
        assert.deepStrictEqual(error.errors[0]?.Data, { ObjectType: "Buyer", ObjectID: "no-such-buyer" })
      })))

    it.effect("PUT creates or replaces under the ID in the path", () =>
      asSeller(Effect.gen(function*() {
        yield* Buyers.save("buyer-2", { Name: "Second buyer", Active: true })
        const replaced = yield* Buyers.save("buyer-2", { Name: "Renamed", Active: false })
        assert.strictEqual(replaced.Name, "Renamed")
        assert.strictEqual((yield* Buyers.list()).Meta.TotalCount, 2)
      })))

    it.effect("a user's password is accepted on write and never returned", () =>
      asSeller(Effect.gen(function*() {
        const user = yield* Users.create(Seed.buyerID, {
          ID: "buyer02",
          Username: "buyer02",
          Password: "Another-Passw0rd",
          FirstName: "B",
          LastName: "Two",
          Email: "b2@sandbox.test",
          Active: true
        })
        assert.notProperty(user, "Password")
        assert.notInclude(JSON.stringify(yield* Users.get(Seed.buyerID, "buyer02")), "Another-Passw0rd")
      })))

    it.effect("lists with a filter, a descending sort and paging", () =>
      asSeller(Effect.gen(function*() {
        const page = yield* Products.list({ filters: { Name: "Sandbox*" }, sortBy: ["!Name"], pageSize: 2 })
        assert.deepStrictEqual(page.Items.map((p) => p.Name), ["Sandbox Tee", "Sandbox Socks"])
        assert.strictEqual(page.Meta.TotalPages, 3)
      })))
  })

  describe(`roles (${mode})`, suiteOptions(mode), () => {
    it.effect("a buyer token lacking ProductAdmin gets 403 Forbidden listing the roles that would do", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Products.create({ Name: "Not allowed" }))
        assert.strictEqual(error._tag, "Forbidden")
        if (error._tag !== "Forbidden") return
        assert.strictEqual(error.errorCode, "InsufficientRoles")
        const data = error.errors[0]?.Data as {
          SufficientRoles: ReadonlyArray<string>
          AssignedRoles: ReadonlyArray<string>
        }
        assert.include(data.SufficientRoles, "ProductAdmin")
        assert.sameMembers([...data.AssignedRoles], ["Shopper", "MeAdmin"])
      }).pipe(Effect.provide(Layer.provideMerge(buyer, client))))

    it.effect("GET /me works with any valid token", () =>
      Effect.gen(function*() {
        yield* Me.get()
      }).pipe(Effect.provide(Layer.provideMerge(buyer, client))))
  })

  describe(`authentication (${mode})`, suiteOptions(mode), () => {
    it.effect("a wrong password is AuthenticationFailed with InvalidCredentials and no secret in it", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Products.list())
        assert.strictEqual(error._tag, "AuthenticationFailed")
        if (error._tag !== "AuthenticationFailed") return
        assert.strictEqual(error.errorCode, "InvalidCredentials")
        assert.notInclude(error.message, "wrong-Passw0rd")
      }).pipe(
        Effect.provide(
          Layer.provideMerge(
            Session.layerPassword({
              clientID: Seed.storefrontClientID,
              username: Seed.buyerUsername,
              password: Redacted.make("wrong-Passw0rd")
            }),
            client
          )
        )
      ))

    it.effect("an expired token and a revoked token answer 401", () =>
      Effect.gen(function*() {
        const login = Auth.token({
          grant_type: "password",
          client_id: Seed.storefrontClientID,
          username: Seed.buyerUsername,
          password: Seed.buyerPassword,
          scope: "Shopper"
        })
        const withToken = <A, E>(token: string | null | undefined, effect: Effect.Effect<A, E, Sandbox.Needs>) =>
          Effect.provide(effect, Session.layerAccessToken({ accessToken: Redacted.make(token ?? "") }))

        const first = yield* login
        yield* withToken(first.access_token, Me.get())
        // The storefront client's tokens live 600 minutes.
        yield* TestClock.adjust("601 minutes")
        const expired = yield* Effect.flip(withToken(first.access_token, Me.get()))
        assert.strictEqual(expired._tag, "Unauthorized")

        const second = yield* login
        yield* withToken(second.access_token, Me.revokeTokens())
        const revoked = yield* Effect.flip(withToken(second.access_token, Me.get()))
        assert.strictEqual(revoked._tag === "Unauthorized" ? revoked.errorCode : revoked._tag, "Auth.TokenRevoked")
        // A token issued after the revocation works.
        yield* withToken((yield* login).access_token, Me.get())
      }).pipe(Effect.provide(client)))

    it.effect("Certs.getPublicKey answers the JWK that verifies an issued token with WebCrypto", () =>
      Effect.gen(function*() {
        const { access_token } = yield* Auth.token({
          grant_type: "client_credentials",
          client_id: Seed.adminClientID,
          client_secret: Seed.adminClientSecret,
          scope: "FullAccess"
        })
        const [header, payload, signature] = (access_token ?? "").split(".") as [string, string, string]
        const { alg, kid } = JSON.parse(Buffer.from(header, "base64url").toString("utf8"))
        assert.strictEqual(alg, "RS256")
        const jwk = yield* Certs.getPublicKey(kid)
        assert.deepStrictEqual({ kid: jwk.kid, kty: jwk.kty, alg: jwk.alg, use: jwk.use }, {
          kid,
          kty: "RSA",
          alg: "RS256",
          use: "sig"
        })
        const rs256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const
        const valid = yield* Effect.promise(async () => {
          const key = await crypto.subtle.importKey(
            "jwk",
            { kty: "RSA", n: jwk.n ?? "", e: jwk.e ?? "" },
            rs256,
            false,
            ["verify"]
          )
          return crypto.subtle.verify(
            rs256,
            key,
            Buffer.from(signature, "base64url"),
            new TextEncoder().encode(`${header}.${payload}`)
          )
        })
        assert.isTrue(valid)
      }).pipe(Effect.provide(Layer.provideMerge(seller, client))))

    it.effect("a forged token answers 401 Unauthorized", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Products.list())
        assert.strictEqual(error._tag, "Unauthorized")
      }).pipe(
        Effect.provide(
          Layer.merge(Session.layerAccessToken({ accessToken: Redacted.make("eyJhbGciOiJIUzI1NiJ9.e30.x") }), client)
        )
      ))
  })
}
