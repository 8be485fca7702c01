import { assert, describe, it } from "@effect/vitest"
import { Session } from "@ordercloud-effect/auth"
import { Effect, Layer, Redacted } from "effect"
import { clientLayer, fakeServer, json, tokenResponse, unauthorized, whoAmI } from "./utils/server.js"

const password = Redacted.make("hunter2")
const seller = Session.layerPassword({ clientID: "admin-app", username: "seller", password, scope: ["OrderAdmin"] })
const buyer = Session.layerPassword({ clientID: "buyer-app", username: "buyer", password, scope: ["Shopper"] })

/** Tokens named after the user: `seller-1`, `buyer-1`, `seller-2`... */
const perUserTokens = () => {
  const issued = new Map<string, number>()
  return (username: string | null) => {
    const n = (issued.get(username ?? "?") ?? 0) + 1
    issued.set(username ?? "?", n)
    return tokenResponse(`${username}-${n}`)
  }
}

describe("perspectives", () => {
  it.scoped("buyer and seller sessions used concurrently over one client keep their tokens apart", () =>
    Effect.gen(function*() {
      const issue = perUserTokens()
      const server = fakeServer({
        token: (request) => issue(request.form.get("username")),
        // the seller's first token is rejected once: only the seller re-authenticates
        api: (request) => request.token === "seller-1" ? unauthorized() : json(200, { token: request.token })
      })
      const client = yield* Layer.build(clientLayer(server))
      const sellerContext = yield* Layer.build(seller).pipe(Effect.provide(client))
      const buyerContext = yield* Layer.build(buyer).pipe(Effect.provide(client))

      // Enough calls to interleave the two sessions and the seller's re-authentication.
      const calls = Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? Effect.map(whoAmI.pipe(Effect.provide(sellerContext)), (token) => ["seller", token] as const)
          : Effect.map(whoAmI.pipe(Effect.provide(buyerContext)), (token) => ["buyer", token] as const))
      const results = yield* Effect.all(calls, { concurrency: "unbounded" }).pipe(Effect.provide(client))

      for (const [who, token] of results) {
        assert.strictEqual(token, who === "seller" ? "seller-2" : "buyer-1")
      }
      assert.deepStrictEqual(server.tokenRequests.map((request) => request.form.get("username")).sort(), [
        "buyer",
        "seller",
        "seller"
      ])
      const sent = server.apiRequests.map((request) => request.token)
      assert.strictEqual(sent.filter((token) => token === "buyer-1").length, 10)
      assert.strictEqual(sent.filter((token) => token === "seller-2").length, 10)
      assert.isTrue(sent.every((token) => token === "buyer-1" || token?.startsWith("seller-")))
    }))

  it.effect("Effect.provide switches the session for a sub-effect only", () =>
    Effect.gen(function*() {
      const issue = perUserTokens()
      const server = fakeServer({ token: (request) => issue(request.form.get("username")) })
      const [before, inside, after] = yield* Effect.gen(function*() {
        const before = yield* whoAmI
        const inside = yield* whoAmI.pipe(Effect.provide(buyer))
        const after = yield* whoAmI
        return [before, inside, after] as const
      }).pipe(Effect.provide(Layer.provideMerge(seller, clientLayer(server))))
      assert.deepStrictEqual([before, inside, after], ["seller-1", "buyer-1", "seller-1"])
    }))

  it.effect("an impersonated buyer and its seller run side by side, each with its own token", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: () => tokenResponse("seller-token"),
        api: (request) =>
          request.path.endsWith("/accesstoken")
            ? tokenResponse("impersonated-token")
            : json(200, { token: request.token })
      })
      const impersonated = Session.layerImpersonation({
        buyerID: "b1",
        userID: "u1",
        clientID: "buyer-app",
        scope: ["Shopper"]
      })
      const [asSeller, asBuyer] = yield* Effect.all([whoAmI, whoAmI.pipe(Effect.provide(impersonated))], {
        concurrency: "unbounded"
      }).pipe(Effect.provide(Layer.provideMerge(seller, clientLayer(server))))
      assert.strictEqual(asSeller, "seller-token")
      assert.strictEqual(asBuyer, "impersonated-token")
      assert.strictEqual(
        server.tokenRequests.length,
        1,
        "the seller's token is shared by its own call and the impersonation"
      )
    }))
})
