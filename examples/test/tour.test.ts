import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { tour } from "../src/examples/tour.js"
import { printed } from "./utils/capture.js"

describe("tour", () => {
  it.effect("prints every step, prices from quantity breaks, the seller's view and the handled error", () =>
    Effect.gen(function*() {
      const lines = yield* printed(tour)
      const text = lines.join("\n")
      for (
        const step of [
          "1. Seller sets up the catalog",
          "2. Buyer browses",
          "3. Buyer orders",
          "4. Seller picks up the order",
          "5. A typed error, handled by its tag",
          "Summary"
        ]
      ) assert.include(lines, step)
      assert.match(text, /search "desk", color black: Tour Desk Lamp, Tour Desk Mat \(2 found\)/)
      assert.match(text, /6 x Tour Desk Lamp at \$35\.00 = \$210\.00/)
      assert.match(text, /10 x Tour Desk Mat at \$12\.00 = \$120\.00/)
      assert.match(text, /submitted: Open, total \$330\.00/)
      assert.include(text, "incoming orders with this ID: 1")
      assert.include(text, "patched: warehouse north")
      assert.include(text, "Forbidden (InsufficientRoles)")
      assert.match(text, /2 line items, subtotal \$330\.00, total \$330\.00/)
      assert.include(text, "seen by the seller: yes")
    }))
})
