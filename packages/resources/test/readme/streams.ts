import * as Products from "@ordercloud-effect/resources/Products"
import { Schema, Stream } from "effect"

const ProductXp = Schema.Struct({ Color: Schema.Literal("red", "blue") })

// Every product, fetched a page at a time as the stream is consumed.
export const names = Products.listAll({ pageSize: 100 }).pipe(Stream.map((product) => product.Name))

// Deep lists: page by ID instead of page number; xp typed once for the resource.
const Typed = Products.withXp(ProductXp)
export const redOnes = Typed.listAll({ paging: "lastId", filters: { xp: { Color: "red" } } })
