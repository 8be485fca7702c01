import { assert, describe, it } from "@effect/vitest"
import * as OperationTable from "@ordercloud-effect/resources/OperationTable"
import { readFileSync } from "node:fs"
import * as Roles from "../src/internal/roles.js"

const byId = new Map(OperationTable.entries.map((entry) => [entry.id, entry]))
const required = (id: string): Roles.Requirement => {
  const entry = byId.get(id)
  if (entry === undefined) throw new Error(`no operation ${id}`)
  return Roles.requiredRoles(entry)
}

/** Operation -> the roles any one of which suffices (CONVENTIONS.md section 3). */
const table: ReadonlyArray<readonly [string, Roles.Requirement]> = [
  // Products, variants, suppliers: ProductAdmin, ProductReader | ProductAdmin
  ["Products.list", ["ProductAdmin", "ProductReader"]],
  ["Products.get", ["ProductAdmin", "ProductReader"]],
  ["Products.create", ["ProductAdmin"]],
  ["Products.patch", ["ProductAdmin"]],
  ["Products.delete", ["ProductAdmin"]],
  ["Products.listVariants", ["ProductAdmin", "ProductReader"]],
  ["Products.generateVariants", ["ProductAdmin"]],
  ["Products.saveSupplier", ["ProductAdmin"]],
  // Product assignments: + ProductAssignmentAdmin
  ["Products.listAssignments", ["ProductAdmin", "ProductAssignmentAdmin", "ProductReader"]],
  ["Products.saveAssignment", ["ProductAdmin", "ProductAssignmentAdmin"]],
  ["Products.deleteAssignment", ["ProductAdmin", "ProductAssignmentAdmin"]],
  // Specs incl. options and product assignments: the product roles
  ["Specs.list", ["ProductAdmin", "ProductReader"]],
  ["Specs.createOption", ["ProductAdmin"]],
  ["Specs.saveProductAssignment", ["ProductAdmin"]],
  // Price schedules, catalogs, categories
  ["PriceSchedules.get", ["PriceScheduleAdmin", "PriceScheduleReader"]],
  ["PriceSchedules.savePriceBreak", ["PriceScheduleAdmin"]],
  ["Catalogs.list", ["CatalogAdmin", "CatalogReader"]],
  ["Catalogs.saveProductAssignment", ["CatalogAdmin"]],
  ["Categories.listAssignments", ["CategoryAdmin", "CategoryReader"]],
  ["Categories.save", ["CategoryAdmin"]],
  // Buyers, buyer users, user groups, addresses
  ["Buyers.list", ["BuyerAdmin", "BuyerReader"]],
  ["Buyers.create", ["BuyerAdmin"]],
  ["Users.list", ["BuyerUserAdmin", "BuyerUserReader"]],
  ["Users.create", ["BuyerUserAdmin"]],
  ["UserGroups.saveUserAssignment", ["UserGroupAdmin"]],
  ["UserGroups.get", ["UserGroupAdmin", "UserGroupReader"]],
  ["Addresses.list", ["AddressAdmin", "AddressReader"]],
  ["Addresses.saveAssignment", ["AddressAdmin"]],
  // Admin users, admin addresses, admin groups
  ["AdminUsers.get", ["AdminUserAdmin", "AdminUserReader"]],
  ["AdminUsers.create", ["AdminUserAdmin"]],
  ["AdminAddresses.delete", ["AdminAddressAdmin"]],
  ["AdminUserGroups.list", ["AdminUserGroupAdmin", "AdminUserGroupReader"]],
  // Security profiles and their assignments
  ["SecurityProfiles.list", ["SecurityProfileAdmin", "SecurityProfileReader"]],
  ["SecurityProfiles.create", ["SecurityProfileAdmin"]],
  ["SecurityProfiles.listAssignments", ["SecurityProfileAdmin", "SetSecurityProfile"]],
  ["SecurityProfiles.saveAssignment", ["SecurityProfileAdmin", "SetSecurityProfile"]],
  ["SecurityProfiles.deleteAssignment", ["SecurityProfileAdmin", "SetSecurityProfile"]],
  // API clients, impersonation
  ["ApiClients.list", ["ApiClientAdmin", "ApiClientReader"]],
  ["ApiClients.create", ["ApiClientAdmin"]],
  ["ImpersonationConfigs.list", ["SetSecurityProfile", "BuyerImpersonation"]],
  ["ImpersonationConfigs.create", ["SetSecurityProfile"]],
  ["Users.getAccessToken", ["BuyerImpersonation"]],
  // Orders
  ["Orders.list", ["OrderAdmin", "OrderReader"]],
  ["Orders.get", ["OrderAdmin", "OrderReader", "Shopper"]],
  ["Orders.create", ["OrderAdmin", "Shopper"]],
  ["Orders.patch", ["OrderAdmin", "Shopper"]],
  ["Orders.submit", ["OrderAdmin", "Shopper"]],
  ["Orders.cancel", ["OrderAdmin", "Shopper"]],
  ["Orders.approve", ["OrderAdmin", "Shopper"]],
  ["Orders.decline", ["OrderAdmin", "Shopper"]],
  ["Orders.ship", ["OrderAdmin", "ShipmentAdmin"]],
  // Line items, payments, promotions on an order
  ["LineItems.list", ["OrderAdmin", "OrderReader", "Shopper"]],
  ["LineItems.create", ["OrderAdmin", "Shopper"]],
  ["Payments.get", ["OrderAdmin", "OrderReader", "Shopper"]],
  ["Payments.create", ["OrderAdmin", "Shopper"]],
  ["Payments.createTransaction", ["OrderAdmin"]],
  ["Orders.listPromotions", ["OrderAdmin", "OrderReader", "Shopper"]],
  ["Orders.addPromotion", ["OrderAdmin", "Shopper"]],
  // Shipments
  ["Shipments.list", ["ShipmentAdmin", "ShipmentReader"]],
  ["Shipments.saveItem", ["ShipmentAdmin"]],
  // Me
  ["Me.get", "any-authenticated"],
  ["Me.listUserGroups", "any-authenticated"],
  ["Me.patch", ["MeAdmin", "MeXpAdmin"]],
  ["Me.save", ["MeAdmin"]],
  ["Me.listProducts", ["Shopper"]],
  ["Me.listCategories", ["Shopper"]],
  ["Me.listCatalogs", ["Shopper"]],
  ["Me.listPromotions", ["Shopper"]],
  ["Me.listOrders", ["Shopper"]],
  ["Me.listShipments", ["Shopper"]],
  ["Me.listCostCenters", ["Shopper"]],
  ["Me.listSpendingAccounts", ["Shopper"]],
  ["Me.listAddresses", ["MeAddressAdmin", "Shopper"]],
  ["Me.createAddress", ["MeAddressAdmin"]],
  ["Me.listCreditCards", ["MeCreditCardAdmin", "Shopper"]],
  ["Me.deleteCreditCard", ["MeCreditCardAdmin"]],
  ["Me.register", ["Shopper"]],
  ["Me.transferAnonUserOrder", ["Shopper"]],
  // Cart: the caller's own order
  ["Cart.get", ["Shopper"]],
  ["Cart.createLineItem", ["Shopper"]],
  ["Cart.submit", ["Shopper"]],
  // Webhooks, integration events, xp indices
  ["Webhooks.list", ["WebhookAdmin", "WebhookReader"]],
  ["Webhooks.create", ["WebhookAdmin"]],
  ["IntegrationEvents.get", ["IntegrationEventAdmin", "IntegrationEventReader"]],
  ["IntegrationEvents.save", ["IntegrationEventAdmin"]],
  ["XpIndices.list", ["XpIndexAdmin"]],
  ["XpIndices.put", ["XpIndexAdmin"]],
  // Others follow the XAdmin/XReader rule with api-roles.json's names
  ["Suppliers.list", ["SupplierAdmin", "SupplierReader"]],
  ["SupplierUsers.create", ["SupplierUserAdmin"]],
  ["Promotions.list", ["PromotionAdmin", "PromotionReader"]],
  ["OpenIdConnects.get", ["OpenIDConnectAdmin", "OpenIDConnectReader"]],
  ["ErrorConfigs.get", ["ErrorConfigAdmin"]],
  ["TrackingEvents.create", ["TrackingEventAdmin"]],
  // Not role-checked
  ["Auth.token", "unchecked"],
  ["Certs.getPublicKey", "unchecked"],
  ["UserInfo.getToken", "unchecked"]
]

