/**
 * Every assignment operation of the API description, through the SDK in
 * both modes: what a save stores, each list returns (filtered by every
 * parameter the list declares, and paged), and each delete removes.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Resources from "@ordercloud-effect/resources"
import { entries } from "@ordercloud-effect/resources/OperationTable"
import type { Entry } from "@ordercloud-effect/resources/OperationTable"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Sandbox from "../src/Sandbox.js"
import * as Seed from "../src/Seed.js"
import { modesWith, suiteOptions } from "./utils/modes.js"
import { seller } from "./utils/sessions.js"

/** The marketplace plus a supplier and a variant, so every path has a parent to name. */
const seed: Seed.Seed = {
  collections: {
    ...Seed.marketplace.collections,
    suppliers: [{ ID: "supplier-1", Name: "Supplier", Active: true }],
    "products/tee-01/variants": [{ ID: "tee-01-v", Name: "Tee variant", Active: true }],
    "catalogs/buyer-1/categories": [{ ID: "cat-1", Name: "Category", Active: true }]
  }
}

/** Path parameters the bodies do not give: parents that exist in `seed`. */
const parents: Readonly<Record<string, string>> = {
  buyerID: Seed.buyerID,
  catalogID: Seed.buyerID,
  productID: "tee-01",
  variantID: "tee-01-v",
  supplierID: "supplier-1"
}

interface Row {
  /** The save operation. */
  readonly save: string
  /** What it saves; a second body with `second` changed tests paging. */
  readonly body: Readonly<Record<string, unknown>>
  readonly second: Readonly<Record<string, unknown>>
  /** The delete operations that remove `body`. */
  readonly deletes: ReadonlyArray<string>
}

