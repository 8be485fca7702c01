import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { anonymous } from "../src/examples/anonymous.js"
import { impersonation } from "../src/examples/impersonation.js"
import { perspectives } from "../src/examples/perspectives.js"
import { streaming } from "../src/examples/streaming.js"
import { examples } from "../src/registry.js"
import { printed } from "./utils/capture.js"

describe("perspectives", () => {
  it.effect("the seller and the buyer see different product lists, and one step swaps to the buyer", () =>
    Effect.gen(function*() {
      const lines = yield* printed(perspectives)
      const text = lines.join("\n")
      // The seeded five plus the seller's inactive draft, against the buyer's five.
      assert.include(text, "seller (admin): Products.list has 6 products, 1 of them inactive")
      assert.include(text, "buyer (buyer01): Me.listProducts has 5 products")
      assert.match(text, /seller \(admin\) reads draft-\w+: Active false/)
      assert.include(text, "buyer asks for it: NotFound for buyer01")
      assert.include(text, "back to admin")
      assert.match(text, /4\. Seller deleted draft-\w+/)
    }))
})

describe("impersonation", () => {
  it.effect("refused without a config, then acts as buyer01 and cleans up", () =>
    Effect.gen(function*() {
      const lines = yield* printed(impersonation)
      const text = lines.join("\n")
      assert.include(text, "refused: Forbidden (Impersonation.ConfigError)")
      assert.match(text, /created impersonation config imp-\w+ \(profile shopper, client sandbox-storefront\)/)
      assert.include(text, "Me.get: buyer01 (Bea Buyer)")
      assert.match(text, /token: usr buyer01, usrtype buyer, impersonated by user \S+/)
      assert.include(text, "Me.listProducts: 5 products")
      assert.match(text, /4\. Seller deleted impersonation config imp-\w+/)
    }))
})

describe("anonymous", () => {
  it.effect("a guest browses, has an orderid claim and starts an order", () =>
    Effect.gen(function*() {
      const lines = yield* printed(anonymous)
      const text = lines.join("\n")
      assert.include(text, "5 products: Sandbox Bag, Sandbox Cap, Sandbox Mug, Sandbox Socks, Sandbox Tee")
      assert.include(text, "user guest-shopper, roles Shopper")
      assert.match(text, /orderid claim: [\w-]{10,}/)
      const created = text.match(/created order ([\w-]+) \(Unsubmitted\)/)
      assert.isNotNull(created)
      assert.include(text, "2 x Sandbox Bag at $30.00 = $60.00")
      assert.include(text, `order ${created![1]}: 1 line item, subtotal $60.00`)
    }))
})

describe("streaming", () => {
  it.effect("streams 25 products in 3 pages both ways, holding 10 at most, then deletes them", () =>
    Effect.gen(function*() {
      const lines = yield* printed(streaming)
      const byPage = lines.indexOf("2. Stream them by page number (page=1, 2, ...)")
      const byLastId = lines.findIndex((line) => line.startsWith("3. Stream them by \"Last ID\""))
      assert.isAbove(byPage, 0)
      assert.isAbove(byLastId, byPage)
      assert.strictEqual(lines[byPage + 1], "   25 products in 3 pages, at most 10 held at once")
      assert.strictEqual(lines[byLastId + 1], "   25 products in 3 pages, at most 10 held at once")
      assert.match(lines.join("\n"), /stream-\w+-01, stream-\w+-02, stream-\w+-03, stream-\w+-04, stream-\w+-05/)
      assert.include(lines, "5. Seller deleted the 25 products")
    }))
})

describe("the registry", () => {
  it("lists these four right after the tour", () => {
    assert.deepStrictEqual(
      examples.slice(0, 5).map((e) => e.name),
      ["tour", "perspectives", "impersonation", "anonymous", "streaming"]
    )
  })
})