describe("roles", () => {
  describe("requiredRoles follows CONVENTIONS.md section 3", () => {
    for (const [id, expected] of table) {
      it(`${id} -> ${typeof expected === "string" ? expected : expected.join(" | ")}`, () => {
        assert.deepStrictEqual(required(id), expected)
      })
    }

    it("the table above covers at least 30 operations", () => {
      assert.isAtLeast(table.length, 30)
    })
  })

  describe("every operation", () => {
    it("the operation table has its 620 operations", () => {
      assert.strictEqual(OperationTable.entries.length, 620)
    })

    it("is covered by a rule (none falls back to FullAccess only)", () => {
      const unmapped = OperationTable.entries.filter((entry) => Roles.resolve(entry) === undefined).map((e) => e.id)
      assert.deepStrictEqual(unmapped, [])
    })

    it("gets a non-empty answer", () => {
      for (const entry of OperationTable.entries) {
        const requirement = Roles.requiredRoles(entry)
        assert.isTrue(typeof requirement === "string" || requirement.length > 0, entry.id)
      }
    })

    it("never lists FullAccess or a role twice", () => {
      for (const entry of OperationTable.entries) {
        const requirement = Roles.requiredRoles(entry)
        if (typeof requirement === "string") continue
        assert.notInclude(requirement, "FullAccess", entry.id)
        assert.strictEqual(new Set(requirement).size, requirement.length, entry.id)
      }
    })

    it("reads never need more than writes of the same family: a write's roles all read too", () => {
      // For /x and /x/{id} pairs, anyone who may write may also read.
      for (const write of OperationTable.entries.filter((e) => e.method !== "GET")) {
        const read = OperationTable.entries.find((e) =>
          e.method === "GET" && e.path === write.path && e.resource === write.resource
        )
        if (read === undefined || read.id === "Orders.list") continue
        const readRoles = Roles.requiredRoles(read)
        const writeRoles = Roles.requiredRoles(write)
        if (typeof readRoles === "string" || typeof writeRoles === "string") continue
        for (const role of writeRoles) assert.include(readRoles, role, `${write.id} vs ${read.id}`)
      }
    })

    it("only /oauth/* and the forgotten-credentials calls are unchecked", () => {
      const unchecked = OperationTable.entries.filter((e) => Roles.requiredRoles(e) === "unchecked").map((e) => e.id)
        .sort()
      assert.deepStrictEqual(unchecked, [
        "Auth.token",
        "Certs.getPublicKey",
        "ForgottenCredentials.resetPasswordByVerificationCode",
        "ForgottenCredentials.retrieveUsername",
        "ForgottenCredentials.sendOneTimePassword",
        "ForgottenCredentials.sendVerificationCode",
        "UserInfo.getToken"
      ])
    })

    it("any valid token is enough only for GET /me, GET /me/usergroups and DELETE /me/tokens", () => {
      const open = OperationTable.entries.filter((e) => Roles.requiredRoles(e) === "any-authenticated").map((e) => e.id)
        .sort()
      assert.deepStrictEqual(open, ["Me.get", "Me.listUserGroups", "Me.revokeTokens"])
    })
  })

  describe("against api-roles.json", () => {
    it("every role named is an ApiRole", () => {
      const rolesFile = new URL("../../../spec/ordercloud/api-roles.json", import.meta.url)
      const known = new Set<string>(JSON.parse(readFileSync(rolesFile, "utf8")))
      assert.strictEqual(known.size, 92)
      for (const entry of OperationTable.entries) {
        const requirement = Roles.requiredRoles(entry)
        if (typeof requirement === "string") continue
        for (const role of requirement) assert.isTrue(known.has(role), `${entry.id}: ${role}`)
      }
      for (const role of Roles.unmapped) assert.isTrue(known.has(role))
    })
  })

  describe("check", () => {
    it("passes with one of the sufficient roles", () => {
      assert.deepStrictEqual(Roles.check(["ProductAdmin", "ProductReader"], ["ProductReader"]), { ok: true })
      assert.deepStrictEqual(Roles.check(["OrderAdmin", "Shopper"], ["MeAdmin", "Shopper", "MyCustomRole"]), {
        ok: true
      })
    })

    it("FullAccess satisfies every requirement of the table", () => {
      for (const entry of OperationTable.entries) {
        assert.isTrue(Roles.check(Roles.requiredRoles(entry), ["FullAccess"]).ok, entry.id)
      }
      assert.isTrue(Roles.check(Roles.unmapped, ["FullAccess"]).ok)
    })

    it("any-authenticated and unchecked pass with no roles at all", () => {
      assert.deepStrictEqual(Roles.check("any-authenticated", []), { ok: true })
      assert.deepStrictEqual(Roles.check("unchecked", []), { ok: true })
    })

    it("a missing role answers the InsufficientRoles body", () => {
      assert.deepStrictEqual(Roles.check(["ProductAdmin"], ["ProductReader", "Shopper"]), {
        ok: false,
        body: {
          Errors: [{
            ErrorCode: "InsufficientRoles",
            Message: "User does not have role(s) required to perform this action.",
            Data: {
              SufficientRoles: ["ProductAdmin", "FullAccess"],
              AssignedRoles: ["ProductReader", "Shopper"]
            }
          }]
        }
      })
    })

    it("a token with no roles fails and reports none assigned", () => {
      const result = Roles.check(required("Orders.list"), [])
      assert.isFalse(result.ok)
      if (!result.ok) {
        assert.strictEqual(result.body.Errors.length, 1)
        assert.deepStrictEqual(result.body.Errors[0].Data, {
          SufficientRoles: ["OrderAdmin", "OrderReader", "FullAccess"],
          AssignedRoles: []
        })
      }
    })

    it("custom roles and similar names unlock nothing", () => {
      assert.isFalse(Roles.check(["ProductAdmin"], ["productadmin", "ProductAdmin ", "Product"]).ok)
      assert.isFalse(Roles.check(required("Products.create"), ["ProductReader", "ProductAssignmentAdmin"]).ok)
      assert.isFalse(Roles.check(required("Orders.list"), ["Shopper"]).ok)
      assert.isFalse(Roles.check(required("Me.patch"), ["Shopper"]).ok)
    })

    it("the body is plain JSON", () => {
      const result = Roles.check(["WebhookAdmin"], ["WebhookReader"])
      assert.isFalse(result.ok)
      if (!result.ok) assert.deepStrictEqual(JSON.parse(JSON.stringify(result.body)), result.body)
    })
  })
})
