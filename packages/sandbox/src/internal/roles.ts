/**
 * The roles each operation requires (CONVENTIONS.md section 3), as data: a
 * role family per resource plus a few explicit entries, and the check that
 * answers 403 with OrderCloud's `InsufficientRoles` body.
 *
 * How an operation is resolved, first match wins:
 * 1. an explicit entry by operation id (`Users.getAccessToken`, ...);
 * 2. `/oauth/*` and the forgotten-credentials endpoints: `"unchecked"`;
 * 3. `/me/*` and `/cart/*`: the Me rules (`Shopper` reads and own-order
 *    writes, the cart included; `MeAdmin`, `MeAddressAdmin`, `MeCreditCardAdmin`,
 *    `MeSubscriptionAdmin` for personal data; `GET /me` and
 *    `GET /me/usergroups` need any valid token);
 * 4. everything under one order (`/orders/{direction}/{orderID}/...`),
 *    whatever its resource (`LineItems`, `Payments`, `BundleLineItems`, the
 *    order-scoped `IntegrationEvents` calls): the order rules;
 * 5. the resource's family: `GET` needs the family's read roles (`XAdmin`,
 *    `XReader`), any other method its write roles (`XAdmin`); some families
 *    name other roles for their assignment endpoints
 *    (`ProductAssignmentAdmin`, `BundleAssignmentAdmin`,
 *    `MessageConfigAssignmentAdmin`, `SetSecurityProfile`).
 *
 * The lists hold the roles any ONE of which suffices. `FullAccess` is left
 * out of them because it suffices everywhere: {@link check} accepts it and
 * names it in the 403 body. Override roles (`OverrideUnitPrice`,
 * `OverrideShipping`, `OverrideTax`) and `UnsubmittedOrderReader` only widen
 * what an already allowed caller may do, so they never appear here.
 *
 * @internal
 */
import type { ApiRole } from "@ordercloud-effect/resources/models/ApiRole"

/**
 * What an operation requires of the token's roles. A list: the token must
 * hold one of them (or `FullAccess`). `"any-authenticated"`: any valid token
 * will do, whatever its roles. `"unchecked"`: the role check does not apply
 * (the `/oauth/*` endpoints and the forgotten-credentials calls, which
 * OrderCloud serves to callers who cannot log in); whether a token is needed
 * at all is the operation table's `authenticated` flag, not this module's.
 *
 * @internal
 */
export type Requirement = ReadonlyArray<ApiRole> | "any-authenticated" | "unchecked"

/**
 * The parts of an operation-table entry the rules read.
 *
 * @internal
 */
export interface Operation {
  readonly id: string
  readonly operationId: string
  readonly resource: string
  readonly method: string
  readonly path: string
}

/**
 * The body of the 403 answer (CONVENTIONS.md 3 and 4).
 *
 * @internal
 */
export interface InsufficientRolesBody {
  readonly Errors: readonly [{
    readonly ErrorCode: "InsufficientRoles"
    readonly Message: "User does not have role(s) required to perform this action."
    readonly Data: {
      /** The roles any one of which would have sufficed, `FullAccess` last. */
      readonly SufficientRoles: ReadonlyArray<string>
      /** The roles the token carries. */
      readonly AssignedRoles: ReadonlyArray<string>
    }
  }]
}

/**
 * The result of {@link check}.
 *
 * @internal
 */
export type Checked =
  | { readonly ok: true }
  | { readonly ok: false; readonly body: InsufficientRolesBody }

/**
 * Where an unmapped operation would fall: only `FullAccess`. {@link resolve}
 * maps every operation of the table, a test keeps it so, and this fallback
 * keeps an operation added later closed rather than open.
 *
 * @internal
 */
export const unmapped: Requirement = ["FullAccess"]

/**
 * The roles an operation requires; never fails (see {@link unmapped}).
 *
 * @internal
 */
export const requiredRoles = (operation: Operation): Requirement => resolve(operation) ?? unmapped

