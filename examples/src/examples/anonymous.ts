/**
 * Guest shopping: an anonymous session browses, reads its token's `orderid`
 * claim and starts an order, with no user account at all. It needs an API
 * client that allows anonymous shopping (`IsAnonBuyer`); the sandbox's
 * storefront client does.
 */
import { AccessToken, Session } from "@ordercloud-effect/auth"
import { LineItems, Me, Orders } from "@ordercloud-effect/resources"
import { Console, Effect } from "effect"
import { as } from "../Environment.js"
import type { Example } from "../Example.js"

const money = (value: number | null | undefined) => `$${(value ?? 0).toFixed(2)}`

// Everything runs inside one `as("anonymous")`: one session, so one guest.
// Each new anonymous token is a new guest with a new order, so splitting the
// steps over several sessions would split the cart between strangers.
const program = as("anonymous")(Effect.gen(function*() {
  yield* Console.log("1. Guest browses")
  const products = yield* Me.listProducts({ sortBy: ["Name"] })
  yield* Console.log(`   ${products.Meta.TotalCount} products: ${products.Items.map((p) => p.Name).join(", ")}`)

  yield* Console.log("2. Guest reads its own token")
  // The claims are decoded, not verified: fine for our own session's token.
  const session = yield* Session.Session
  const claims = yield* AccessToken.claims(yield* session.token)
  yield* Console.log(`   user ${claims.usr}, roles ${claims.role?.join(" ")}`)
  // Only guest tokens carry an `orderid` claim. To keep a guest (and its
  // cart) across restarts, store its token and come back with
  // `Session.layerAccessToken`: asking for a new token makes a new guest.
  yield* Console.log(`   orderid claim: ${claims.orderid ?? "(none)"}`)

  yield* Console.log("3. Guest starts an order")
  const product = products.Items[0]
  if (product?.ID == null) return yield* Console.log("   no product to order")
  const order = yield* Orders.create("Outgoing", { Comments: "Guest order" })
  yield* Console.log(`   created order ${order.ID} (${order.Status})`)
  const line = yield* LineItems.create("Outgoing", order.ID!, { ProductID: product.ID, Quantity: 2 })
  yield* Console.log(`   2 x ${product.Name} at ${money(line.UnitPrice)} = ${money(line.LineTotal)}`)
  // The order's totals follow its line items.
  const current = yield* Orders.get("Outgoing", order.ID!)
  const lines = current.LineItemCount ?? 0
  yield* Console.log(
    `   order ${current.ID}: ${lines} line item${lines === 1 ? "" : "s"}, subtotal ${money(current.Subtotal)}`
  )
}))

export const anonymous: Example = {
  name: "anonymous",
  description: "Guest shopping with an anonymous session: browse, read the orderid claim, start an order",
  program
}
