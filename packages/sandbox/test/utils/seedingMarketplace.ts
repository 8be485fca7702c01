/**
 * A marketplace in the shape of OrderCloud's seeding tool (`@ordercloud/seeding`):
 * at least one record of each of the 56 resource types the tool knows, wired
 * together as a real marketplace is (a buyer with its users, groups, addresses
 * and payment means; a supplier; a catalog with a category tree; products with
 * prices, specs, variants and inventory; every kind of assignment).
 */

/** The tool's stand-in for the marketplace's ID (its `OwnerID`, `SellerID`, `CompanyID`). */
export const marketplaceOwner = "<MarketplaceID placeholder>"

const address = (ID: string, AddressName: string) => ({
  ID,
  AddressName,
  FirstName: "Dock",
  LastName: "Manager",
  Street1: "1 Harbour Road",
  City: "Minneapolis",
  State: "MN",
  Zip: "55401",
  Country: "US"
})

const person = (ID: string, FirstName: string) => ({
  ID,
  Username: ID,
  FirstName,
  LastName: "Tester",
  Email: `${ID}@seeding.test`,
  Active: true
})

export const objects = {
  SecurityProfiles: [
    { ID: "sp-shopper", Name: "Shopper", Roles: ["Shopper", "MeAdmin"], CustomRoles: [] },
    { ID: "sp-admin", Name: "Administrator", Roles: ["FullAccess"], CustomRoles: ["catalog-editor"] }
  ],
  ImpersonationConfigs: [
    {
      ID: "imp-support",
      ImpersonationGroupID: "support",
      BuyerID: "b1",
      SecurityProfileID: "sp-shopper",
      ClientID: "storefront"
    }
  ],
  OpenIdConnects: [
    {
      ID: "oidc-staff",
      OrderCloudApiClientID: "backoffice",
      ConnectClientID: "staff-login",
      ConnectClientSecret: "oidc-client-secret",
      AppStartUrl: "https://admin.seeding.test/login?token={0}",
      AuthorizationEndpoint: "https://idp.seeding.test/authorize",
      TokenEndpoint: "https://idp.seeding.test/token",
      UrlEncoded: false,
      CallSyncUserIntegrationEvent: false
    }
  ],
  AdminUsers: [person("ada", "Ada")],
  AdminUserGroups: [{ ID: "support", Name: "Support" }],
  AdminAddresses: [address("warehouse", "Warehouse")],
  MessageSenders: [
    {
      ID: "mailer",
      Name: "Mailer",
      MessageTypes: ["OrderSubmitted", "ShipmentCreated"],
      URL: "https://hooks.seeding.test/mail",
      SharedKey: "mail-shared-key"
    }
  ],
  ApiClients: [
    {
      ID: "storefront",
      AppName: "Storefront",
      Active: true,
      AccessTokenDuration: 600,
      RefreshTokenDuration: 43200,
      AllowAnyBuyer: true,
      AllowSeller: false,
      IsAnonBuyer: false
    },
    {
      ID: "backoffice",
      AppName: "Back office",
      Active: true,
      ClientSecret: "backoffice-client-secret",
      AccessTokenDuration: 600,
      RefreshTokenDuration: 0,
      AllowSeller: true,
      AllowAnyBuyer: false,
      AllowAnySupplier: true,
      OrderCheckoutIntegrationEventID: "checkout"
    }
  ],
  Incrementors: [{ ID: "order-numbers", Name: "Order numbers", LastNumber: 100, LeftPaddingCount: 6 }],
  IntegrationEvents: [
    {
      ID: "checkout",
      Name: "Checkout",
      EventType: "OrderCheckout",
      CustomImplementationUrl: "https://hooks.seeding.test/checkout",
      HashKey: "checkout-hash-key",
      ElevatedRoles: ["OrderAdmin"]
    }
  ],
  Locales: [{ ID: "en-us", OwnerID: marketplaceOwner, Currency: "USD", Language: "en-US" }],
  Webhooks: [
    {
      ID: "order-submitted",
      Name: "Order submitted",
      Url: "https://hooks.seeding.test/orders",
      HashKey: "webhook-hash-key",
      ElevatedRoles: [],
      ApiClientIDs: ["storefront"],
      WebhookRoutes: [{ Route: "v1/orders/{direction}/{orderID}/submit", Verb: "POST" }],
      BeforeProcessRequest: false
    }
  ],
  XpIndices: [{ ThingType: "Order", Key: "Channel" }, { ThingType: "User", Key: "Region" }],
  Buyers: [{ ID: "b1", Name: "Buyer one", Active: true, DefaultCatalogID: "cat-1" }],
  Users: [{ BuyerID: "b1", ...person("bea", "Bea") }],
  UserGroups: [{ BuyerID: "b1", ID: "g1", Name: "Purchasers" }],
  Addresses: [{ BuyerID: "b1", ...address("a1", "Head office") }],
  CostCenters: [{ BuyerID: "b1", ID: "cc1", Name: "Marketing" }],
  CreditCards: [{
    BuyerID: "b1",
    ID: "card1",
    CardType: "Visa",
    CardholderName: "Bea Tester",
    PartialAccountNumber: "4242"
  }],
  SpendingAccounts: [{ BuyerID: "b1", ID: "budget", Name: "Budget", Balance: 500, AllowAsPaymentMethod: true }],
  ApprovalRules: [
    {
      BuyerID: "b1",
      ID: "big-orders",
      Name: "Big orders",
      ApprovingGroupID: "g1",
      RuleExpression: "order.Total > 1000"
    }
  ],
  Suppliers: [{ ID: "sup1", Name: "Supplier one", Active: true, AllBuyersCanOrder: false }],
  SupplierUsers: [{ SupplierID: "sup1", ...person("sam", "Sam") }],
  SupplierUserGroups: [{ SupplierID: "sup1", ID: "sg1", Name: "Fulfilment" }],
  SupplierAddresses: [{ SupplierID: "sup1", ...address("dock", "Dock") }],
  Catalogs: [{ ID: "cat-1", Name: "Catalog one", Active: true }],
  Categories: [
    { CatalogID: "cat-1", ID: "apparel", Name: "Apparel", Active: true, ParentID: null, ListOrder: 1 },
    { CatalogID: "cat-1", ID: "tees", Name: "Tees", Active: true, ParentID: "apparel", ListOrder: 1 },
    { CatalogID: "cat-1", ID: "plain-tees", Name: "Plain tees", Active: true, ParentID: "tees", ListOrder: 1 }
  ],
  Products: [
    {
      ID: "tee",
      Name: "Tee",
      Active: true,
      DefaultPriceScheduleID: "ps-shirt",
      QuantityMultiplier: 1,
      xp: { Color: "red" }
    },
    {
      ID: "hoodie",
      Name: "Hoodie",
      Active: true,
      DefaultPriceScheduleID: "ps-hoodie",
      QuantityMultiplier: 1,
      VariantCount: 2,
      Inventory: { Enabled: true, VariantLevelTracking: true, OrderCanExceed: false },
      xp: { Color: "grey" }
    },
    {
      ID: "mug",
      Name: "Mug",
      Active: true,
      DefaultPriceScheduleID: "ps-shirt",
      DefaultSupplierID: "sup1",
      ShipFromAddressID: "dock",
      QuantityMultiplier: 1,
      Inventory: { Enabled: true, VariantLevelTracking: false, OrderCanExceed: false },
      xp: { Color: "white" }
    }
  ],
  PriceSchedules: [
    {
      ID: "ps-shirt",
      Name: "Tee pricing",
      Currency: "USD",
      MinQuantity: 1,
      PriceBreaks: [{ Quantity: 1, Price: 12 }, { Quantity: 10, Price: 10 }]
    },
    {
      ID: "ps-hoodie",
      Name: "Hoodie pricing",
      Currency: "USD",
      MinQuantity: 1,
      PriceBreaks: [{ Quantity: 1, Price: 40 }]
    }
  ],
  Specs: [
    { ID: "size", Name: "Size", DefinesVariant: true, Required: true, AllowOpenText: false, DefaultOptionID: "m" },
    { ID: "engraving", Name: "Engraving", DefinesVariant: false, Required: false, AllowOpenText: true }
  ],
  SpecOptions: [
    { SpecID: "size", ID: "s", Value: "Small", ListOrder: 1 },
    { SpecID: "size", ID: "m", Value: "Medium", ListOrder: 2 }
  ],
  ProductFacets: [{ ID: "color", Name: "Color", XpPath: "Color", MinCount: 1 }],
  Promotions: [
    {
      ID: "ten-off",
      Code: "TENOFF",
      Name: "Ten off",
      EligibleExpression: "order.Subtotal > 50",
      ValueExpression: "10",
      CanCombine: false,
      AllowAllBuyers: false
    }
  ],
  Variants: [
    {
      ProductID: "hoodie",
      ID: "hoodie-s",
      Name: "Hoodie, small",
      Active: true,
      Specs: [{ SpecID: "size", OptionID: "s" }]
    },
    {
      ProductID: "hoodie",
      ID: "hoodie-m",
      Name: "Hoodie, medium",
      Active: true,
      Specs: [{ SpecID: "size", OptionID: "m" }]
    }
  ],
  InventoryRecords: [
    {
      ProductID: "mug",
      ID: "mug-stock",
      OwnerID: "sup1",
      AddressID: "dock",
      QuantityAvailable: 40,
      AllowAllBuyers: true
    }
  ],
  VariantInventoryRecords: [
    {
      ProductID: "hoodie",
      VariantID: "hoodie-s",
      ID: "hoodie-s-stock",
      OwnerID: marketplaceOwner,
      AddressID: "warehouse",
      QuantityAvailable: 5,
      AllowAllBuyers: true
    }
  ],
  SellerApprovalRules: [
    {
      ID: "seller-review",
      OwnerID: marketplaceOwner,
      Name: "Seller review",
      ApprovalType: "Order",
      ApprovingGroupID: "support",
      RuleExpression: "order.Total > 5000"
    }
  ]
}

