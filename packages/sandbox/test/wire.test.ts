/**
 * The sandbox on the wire, as any OrderCloud client sees it: raw requests,
 * raw answers.
 */
import * as HttpApp from "@effect/platform/HttpApp"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"

const handlerOf = Effect.map(Sandbox.make(), (sandbox) => HttpApp.toWebHandler(sandbox.app))

const form = (fields: Record<string, string>) =>
  new Request(`${Sandbox.defaultBaseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(fields).toString()
  })

const adminToken = (handler: (request: Request) => Promise<Response>) =>
  Effect.promise(async () => {
    const response = await handler(form({
      grant_type: "client_credentials",
      client_id: Seed.adminClientID,
      client_secret: Seed.adminClientSecret,
      scope: "FullAccess"
    }))
    return ((await response.json()) as { access_token: string }).access_token
  })

const api = (handler: (request: Request) => Promise<Response>, path: string, token: string, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await handler(
      new Request(`${Sandbox.defaultBaseUrl}/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers }
      })
    )
    const text = await response.text()
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) }
  })

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"))

describe("token endpoint", () => {
  it.effect("client credentials: a bearer JWT with OrderCloud's claims, lifetime from the API client, no refresh token", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const response = yield* Effect.promise(() =>
        handler(
          form({
            grant_type: "client_credentials",
            client_id: Seed.adminClientID,
            client_secret: Seed.adminClientSecret,
            scope: "FullAccess"
          })
        )
      )
      assert.strictEqual(response.status, 200)
      const body = yield* Effect.promise(() => response.json() as Promise<Record<string, unknown>>)
      assert.strictEqual(body["token_type"], "bearer")
      assert.strictEqual(body["expires_in"], 36000)
      assert.notProperty(body, "refresh_token")
      const claims = claimsOf(String(body["access_token"]))
      assert.strictEqual(claims.usr, Seed.adminUsername)
      assert.strictEqual(claims.cid, Seed.adminClientID)
      assert.strictEqual(claims.usrtype, "admin")
      assert.strictEqual(claims.role, "FullAccess")
      assert.match(claims.u, /^\d+$/)
      assert.strictEqual(claims.exp - claims.nbf, 36000)
    }))

  it.effect("password grant for a buyer: roles cut to the requested scope, a refresh token that works", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const first = yield* Effect.promise(async () =>
        (await handler(form({
          grant_type: "password",
          username: Seed.buyerUsername,
          password: Seed.buyerPassword,
          client_id: Seed.storefrontClientID,
          scope: "Shopper ProductAdmin"
        }))).json() as Promise<Record<string, string>>
      )
      const claims = claimsOf(first["access_token"]!)
      assert.strictEqual(claims.usrtype, "buyer")
      assert.strictEqual(claims.role, "Shopper")
      assert.isString(first["refresh_token"])
      const refreshed = yield* Effect.promise(() =>
        handler(
          form({
            grant_type: "refresh_token",
            client_id: Seed.storefrontClientID,
            refresh_token: first["refresh_token"]!
          })
        )
      )
      assert.strictEqual(refreshed.status, 200)
    }))

  it.effect("FullAccess grants any API role asked for, but no custom role the user lacks", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const body = yield* Effect.promise(async () =>
        (await handler(form({
          grant_type: "client_credentials",
          client_id: Seed.adminClientID,
          client_secret: Seed.adminClientSecret,
          scope: "ProductAdmin OrderReader MadeUpCustomRole"
        }))).json() as Promise<Record<string, string>>
      )
      assert.deepStrictEqual(claimsOf(body["access_token"]!).role, ["ProductAdmin", "OrderReader"])
    }))

  it.effect("anonymous: a guest token with an orderid claim and no refresh token", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const body = yield* Effect.promise(async () =>
        (await handler(
          form({ grant_type: "client_credentials", client_id: Seed.storefrontClientID, scope: "Shopper" })
        )).json() as Promise<
          Record<string, unknown>
        >
      )
      assert.notProperty(body, "refresh_token")
      assert.strictEqual(body["expires_in"], 10080 * 60)
      assert.isString(claimsOf(String(body["access_token"])).orderid)
    }))

  for (
    const [name, fields, code] of [
      [
        "a wrong secret",
        { grant_type: "client_credentials", client_id: Seed.adminClientID, client_secret: "nope" },
        "InvalidGrant"
      ],
      ["an unknown client", { grant_type: "client_credentials", client_id: "who" }, "InvalidGrant"],
      ["a wrong password", {
        grant_type: "password",
        client_id: Seed.storefrontClientID,
        username: Seed.buyerUsername,
        password: "x"
      }, "InvalidCredentials"],
      ["a missing password", {
        grant_type: "password",
        client_id: Seed.storefrontClientID,
        username: Seed.buyerUsername
      }, "Auth.UsernameAndPasswordRequired"],
      ["a bad refresh token", {
        grant_type: "refresh_token",
        client_id: Seed.storefrontClientID,
        refresh_token: "nope"
      }, "InvalidGrant"]
    ] as const
  ) {
    it.effect(`${name}: 400 with the OAuth error and OrderCloud's Errors (${code})`, () =>
      Effect.gen(function*() {
        const handler = yield* handlerOf
        const response = yield* Effect.promise(() => handler(form(fields)))
        assert.strictEqual(response.status, 400)
        const body = yield* Effect.promise(() =>
          response.json() as Promise<{ error: string; Errors: Array<{ ErrorCode: string }> }>
        )
        assert.strictEqual(body.error, "invalid_grant")
        assert.strictEqual(body.Errors[0]?.ErrorCode, code)
      }))
  }
})

