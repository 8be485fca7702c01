/**
 * The approval-rule expressions the sandbox reads, as a table: what holds
 * for one order with two line items, and what it cannot read (which
 * applies, holding the order for approval).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Expression from "../src/internal/expression.js"

const context = {
  order: { Total: 150, Subtotal: 140, xp: { Channel: "Web", Rush: true }, BillingAddress: { Country: "US" } },
  items: [
    { ProductID: "tee-01", Quantity: 2, LineTotal: 24, Product: { xp: { Category: "apparel" } } },
    { ProductID: "mug-02", Quantity: 10, LineTotal: 80, Product: { xp: { Category: "kitchen" } } }
  ]
}

const cases: ReadonlyArray<readonly [string, boolean]> = [
  ["order.Total > 100", true],
  ["order.Total > 150", false],
  ["order.Total >= 150", true],
  ["order.Total <= 149.99", false],
  ["order.xp.Channel = 'web'", true],
  ["order.xp.Channel != \"Web\"", false],
  ["order.xp.Rush = true", true],
  ["order.xp.Missing = null", true],
  ["order.BillingAddress.Country <> 'CA'", true],
  ["order.Total > 100 and order.xp.Channel = 'Store'", false],
  ["order.Total > 1000 or order.xp.Rush = true", true],
  ["not (order.Total > 100)", false],
  ["(order.Total > 1000 or order.Subtotal > 100) and not order.xp.Rush = false", true],
  ["items.any(item.ProductID = 'mug-02')", true],
  ["items.all(item.Quantity > 5)", false],
  ["items.count(item.Product.xp.Category = 'apparel') = 1", true],
  ["items.quantity(item.LineTotal > 0) >= 12", true],
  ["true", true],
  ["false", false]
]

describe("approval rule expressions", () => {
  for (const [expression, expected] of cases) {
    it(`${expression} is ${expected}`, () => assert.strictEqual(Expression.applies(expression, context), expected))
  }

  it("an expression outside the subset applies (the order waits for approval)", () => {
    for (
      const unreadable of [
        "order.Total.Round(2) > 1",
        "user.xp.Level = 1",
        "order.Total >",
        "items.sum(item.Quantity) > 1",
        "'a' ~ 'b'"
      ]
    ) {
      assert.isTrue(Expression.applies(unreadable, context), unreadable)
    }
  })

  it("items.any over no line items is false, and the rest of the expression is still read", () => {
    assert.isFalse(Expression.applies("items.any(item.Quantity > 1) or order.Total > 1000", { ...context, items: [] }))
    assert.isTrue(Expression.applies("items.any(item.Quantity > 1) or order.Total > 100", { ...context, items: [] }))
  })
})
