/**
 * Product-side behaviour through the SDK in both modes: xp indices stored
 * and listed, variants generated from the specs that define them,
 * premium-search facets counted over the visible, filtered products.
 */
import { assert, describe, it } from "@effect/vitest"
import { Catalogs, Categories, Me, ProductFacets, Products, Specs, XpIndices } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Sandbox from "../src/Sandbox.js"
import { modes, suiteOptions } from "./utils/modes.js"
import { buyer, seller } from "./utils/sessions.js"

for (const [mode, client] of modes) {
  const asSeller = <A, E>(effect: Effect.Effect<A, E, Sandbox.Needs>) =>
    Effect.provide(effect, Layer.provideMerge(seller, client))
  /** The seller's session over the sandbox the surrounding test already provides. */
  const asSellerIn = <A, E>(effect: Effect.Effect<A, E, Sandbox.Needs>) => Effect.provide(effect, seller)

  describe(`xp indices (${mode})`, suiteOptions(mode), () => {
    it.effect("PUT stores an index once per thing type and key; the list shows it; DELETE removes it", () =>
      asSeller(Effect.gen(function*() {
        yield* XpIndices.put({ ThingType: "Address", Key: "xp.Region" })
        yield* XpIndices.put({ ThingType: "Address", Key: "xp.Region" })
        yield* XpIndices.put({ ThingType: "Order", Key: "xp.Channel" })
        const listed = yield* XpIndices.list()
        assert.deepStrictEqual(listed.Items.map((i) => [i.ThingType, i.Key]), [["Address", "xp.Region"], [
          "Order",
          "xp.Channel"
        ]])
        yield* XpIndices.delete("Address", "xp.Region")
        assert.deepStrictEqual((yield* XpIndices.list()).Items.map((i) => i.Key), ["xp.Channel"])
        const missing = yield* Effect.flip(XpIndices.delete("Address", "xp.Region"))
        assert.strictEqual(missing._tag, "NotFound")
      })))
  })

  describe(`variants (${mode})`, suiteOptions(mode), () => {
    const setUp = Effect.gen(function*() {
      yield* Specs.create({ ID: "size", Name: "Size", DefinesVariant: true })
      yield* Specs.createOption("size", { ID: "s", Value: "Small" })
      yield* Specs.createOption("size", { ID: "l", Value: "Large" })
      yield* Specs.create({ ID: "color", Name: "Color", DefinesVariant: true })
      yield* Specs.createOption("color", {
        ID: "red",
        Value: "Red",
        PriceMarkupType: "AmountPerQuantity",
        PriceMarkup: 2
      })
      yield* Specs.createOption("color", { ID: "blue", Value: "Blue" })
      yield* Specs.create({ ID: "engraving", Name: "Engraving", DefinesVariant: false, AllowOpenText: true })
      for (const SpecID of ["size", "color", "engraving"]) {
        yield* Specs.saveProductAssignment({ SpecID, ProductID: "tee-01" })
      }
    })

    it.effect("generate creates one variant per combination of the defining specs' options and sets VariantCount", () =>
      asSeller(Effect.gen(function*() {
        yield* setUp
        const product = yield* Products.generateVariants("tee-01", { Active: true })
        assert.strictEqual(product.VariantCount, 4)
        assert.strictEqual(product.SpecCount, 3)
        assert.strictEqual((yield* Products.get("tee-01")).VariantCount, 4)
        const variants = yield* Products.listVariants("tee-01")
        assert.deepStrictEqual(variants.Items.map((v) => v.ID), [
          "tee-01-s-red",
          "tee-01-s-blue",
          "tee-01-l-red",
          "tee-01-l-blue"
        ])
        const first = variants.Items[0]!
        assert.strictEqual(first.Name, "Sandbox Tee Small Red")
        assert.isTrue(first.Active)
        assert.deepStrictEqual(
          first.Specs?.map((s) => [s.SpecID, s.OptionID, s.Value, s.PriceMarkupType, s.PriceMarkup]),
          [
            ["size", "s", "Small", "NoMarkup", null],
            ["color", "red", "Red", "AmountPerQuantity", 2]
          ]
        )
      })))

    it.effect("generating again keeps edited variants unless overwriteExisting; new options add variants", () =>
      asSeller(Effect.gen(function*() {
        yield* setUp
        yield* Products.generateVariants("tee-01", {})
        yield* Products.patchVariant("tee-01", "tee-01-s-red", { Description: "edited" })
        yield* Specs.createOption("size", { ID: "m", Value: "Medium" })
        const again = yield* Products.generateVariants("tee-01", {})
        assert.strictEqual(again.VariantCount, 6)
        assert.strictEqual((yield* Products.getVariant("tee-01", "tee-01-s-red")).Description, "edited")
        yield* Products.generateVariants("tee-01", {}, { overwriteExisting: true })
        assert.notStrictEqual((yield* Products.getVariant("tee-01", "tee-01-s-red")).Description, "edited")
      })))

    // The seeding tool generates variants, then saves each with PUT: the generated specs must stay.
    it.effect("saving a generated variant with PUT replaces what it sends and keeps its Specs and DateCreated", () =>
      asSeller(Effect.gen(function*() {
        yield* setUp
        yield* Products.generateVariants("tee-01", {})
        const before = yield* Products.getVariant("tee-01", "tee-01-s-red")
        const saved = yield* Products.saveVariant("tee-01", "tee-01-s-red", { Name: "Small red tee", Active: true })
        assert.strictEqual(saved.Name, "Small red tee")
        assert.isNull(saved.Description ?? null)
        assert.deepStrictEqual(saved.Specs, before.Specs)
        const read = yield* Products.getVariant("tee-01", "tee-01-s-red")
        assert.deepStrictEqual(read.Specs?.map((s) => [s.SpecID, s.OptionID]), [["size", "s"], ["color", "red"]])
        const product = yield* Products.save("tee-01", { Name: "Tee", Active: true })
        assert.strictEqual(product.VariantCount, 4)
        assert.strictEqual(product.SpecCount, 3)
      })))

    it.effect("a product without defining specs gets no variants", () =>
      asSeller(Effect.gen(function*() {
        const product = yield* Products.generateVariants("mug-02", {})
        assert.strictEqual(product.VariantCount, 0)
        assert.strictEqual((yield* Products.listVariants("mug-02")).Meta.TotalCount, 0)
      })))
  })

  describe(`facets (${mode})`, suiteOptions(mode), () => {
    const setUp = Effect.gen(function*() {
      yield* ProductFacets.create({ ID: "color", Name: "Color", XpPath: "Color", ListOrder: 1 })
      yield* ProductFacets.create({ ID: "size", Name: "Size", XpPath: "Size", ListOrder: 2, MinCount: 2 })
      yield* Products.patch("tee-01", { xp: { Size: ["S", "M"] } })
      yield* Products.patch("mug-02", { xp: { Size: ["M"] } })
      yield* Products.patch("cap-03", { xp: { Size: ["L"] } })
      // Not visible to the buyer: counted for the seller only.
      yield* Products.create({ ID: "hidden", Name: "Hidden", Active: true, xp: { Color: "red", Size: ["L"] } })
    })

    it.effect("the seller's Products.list counts each facet's values over every match, MinCount respected", () =>
      asSeller(Effect.gen(function*() {
        yield* setUp
        const page = yield* Products.list({ pageSize: 1 })
        assert.deepStrictEqual(page.Meta.Facets, [
          {
            Name: "Color",
            XpPath: "Color",
            Values: [{ Value: "blue", Count: 3 }, { Value: "red", Count: 3 }],
            xp: null
          },
          { Name: "Size", XpPath: "Size", Values: [{ Value: "L", Count: 2 }, { Value: "M", Count: 2 }], xp: null }
        ])
        const red = yield* Products.list({ filters: { xp: { Color: "red" } } })
        assert.deepStrictEqual(red.Meta.Facets?.map((f) => f.Values), [
          [{ Value: "red", Count: 3 }],
          [{ Value: "L", Count: 2 }]
        ])
      })))

    it.effect("the buyer's Me.listProducts counts only the products it sees, after its filters and search", () =>
      Effect.gen(function*() {
        yield* asSellerIn(setUp)
        const page = yield* Me.listProducts()
        assert.deepStrictEqual(page.Meta.Facets?.map((f) => [f.Name, f.Values]), [
          ["Color", [{ Value: "blue", Count: 3 }, { Value: "red", Count: 2 }]],
          ["Size", [{ Value: "M", Count: 2 }]]
        ])
        const searched = yield* Me.listProducts({ search: "mug" })
        assert.deepStrictEqual(searched.Meta.Facets?.map((f) => f.Values), [[{ Value: "blue", Count: 1 }], []])
      }).pipe(Effect.provide(Layer.provideMerge(buyer, client))))
  })
  describe(`category visibility (${mode})`, suiteOptions(mode), () => {
    it.effect("a catalog without ViewAllProducts shows a product through a category assigned visible with ViewAllProducts", () =>
      Effect.gen(function*() {
        const ids = Effect.map(Effect.provide(Me.listProducts(), buyer), (page) => page.Items.map((p) => p.ID))
        yield* asSellerIn(Effect.gen(function*() {
          yield* Catalogs.create({ ID: "hats", Name: "Hats", Active: true })
          yield* Catalogs.saveAssignment({
            CatalogID: "hats",
            BuyerID: "buyer-1",
            ViewAllProducts: false,
            ViewAllCategories: false
          })
          yield* Products.create({ ID: "hat-06", Name: "Hat", Active: true, DefaultPriceScheduleID: "ps-cap" })
          yield* Catalogs.saveProductAssignment({ CatalogID: "hats", ProductID: "hat-06" })
          yield* Categories.create("hats", { ID: "summer", Name: "Summer", Active: true })
          yield* Categories.create("hats", { ID: "straw", Name: "Straw", Active: true, ParentID: "summer" })
          yield* Categories.saveProductAssignment("hats", { CategoryID: "straw", ProductID: "hat-06" })
        }))
        assert.notInclude(yield* ids, "hat-06")
        // The parent's assignment is inherited by the child category holding the product.
        yield* asSellerIn(
          Categories.saveAssignment("hats", {
            CategoryID: "summer",
            BuyerID: "buyer-1",
            Visible: true,
            ViewAllProducts: true
          })
        )
        assert.include(yield* ids, "hat-06")
        yield* asSellerIn(
          Categories.saveAssignment("hats", { CategoryID: "straw", BuyerID: "buyer-1", ViewAllProducts: false })
        )
        assert.notInclude(yield* ids, "hat-06")
        yield* asSellerIn(
          Categories.saveAssignment("hats", { CategoryID: "straw", BuyerID: "buyer-1", ViewAllProducts: true })
        )
        assert.include(yield* ids, "hat-06")
        yield* asSellerIn(Categories.patch("hats", "summer", { Active: false }))
        assert.notInclude(yield* ids, "hat-06")
      }).pipe(Effect.provide(client)))
  })
}