describe("resources on the wire", () => {
  it.effect("no token: 401 with the standard error body", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const { body, status } = yield* api(handler, "/products", "")
      assert.strictEqual(status, 401)
      assert.deepStrictEqual(Object.keys(body.Errors[0]).sort(), ["Data", "ErrorCode", "Message"])
    }))

  it.effect("Meta math: page 3 of size 2 over 5 products", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const { body, status } = yield* api(handler, "/products?page=3&pageSize=2", yield* adminToken(handler))
      assert.strictEqual(status, 200)
      assert.deepStrictEqual(body.Meta, {
        Page: 3,
        PageSize: 2,
        TotalCount: 5,
        TotalPages: 3,
        ItemRange: [5, 5],
        NextPageKey: null,
        Facets: []
      })
      assert.deepStrictEqual(body.Items.map((p: { ID: string }) => p.ID), ["bag-05"])
    }))

  it.effect("a body that is not JSON, or misses a required field, is 400 ValidationFailure", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const token = yield* adminToken(handler)
      const notJson = yield* api(handler, "/products", token, { method: "POST", body: "{nope" })
      assert.strictEqual(notJson.status, 400)
      assert.strictEqual(notJson.body.Errors[0].ErrorCode, "ValidationFailure")
      const missing = yield* api(handler, "/products", token, {
        method: "POST",
        body: JSON.stringify({ Description: "no name" })
      })
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(missing.body.Errors[0].ErrorCode, "ValidationFailure")
    }))

  it.effect("an encoded slash stays inside the ID: GET /products/a%2Fb looks for ID a/b", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const { body, status } = yield* api(handler, "/products/a%2Fb", yield* adminToken(handler))
      assert.strictEqual(status, 404)
      assert.deepStrictEqual(body.Errors[0].Data, { ObjectType: "Product", ObjectID: "a/b" })
    }))

  it.effect("POST creates with 201, DELETE answers 204, an unknown route 404", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const token = yield* adminToken(handler)
      const created = yield* api(handler, "/products", token, {
        method: "POST",
        body: JSON.stringify({ ID: "p-9", Name: "Nine" })
      })
      assert.strictEqual(created.status, 201)
      const deleted = yield* api(handler, "/products/p-9", token, { method: "DELETE" })
      assert.strictEqual(deleted.status, 204)
      assert.strictEqual((yield* api(handler, "/nothing/here", token)).status, 404)
    }))
})