/**
 * The roles an operation requires by the rules of this module, or
 * `undefined` when no rule covers it.
 *
 * @internal
 */
export const resolve = (operation: Operation): Requirement | undefined => {
  const explicitEntry = explicit[operation.id]
  if (explicitEntry !== undefined) return explicitEntry
  const segments = operation.path.split("/").filter((segment) => segment !== "")
  const read = operation.method === "GET"
  switch (segments[0]) {
    case "oauth":
    case "password":
    case "username":
      return "unchecked"
    case "me":
      return meRule(segments, operation.method)
    case "cart":
      // The caller's own unsubmitted order: Shopper, as the other Me calls.
      return shopper
    case "orders":
      if (segments.length === 2) return read ? orderList : orderWrite
      return read ? orderRead : orderWrite
  }
  const family = families[operation.resource]
  if (family === undefined) return undefined
  const assignments = family.assignments
  const roles = assignments !== undefined && segments.some((s) => assignments.segments.includes(s.toLowerCase()))
    ? assignments
    : family
  const answer = read ? roles.read : roles.write
  // An empty list is a family without that kind of operation: no rule.
  return answer.length === 0 ? undefined : answer
}

/**
 * Whether roles satisfy a requirement: one of the required roles, or
 * `FullAccess`, is among them. On failure, the 403 body listing the
 * sufficient roles (with `FullAccess`) and the token's roles.
 *
 * @internal
 */
export const check = (required: Requirement, tokenRoles: ReadonlyArray<string>): Checked => {
  if (required === "any-authenticated" || required === "unchecked") return { ok: true }
  if (tokenRoles.includes("FullAccess") || required.some((role) => tokenRoles.includes(role))) return { ok: true }
  return {
    ok: false,
    body: {
      Errors: [{
        ErrorCode: "InsufficientRoles",
        Message: "User does not have role(s) required to perform this action.",
        Data: {
          SufficientRoles: required.includes("FullAccess") ? [...required] : [...required, "FullAccess"],
          AssignedRoles: [...tokenRoles]
        }
      }]
    }
  }
}

// ---------------------------------------------------------------------------
// data
// ---------------------------------------------------------------------------

interface Roles {
  readonly read: ReadonlyArray<ApiRole>
  readonly write: ReadonlyArray<ApiRole>
}

interface Family extends Roles {
  /** Other roles for paths with one of these (lower-cased) segments. */
  readonly assignments?: Roles & { readonly segments: ReadonlyArray<string> }
}

/** The XAdmin/XReader rule: reads take either, writes the admin role. */
const x = (admin: ApiRole, reader?: ApiRole): Family => ({
  read: reader === undefined ? [admin] : [admin, reader],
  write: [admin]
})

const shopper: ReadonlyArray<ApiRole> = ["Shopper"]
/** `GET /orders/{direction}`: shoppers list their orders at `/me/orders`. */
const orderList: ReadonlyArray<ApiRole> = ["OrderAdmin", "OrderReader"]
/** Reading one order and what hangs under it. */
const orderRead: ReadonlyArray<ApiRole> = ["OrderAdmin", "OrderReader", "Shopper"]
/** Creating, editing and moving an order through checkout and approval. */
const orderWrite: ReadonlyArray<ApiRole> = ["OrderAdmin", "Shopper"]
/** Seller-side order actions and payment transactions. */
const orderAdmin: ReadonlyArray<ApiRole> = ["OrderAdmin"]