const rows: ReadonlyArray<Row> = [
  {
    save: "ApiClients.saveAssignment",
    body: { ApiClientID: "sandbox-storefront", BuyerID: "buyer-1" },
    second: { ApiClientID: "sandbox-admin" },
    deletes: ["ApiClients.deleteBuyerAssignment"]
  },
  {
    save: "ApiClients.saveAssignment",
    body: { ApiClientID: "sandbox-storefront", SupplierID: "supplier-1" },
    second: { ApiClientID: "sandbox-admin" },
    deletes: ["ApiClients.deleteSupplierAssignment"]
  },
  {
    save: "Bundles.saveAssignment",
    body: { BundleID: "bundle-1", BuyerID: "buyer-1", UserGroupID: "group-1" },
    second: { BundleID: "bundle-2" },
    deletes: ["Bundles.deleteAssignment"]
  },
  {
    save: "Bundles.saveProductAssignment",
    body: { BundleID: "bundle-1", ProductID: "tee-01", Required: true },
    second: { ProductID: "mug-02" },
    deletes: ["Bundles.deleteProductAssignment"]
  },
  {
    save: "Addresses.saveAssignment",
    body: { AddressID: "addr-1", UserID: "buyer01", IsShipping: true, IsBilling: false },
    second: { AddressID: "addr-2" },
    deletes: ["Addresses.deleteAssignment"]
  },
  {
    save: "CostCenters.saveAssignment",
    body: { CostCenterID: "cc-1", UserGroupID: "group-1" },
    second: { CostCenterID: "cc-2" },
    deletes: ["CostCenters.deleteAssignment"]
  },
  {
    save: "CreditCards.saveAssignment",
    body: { CreditCardID: "card-1", UserGroupID: "group-1" },
    second: { CreditCardID: "card-2" },
    deletes: ["CreditCards.deleteAssignment"]
  },
  {
    save: "SpendingAccounts.saveAssignment",
    body: { SpendingAccountID: "sa-1", UserID: "buyer01", AllowExceed: false },
    second: { SpendingAccountID: "sa-2" },
    deletes: ["SpendingAccounts.deleteAssignment"]
  },
  {
    save: "UserGroups.saveUserAssignment",
    body: { UserGroupID: "group-1", UserID: "buyer01" },
    second: { UserGroupID: "group-2" },
    deletes: ["UserGroups.deleteUserAssignment"]
  },
  {
    save: "Catalogs.saveAssignment",
    body: { CatalogID: "catalog-2", BuyerID: "buyer-1", ViewAllProducts: true },
    second: { CatalogID: "catalog-3" },
    deletes: ["Catalogs.deleteAssignment"]
  },
  {
    save: "Catalogs.saveBundleAssignment",
    body: { CatalogID: "buyer-1", BundleID: "bundle-1" },
    second: { BundleID: "bundle-2" },
    deletes: ["Catalogs.deleteBundleAssignment"]
  },
  {
    save: "Catalogs.saveProductAssignment",
    body: { CatalogID: "catalog-2", ProductID: "tee-01" },
    second: { ProductID: "mug-02" },
    deletes: ["Catalogs.deleteProductAssignment"]
  },
  {
    save: "Categories.saveAssignment",
    body: { CategoryID: "cat-1", BuyerID: "buyer-1", Visible: true },
    second: { CategoryID: "cat-2" },
    deletes: ["Categories.deleteAssignment"]
  },
  {
    save: "Categories.saveBundleAssignment",
    body: { CategoryID: "cat-1", BundleID: "bundle-1" },
    second: { BundleID: "bundle-2" },
    deletes: ["Categories.deleteBundleAssignment"]
  },
  {
    save: "Categories.saveProductAssignment",
    body: { CategoryID: "cat-1", ProductID: "tee-01" },
    second: { ProductID: "mug-02" },
    deletes: ["Categories.deleteProductAssignment"]
  },
  {
    save: "Locales.saveAssignment",
    body: { LocaleID: "locale-1", BuyerID: "buyer-1" },
    second: { LocaleID: "locale-2" },
    deletes: ["Locales.deleteAssignment"]
  },
  {
    save: "MessageSenders.saveCCListenerAssignment",
    body: {
      MessageSenderAssignment: { MessageSenderID: "sender-1", BuyerID: "buyer-1" },
      MessageType: "OrderDeclined",
      BuyerID: "buyer-1",
      UserID: "buyer01"
    },
    second: { UserID: "buyer02" },
    deletes: []
  },
  {
    save: "MessageSenders.saveAssignment",
    body: { MessageSenderID: "sender-1", BuyerID: "buyer-1" },
    second: { MessageSenderID: "sender-2" },
    deletes: ["MessageSenders.deleteAssignment"]
  },
  {
    save: "Products.saveAssignment",
    body: { ProductID: "tee-01", BuyerID: "buyer-1", PriceScheduleID: "ps-tee" },
    second: { ProductID: "mug-02" },
    deletes: ["Products.deleteAssignment"]
  },
  {
    save: "InventoryRecords.saveAssignment",
    body: { InventoryRecordID: "inv-1", BuyerID: "buyer-1" },
    second: { InventoryRecordID: "inv-2" },
    deletes: ["InventoryRecords.deleteAssignment"]
  },
  {
    save: "InventoryRecords.saveVariantAssignment",
    body: { InventoryRecordID: "inv-1", BuyerID: "buyer-1" },
    second: { InventoryRecordID: "inv-2" },
    deletes: ["InventoryRecords.deleteVariantAssignment"]
  },
  {
    save: "Promotions.saveAssignment",
    body: { PromotionID: "promo-1", BuyerID: "buyer-1" },
    second: { PromotionID: "promo-2" },
    deletes: ["Promotions.deleteAssignment"]
  },
  {
    save: "SecurityProfiles.saveAssignment",
    body: { SecurityProfileID: "shopper", BuyerID: "buyer-1", UserID: "buyer01" },
    second: { SecurityProfileID: "full-access" },
    deletes: ["SecurityProfiles.deleteAssignment"]
  },
  {
    save: "Specs.saveProductAssignment",
    body: { SpecID: "spec-1", ProductID: "tee-01" },
    second: { SpecID: "spec-2" },
    deletes: ["Specs.deleteProductAssignment"]
  },
  {
    save: "SupplierUserGroups.saveUserAssignment",
    body: { UserGroupID: "sgroup-1", UserID: "supplier-user" },
    second: { UserGroupID: "sgroup-2" },
    deletes: ["SupplierUserGroups.deleteUserAssignment"]
  },
  {
    save: "AdminUserGroups.saveUserAssignment",
    body: { UserGroupID: "agroup-1", UserID: "admin" },
    second: { UserGroupID: "agroup-2" },
    deletes: ["AdminUserGroups.deleteUserAssignment"]
  }
]