describe("token signatures and /oauth/certs", () => {
  const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString("utf8"))
  const get = (handler: (request: Request) => Promise<Response>, url: string, init: RequestInit = {}) =>
    Effect.promise(async () => {
      const response = await handler(new Request(url, init))
      return { status: response.status, contentType: response.headers.get("content-type"), body: await response.json() }
    })
  const rs256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const

  /**
   * What a server handed a token does: read `kid` and `aud`, fetch the JWK
   * from `{aud}/oauth/certs/{kid}`, verify the signature with WebCrypto.
   */
  const verifyAsReceiver = (fetch: (request: Request) => Promise<Response>, token: string) =>
    Effect.promise(async () => {
      const [header, payload, signature] = token.split(".") as [string, string, string]
      const { kid } = headerOf(token)
      const { aud } = claimsOf(token)
      const jwk = await (await fetch(new Request(`${aud}/oauth/certs/${encodeURIComponent(kid)}`))).json()
      const key = await crypto.subtle.importKey("jwk", jwk, rs256, false, ["verify"])
      const data = new TextEncoder().encode(`${header}.${payload}`)
      return crypto.subtle.verify(rs256, key, Buffer.from(signature, "base64url"), data)
    })

  it.effect("tokens are RS256 with a kid; a receiving server verifies them with the JWK from {aud}/oauth/certs/{kid}", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const token = yield* adminToken(handler)
      assert.deepStrictEqual(Object.keys(headerOf(token)), ["alg", "kid", "typ"])
      assert.include(headerOf(token), { alg: "RS256", typ: "JWT" })
      assert.strictEqual(claimsOf(token).aud, Sandbox.defaultBaseUrl)
      assert.isTrue(yield* verifyAsReceiver(handler, token))
      // The same key refuses a token whose payload was changed.
      const [header, , signature] = token.split(".")
      const elevated = Buffer.from(JSON.stringify({ ...claimsOf(token), usr: "someone-else" })).toString("base64url")
      assert.isFalse(yield* verifyAsReceiver(handler, `${header}.${elevated}.${signature}`))
    }))

  it.effect("GET /oauth/certs/{kid} answers OrderCloud's PublicKey, with no token needed", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const { kid } = headerOf(yield* adminToken(handler))
      const { body, contentType, status } = yield* get(handler, `${Sandbox.defaultBaseUrl}/oauth/certs/${kid}`)
      assert.strictEqual(status, 200)
      assert.strictEqual(contentType, "application/json; charset=utf-8")
      assert.deepStrictEqual(Object.keys(body).sort(), ["alg", "e", "kid", "kty", "n", "use"])
      assert.include(body, { kty: "RSA", alg: "RS256", use: "sig", kid, e: "AQAB" })
      assert.strictEqual(Buffer.from(body.n, "base64url").length, 256)
      // The path is matched as /oauth/token is: whatever the case.
      assert.strictEqual((yield* get(handler, `${Sandbox.defaultBaseUrl}/OAuth/Certs/${kid}`)).status, 200)
    }))

  it.effect("an unknown kid is 404, another method 405, no kid 404", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const { kid } = headerOf(yield* adminToken(handler))
      const unknown = yield* get(handler, `${Sandbox.defaultBaseUrl}/oauth/certs/not-a-kid`)
      assert.strictEqual(unknown.status, 404)
      assert.deepStrictEqual(unknown.body.Errors[0], {
        ErrorCode: "NotFound",
        Message: "PublicKey not found: not-a-kid",
        Data: { ObjectType: "PublicKey", ObjectID: "not-a-kid" }
      })
      assert.strictEqual(
        (yield* get(handler, `${Sandbox.defaultBaseUrl}/oauth/certs/${kid}`, { method: "POST" })).status,
        405
      )
      assert.strictEqual((yield* get(handler, `${Sandbox.defaultBaseUrl}/oauth/certs/`)).status, 404)
      assert.strictEqual((yield* get(handler, `${Sandbox.defaultBaseUrl}/oauth/certs/${kid}/more`)).status, 404)
    }))

  it.effect("a sandbox refuses a token another sandbox issued, though both sign with the process's key", () =>
    Effect.gen(function*() {
      const issuer = yield* handlerOf
      const other = yield* handlerOf
      const token = yield* adminToken(issuer)
      // The other sandbox has issued a token to the same user: the user is known there.
      yield* adminToken(other)
      assert.strictEqual((yield* api(issuer, "/me", token)).status, 200)
      const refused = yield* api(other, "/me", token)
      assert.strictEqual(refused.status, 401)
      assert.strictEqual(refused.body.Errors[0].ErrorCode, "InvalidToken")
    }))
})