/** Role families by the operation table's `resource`. */
const families: Readonly<Record<string, Family>> = {
  AdminAddresses: x("AdminAddressAdmin", "AdminAddressReader"),
  AdminUserGroups: x("AdminUserGroupAdmin", "AdminUserGroupReader"),
  AdminUsers: x("AdminUserAdmin", "AdminUserReader"),
  Addresses: x("AddressAdmin", "AddressReader"),
  ApiClients: x("ApiClientAdmin", "ApiClientReader"),
  ApprovalRules: x("ApprovalRuleAdmin", "ApprovalRuleReader"),
  SellerApprovalRules: x("ApprovalRuleAdmin", "ApprovalRuleReader"),
  Bundles: {
    ...x("BundleAdmin", "BundleReader"),
    // Which buyers see a bundle, as ProductAssignmentAdmin for products;
    // `productassignments` (what a bundle holds) stays with BundleAdmin.
    assignments: {
      segments: ["assignments"],
      read: ["BundleAdmin", "BundleAssignmentAdmin", "BundleReader"],
      write: ["BundleAdmin", "BundleAssignmentAdmin"]
    }
  },
  Buyers: x("BuyerAdmin", "BuyerReader"),
  Catalogs: x("CatalogAdmin", "CatalogReader"),
  Categories: x("CategoryAdmin", "CategoryReader"),
  CostCenters: x("CostCenterAdmin", "CostCenterReader"),
  CreditCards: x("CreditCardAdmin", "CreditCardReader"),
  DeliveryConfigurations: x("DeliveryConfigAdmin"),
  EntitySynchronization: x("EntitySyncConfigAdmin"),
  ErrorConfigs: x("ErrorConfigAdmin"),
  // [guess] CONVENTIONS: 2018 SetSecurityProfile, current maybe also
  // BuyerImpersonation. Reads take either; writes keep SetSecurityProfile, so
  // an impersonator cannot widen whom it may impersonate.
  ImpersonationConfigs: { read: ["SetSecurityProfile", "BuyerImpersonation"], write: ["SetSecurityProfile"] },
  Incrementors: x("IncrementorAdmin", "IncrementorReader"),
  IntegrationEvents: x("IntegrationEventAdmin", "IntegrationEventReader"),
  // [guess] No role of their own: the integration settings of a domain belong
  // to that domain's admin role (settings may hold credentials: no readers).
  InventoryIntegrations: x("ProductAdmin"),
  PromotionIntegrations: x("PromotionAdmin"),
  SubscriptionIntegrations: x("SubscriptionAdmin"),
  InventoryRecords: x("ProductAdmin", "ProductReader"),
  Locales: x("LocaleAdmin", "LocaleReader"),
  MessageSenders: {
    ...x("MessageSenderAdmin", "MessageSenderReader"),
    assignments: {
      segments: ["assignments", "cclistenerassignments"],
      read: ["MessageSenderAdmin", "MessageConfigAssignmentAdmin", "MessageSenderReader"],
      write: ["MessageSenderAdmin", "MessageConfigAssignmentAdmin"]
    }
  },
  OpenIdConnects: x("OpenIDConnectAdmin", "OpenIDConnectReader"),
  // No `/me/orderreturns`: buyers create and follow their returns here.
  OrderReturns: { read: orderRead, write: orderWrite },
  OrderSynchronization: x("OrderSyncConfigAdmin"),
  PriceSchedules: x("PriceScheduleAdmin", "PriceScheduleReader"),
  // Read-only resource; a write added later stays unmapped.
  ProductCollections: { read: ["ProductCollectionReader"], write: [] },
  ProductFacets: x("ProductFacetAdmin", "ProductFacetReader"),
  ProductSynchronization: x("ProductSyncConfigAdmin"),
  Products: {
    ...x("ProductAdmin", "ProductReader"),
    assignments: {
      segments: ["assignments"],
      read: ["ProductAdmin", "ProductAssignmentAdmin", "ProductReader"],
      write: ["ProductAdmin", "ProductAssignmentAdmin"]
    }
  },
  Promotions: x("PromotionAdmin", "PromotionReader"),
  SecurityProfiles: {
    ...x("SecurityProfileAdmin", "SecurityProfileReader"),
    assignments: {
      segments: ["assignments"],
      read: ["SecurityProfileAdmin", "SetSecurityProfile"],
      write: ["SecurityProfileAdmin", "SetSecurityProfile"]
    }
  },
  Shipments: x("ShipmentAdmin", "ShipmentReader"),
  Specs: x("ProductAdmin", "ProductReader"),
  SpendingAccounts: x("SpendingAccountAdmin", "SpendingAccountReader"),
  Subscriptions: x("SubscriptionAdmin", "SubscriptionReader"),
  SubscriptionItems: x("SubscriptionAdmin", "SubscriptionReader"),
  BundleSubscriptionItems: x("SubscriptionAdmin", "SubscriptionReader"),
  SupplierAddresses: x("SupplierAddressAdmin", "SupplierAddressReader"),
  SupplierUserGroups: x("SupplierUserGroupAdmin", "SupplierUserGroupReader"),
  SupplierUsers: x("SupplierUserAdmin", "SupplierUserReader"),
  Suppliers: x("SupplierAdmin", "SupplierReader"),
  TrackingEvents: x("TrackingEventAdmin", "TrackingEventReader"),
  UserGroups: x("UserGroupAdmin", "UserGroupReader"),
  Users: x("BuyerUserAdmin", "BuyerUserReader"),
  Webhooks: x("WebhookAdmin", "WebhookReader"),
  XpIndices: x("XpIndexAdmin")
}