const byId = new Map(entries.map((entry) => [entry.id, entry]))
const entry = (id: string): Entry => byId.get(id)!
const isAssignment = (e: Entry) => /assignments/i.test(e.path)
const pathParams = (e: Entry) => [...e.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
const fieldOf = (param: string) => param.charAt(0).toUpperCase() + param.slice(1).replace(/Id$/, "ID")
const listOf = (save: Entry) => entries.find((e) => e.method === "GET" && e.path === save.path && e.list !== undefined)!

type Call = (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown, Sandbox.Needs>
type Page = {
  readonly Meta: { readonly TotalCount: number; readonly TotalPages: number }
  readonly Items: ReadonlyArray<Record<string, unknown>>
}

/** The SDK function of an operation (`Catalogs.saveAssignment`), called with its positional arguments. */
const sdk = (e: Entry): Call => {
  const [resource, name] = e.id.split(".") as [string, string]
  const namespace: Readonly<Record<string, unknown>> = Resources[resource as keyof typeof Resources]
  return namespace[name] as Call
}

/** A path parameter's value: from the record when it names it, else the existing parent. */
const argument = (param: string, record: Readonly<Record<string, unknown>>): string => {
  const fromRecord = record[fieldOf(param)]
  return typeof fromRecord === "string" ? fromRecord : parents[param]!
}

const save = (e: Entry, body: Readonly<Record<string, unknown>>) =>
  sdk(e)(...pathParams(e).map((p) => argument(p, body)), body, {})

const list = (e: Entry, record: Readonly<Record<string, unknown>>, options: Readonly<Record<string, unknown>>) =>
  sdk(e)(...pathParams(e).map((p) => argument(p, record)), options) as Effect.Effect<Page, unknown, Sandbox.Needs>

/** What a list parameter expects of `record` to keep it: the field's value, or the derived level and role. */
const expectedValue = (param: string, record: Readonly<Record<string, unknown>>): string | undefined => {
  switch (param) {
    case "level":
      return record["UserID"] !== undefined ? "User" : record["UserGroupID"] !== undefined ? "Group" : "Company"
    case "commerceRole":
      return record["SupplierID"] !== undefined ? "Supplier" : record["BuyerID"] !== undefined ? "Buyer" : "Seller"
    case "userID":
      // Lists of assignments that cannot name a user answer those that apply to the user.
      return typeof record["UserID"] === "string"
        ? record["UserID"]
        : record["BuyerID"] === Seed.buyerID && record["UserGroupID"] === undefined
        ? Seed.buyerUsername
        : undefined
    default: {
      const value = record[fieldOf(param)]
      return value === undefined ? undefined : String(value)
    }
  }
}

const sameRecord = (item: Readonly<Record<string, unknown>>, record: Readonly<Record<string, unknown>>) =>
  Object.entries(record).every(([key, value]) => typeof value === "object" || item[key] === value)

describe("the assignment table", () => {
  it("covers every assignment operation of the API description", () => {
    const covered = new Set(rows.flatMap((row) => [row.save, listOf(entry(row.save)).id, ...row.deletes]))
    const missing = entries.filter((e) => isAssignment(e) && e.host === "api" && !covered.has(e.id)).map((e) => e.id)
    assert.deepStrictEqual(missing, [])
  })
})

for (const [mode, client] of modesWith({ seed })) {
  const asSeller = <A, E>(effect: Effect.Effect<A, E, Sandbox.Needs>) =>
    Effect.provide(effect, Layer.provideMerge(seller, client))

  describe(`assignments (${mode})`, suiteOptions(mode), () => {
    for (const row of rows) {
      const saveOp = entry(row.save)
      const listOp = listOf(saveOp)
      const label = `${row.save} ${JSON.stringify(row.body)}`

      it.effect(`${label}: saved, then listed by ${listOp.id}, with each filter it declares`, () =>
        asSeller(Effect.gen(function*() {
          yield* save(saveOp, row.body)
          const all = yield* list(listOp, row.body, {})
          assert.isTrue(all.Items.some((item) => sameRecord(item, row.body)), `${listOp.id} lists the saved assignment`)
          for (const param of listOp.query) {
            const value = expectedValue(param, row.body)
            if (value === undefined) continue
            const kept = yield* list(listOp, row.body, { [param]: value })
            assert.isTrue(kept.Items.some((item) => sameRecord(item, row.body)), `${param}=${value} keeps it`)
            // Another value the parameter takes (the client refuses one outside its set).
            const other = param === "level"
              ? (value === "Company" ? "Group" : "Company")
              : param === "commerceRole"
              ? (value === "Seller" ? "Buyer" : "Seller")
              : "no-such-id"
            const dropped = yield* list(listOp, row.body, { [param]: other })
            assert.isFalse(dropped.Items.some((item) => sameRecord(item, row.body)), `${param}=${other} leaves it out`)
          }
        })))

      it.effect(`${label}: saving again replaces it, and ${listOp.id} pages`, () =>
        asSeller(Effect.gen(function*() {
          const before = (yield* list(listOp, row.body, {})).Meta.TotalCount
          yield* save(saveOp, row.body)
          yield* save(saveOp, row.body)
          yield* save(saveOp, { ...row.body, ...row.second })
          const first = yield* list(listOp, row.body, { pageSize: 1 })
          assert.strictEqual(first.Meta.TotalCount, before + 2)
          assert.strictEqual(first.Meta.TotalPages, before + 2)
          const last = yield* list(listOp, row.body, { pageSize: 1, page: before + 2 })
          assert.isTrue(
            sameRecord(last.Items[0] ?? {}, { ...row.body, ...row.second }),
            "the second save is on the last page"
          )
        })))

      for (const deleteId of row.deletes) {
        const deleteOp = entry(deleteId)
        it.effect(`${label}: ${deleteId} removes it`, () =>
          asSeller(Effect.gen(function*() {
            yield* save(saveOp, row.body)
            yield* save(saveOp, { ...row.body, ...row.second })
            const query = Object.fromEntries(
              deleteOp.query.flatMap((param) =>
                typeof row.body[fieldOf(param)] === "string" ? [[param, row.body[fieldOf(param)]]] : []
              )
            )
            yield* sdk(deleteOp)(...pathParams(deleteOp).map((p) => argument(p, row.body)), query)
            const after = yield* list(listOp, row.body, {})
            assert.isFalse(after.Items.some((item) => sameRecord(item, row.body)), "the deleted assignment is gone")
            assert.isTrue(
              after.Items.some((item) => sameRecord(item, { ...row.body, ...row.second })),
              "the other one stays"
            )
          })))
      }
    }

    it.effect("the seeded catalog assignment is listed for its buyer, and a product assignment for its catalog", () =>
      asSeller(Effect.gen(function*() {
        const catalogs = yield* Resources.Catalogs.listAssignments({ buyerID: Seed.buyerID })
        assert.deepStrictEqual(catalogs.Items.map((a) => [a.CatalogID, a.BuyerID, a.ViewAllProducts]), [[
          Seed.buyerID,
          Seed.buyerID,
          true
        ]])
        yield* Resources.Catalogs.saveProductAssignment({ CatalogID: Seed.buyerID, ProductID: "new-product" })
        const products = yield* Resources.Catalogs.listProductAssignments({
          catalogID: Seed.buyerID,
          productID: "new-product"
        })
        assert.deepStrictEqual(products.Items.map((a) => a.ProductID), ["new-product"])
        const profiles = yield* Resources.SecurityProfiles.listAssignments({ buyerID: Seed.buyerID })
        assert.deepStrictEqual(profiles.Items.map((a) => a.SecurityProfileID), ["shopper"])
      })))
  })
}