export const assignments = {
  SecurityProfileAssignments: [
    { SecurityProfileID: "sp-shopper", BuyerID: "b1" },
    { SecurityProfileID: "sp-shopper", SupplierID: "sup1", UserGroupID: "sg1" },
    { SecurityProfileID: "sp-admin", UserGroupID: "support" }
  ],
  AdminUserGroupAssignments: [{ UserGroupID: "support", UserID: "ada" }],
  ApiClientAssignments: [{ ApiClientID: "storefront", BuyerID: "b1" }, {
    ApiClientID: "backoffice",
    SupplierID: "sup1"
  }],
  LocaleAssignments: [{ LocaleID: "en-us", BuyerID: "b1" }],
  UserGroupAssignments: [{ BuyerID: "b1", UserGroupID: "g1", UserID: "bea" }],
  AddressAssignments: [{ BuyerID: "b1", AddressID: "a1", UserGroupID: "g1", IsShipping: true, IsBilling: true }],
  CostCenterAssignments: [{ BuyerID: "b1", CostCenterID: "cc1", UserGroupID: "g1" }],
  CreditCardAssignments: [{ BuyerID: "b1", CreditCardID: "card1", UserID: "bea" }],
  SpendingAccountAssignments: [{ BuyerID: "b1", SpendingAccountID: "budget", UserGroupID: "g1", AllowExceed: false }],
  SupplierUserGroupsAssignments: [{ SupplierID: "sup1", UserGroupID: "sg1", UserID: "sam" }],
  ProductAssignments: [{ SellerID: marketplaceOwner, ProductID: "tee", BuyerID: "b1", PriceScheduleID: "ps-shirt" }],
  CatalogAssignments: [{ CatalogID: "cat-1", BuyerID: "b1", ViewAllCategories: true, ViewAllProducts: false }],
  ProductCatalogAssignment: [
    { CatalogID: "cat-1", ProductID: "tee" },
    { CatalogID: "cat-1", ProductID: "hoodie" },
    { CatalogID: "cat-1", ProductID: "mug" }
  ],
  CategoryAssignments: [{
    CatalogID: "cat-1",
    CategoryID: "apparel",
    BuyerID: "b1",
    Visible: true,
    ViewAllProducts: true
  }],
  CategoryProductAssignments: [{ CatalogID: "cat-1", CategoryID: "plain-tees", ProductID: "tee", ListOrder: 1 }],
  SpecProductAssignments: [{ SpecID: "size", ProductID: "hoodie" }, { SpecID: "engraving", ProductID: "mug" }],
  PromotionAssignments: [{ PromotionID: "ten-off", BuyerID: "b1" }],
  ProductSupplierAssignments: [{ ProductID: "mug", SupplierID: "sup1" }],
  SupplierBuyerAssignments: [{ SupplierID: "sup1", BuyerID: "b1" }]
}
