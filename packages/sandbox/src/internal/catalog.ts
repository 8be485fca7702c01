/**
 * Product-side behaviour beyond generic CRUD: xp indices (keyed by thing
 * type and key, not by an ID) and variants generated from the specs that
 * define them.
 * @internal
 */
import type { Handler } from "./commerce.js"
import type { Call } from "./crud.js"
import * as Crud from "./crud.js"
import * as Errors from "./errors.js"
import type { Json, Store } from "./store.js"

const xpIndices = "xpindices"
const xpIndexKey = (thingType: string, key: string) => `${thingType}/${key}`

/** The specs assigned to a product, in assignment order. */
const specsOf = (store: Store, productID: string): ReadonlyArray<Json> =>
  store.list(Crud.assignmentCollection("/specs/productassignments")!)
    .filter((a) => a["ProductID"] === productID)
    .flatMap((a) => {
      const spec = store.get("specs", String(a["SpecID"]))
      return spec === undefined ? [] : [spec]
    })

/** Every combination of one option from each spec, the first spec varying slowest. */
const combinations = (groups: ReadonlyArray<ReadonlyArray<Json>>): ReadonlyArray<ReadonlyArray<Json>> =>
  groups.reduce<ReadonlyArray<ReadonlyArray<Json>>>(
    (acc, options) => acc.flatMap((prefix) => options.map((option) => [...prefix, option])),
    [[]]
  )

/**
 * `POST /products/{productID}/variants/generate`: one variant per
 * combination of the options of the product's specs with `DefinesVariant`,
 * with OrderCloud's ID form `{productID}-{optionID}-{optionID}...` and each
 * variant's `Specs`. Existing variants are kept unless `overwriteExisting`
 * is true (then every variant is generated afresh). The product's
 * `VariantCount` and `SpecCount` are updated and the product returned.
 */
const generateVariants: Handler = (store, call) => {
  const productID = call.params["productID"]!
  const product = store.get("products", productID)
  if (product === undefined) return Errors.notFound("Product", productID)
  const specs = specsOf(store, productID)
  const defining = specs.filter((spec) => spec["DefinesVariant"] === true)
  const groups = defining.map((spec) => store.list(`specs/${String(spec["ID"])}/options`))
  const collection = `products/${productID}/variants`
  const overwrite = call.query.get("overwriteExisting")?.toLowerCase() === "true"
  if (overwrite) store.removeWhere(collection, () => true)
  const active = call.body?.["Active"]
  if (defining.length > 0 && groups.every((options) => options.length > 0)) {
    for (const options of combinations(groups)) {
      const id = [productID, ...options.map((option) => String(option["ID"]))].join("-")
      if (store.has(collection, id)) continue
      store.put(collection, id, {
        ID: id,
        Name: [product["Name"] ?? productID, ...options.map((option) => option["Value"])].join(" "),
        Description: product["Description"] ?? null,
        Active: typeof active === "boolean" ? active : false,
        ShipWeight: product["ShipWeight"] ?? null,
        ShipHeight: product["ShipHeight"] ?? null,
        ShipWidth: product["ShipWidth"] ?? null,
        ShipLength: product["ShipLength"] ?? null,
        Specs: options.map((option, i) => ({
          SpecID: defining[i]!["ID"],
          Name: defining[i]!["Name"] ?? null,
          OptionID: option["ID"],
          Value: option["Value"] ?? null,
          PriceMarkupType: option["PriceMarkupType"] ?? "NoMarkup",
          PriceMarkup: option["PriceMarkup"] ?? null
        })),
        xp: null
      })
    }
  }
  const updated = { ...product, SpecCount: specs.length, VariantCount: store.list(collection).length }
  store.put("products", productID, updated)
  return { status: 200, body: updated }
}

/** @internal */
export const handlers: Readonly<Record<string, Handler>> = {
  "XpIndices.put": (store, call: Call) => {
    const body = call.body ?? {}
    const thingType = String(body["ThingType"] ?? "")
    const key = String(body["Key"] ?? "")
    if (thingType === "" || key === "") return Errors.validation("ThingType and Key are required.")
    store.put(xpIndices, xpIndexKey(thingType, key), { ThingType: thingType, Key: key })
    return { status: 204 }
  },

  "XpIndices.list": (store) => ({ source: store.list(xpIndices) }),

  "XpIndices.delete": (store, call) => {
    const thingType = call.params["thingType"]!
    const key = call.params["key"]!
    // The thing type is an enum: match it as ASP.NET binds enums, whatever its case.
    const stored = store.list(xpIndices).find((index) =>
      String(index["ThingType"]).toLowerCase() === thingType.toLowerCase() && index["Key"] === key
    )
    if (stored === undefined) return Errors.notFound("XpIndex", xpIndexKey(thingType, key))
    store.remove(xpIndices, xpIndexKey(String(stored["ThingType"]), key))
    return { status: 204 }
  },

  "Products.generateVariants": generateVariants
}
