import * as LineItems from "@ordercloud-effect/resources/LineItems"
import { Effect, Schema } from "effect"

const LineItemXp = Schema.Struct({ Gift: Schema.Boolean })
const ProductXp = Schema.Struct({ Color: Schema.Literal("red", "blue") })
const AddressXp = Schema.Struct({ Dock: Schema.Number })

// The line item's own xp, and that of the models it embeds; what is not named stays unknown.
const Xps = { xp: LineItemXp, Product: ProductXp, ShippingAddress: { xp: AddressXp } }

export const colors = LineItems.list("Outgoing", "order-1", { xp: Xps, filters: { "Product.xp.Color": "red" } }).pipe(
  Effect.map((page) => page.Items.map((item) => item.Product?.xp?.Color))
)