/** Operations the rules above would answer differently, by id. */
const explicit: Readonly<Record<string, Requirement>> = {
  // Impersonation token: BuyerImpersonation (plus a matching
  // ImpersonationConfig, which the token endpoint checks).
  "Users.getAccessToken": ["BuyerImpersonation"],
  // Line items across orders: a list, like `GET /orders/{direction}`.
  "LineItems.listAcrossOrders": orderList,
  // Ship an order: order or shipment admins.
  "Orders.ship": ["OrderAdmin", "ShipmentAdmin"],
  // Seller-side order actions [guess]: not in the Shopper list of
  // CONVENTIONS (create/patch/submit/cancel/approve/decline).
  "Orders.complete": orderAdmin,
  "Orders.forward": orderAdmin,
  "Orders.split": orderAdmin,
  // Payment transactions: OrderAdmin only, on orders and on the cart.
  "Payments.createTransaction": orderAdmin,
  "Payments.deleteTransaction": orderAdmin,
  "Cart.createPaymentTransaction": orderAdmin,
  "Cart.deletePaymentTransaction": orderAdmin,
  // A group-order invitee (often a guest) trades the invitation for a token.
  "GroupOrders.getToken": shopper
}

const meRule = (segments: ReadonlyArray<string>, method: string): Requirement | undefined => {
  const read = method === "GET"
  const area = segments[1]?.toLowerCase()
  switch (area) {
    case undefined:
      // GET /me: any token; PUT /me: MeAdmin; PATCH may be an xp-only edit.
      return read ? "any-authenticated" : method === "PATCH" ? ["MeAdmin", "MeXpAdmin"] : ["MeAdmin"]
    case "usergroups":
      return read ? "any-authenticated" : undefined
    case "addresses":
      return read ? ["MeAddressAdmin", "Shopper"] : ["MeAddressAdmin"]
    case "creditcards":
      return read ? ["MeCreditCardAdmin", "Shopper"] : ["MeCreditCardAdmin"]
    case "subscriptions":
      return read ? ["MeSubscriptionAdmin", "Shopper"] : ["MeSubscriptionAdmin"]
    case "password":
      // [guess] Reset by token: the one-time-password login grants PasswordReset.
      return ["PasswordReset"]
    case "tokens":
      // [guess] Revoking one's own tokens (log out everywhere) needs no role.
      return "any-authenticated"
    default:
      // Products, catalogs, orders, shipments, ...: Shopper reads; own orders,
      // group-order invitations, product collections, `register` and the
      // guest-order transfer (`PUT /me/orders`): Shopper writes.
      return shopper
  }
}
