/**
 * The marketplace a sandbox starts with, and the credentials to use it.
 *
 * | who | how |
 * |---|---|
 * | seller (back office) | client credentials: `adminClientID` + `adminClientSecret` (acts as user `admin`, FullAccess); or password `admin` / `adminPassword` with `adminClientID` + secret |
 * | buyer user | password: `buyerUsername` / `buyerPassword` with `storefrontClientID` (roles `Shopper`, `MeAdmin`, `MeAddressAdmin`, `MeCreditCardAdmin`) |
 * | anonymous shopper | client credentials with `storefrontClientID` and no secret |
 *
 * Data: buyer `buyer-1` with its catalog (`buyer-1`, assigned with
 * ViewAllProducts), five active products in it with price schedules (one
 * with quantity breaks), and security profiles assigned as above.
 *
 * @since 0.1.0
 */

/**
 * A seed: objects per collection (`products`, `buyers/buyer-1/users`, and
 * `assignments:<path>` for assignments such as
 * `assignments:catalogs/productassignments`), in the form OrderCloud sends
 * them.
 *
 * @since 0.1.0
 * @category models
 */
export interface Seed {
  readonly collections: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>
}

/** @since 0.1.0 @category credentials */
export const marketplaceID = "sandbox-marketplace"
/** @since 0.1.0 @category credentials */
export const adminClientID = "sandbox-admin"
/** @since 0.1.0 @category credentials */
export const adminClientSecret = "sandbox-admin-secret"
/** @since 0.1.0 @category credentials */
export const adminUsername = "admin"
/** @since 0.1.0 @category credentials */
export const adminPassword = "Sandbox-Admin-1"
/** @since 0.1.0 @category credentials */
export const storefrontClientID = "sandbox-storefront"
/** @since 0.1.0 @category credentials */
export const buyerID = "buyer-1"
/** @since 0.1.0 @category credentials */
export const buyerUsername = "buyer01"
/** @since 0.1.0 @category credentials */
export const buyerPassword = "Sandbox-Buyer-1"

const product = (id: string, name: string, priceScheduleID: string) => ({
  ID: id,
  Name: name,
  Description: `${name}, from the sandbox catalog`,
  Active: true,
  DefaultPriceScheduleID: priceScheduleID,
  QuantityMultiplier: 1,
  xp: { Color: id.endsWith("1") || id.endsWith("3") ? "red" : "blue" }
})

const schedule = (id: string, price: number, breaks: ReadonlyArray<readonly [number, number]> = []) => ({
  ID: id,
  Name: `${id} pricing`,
  MinQuantity: 1,
  MaxQuantity: 100,
  RestrictedQuantity: false,
  UseCumulativeQuantity: false,
  Currency: "USD",
  PriceBreaks: [{ Quantity: 1, Price: price }, ...breaks.map(([Quantity, Price]) => ({ Quantity, Price }))]
})

/**
 * The default marketplace.
 *
 * @since 0.1.0
 * @category seeds
 */
export const marketplace: Seed = {
  collections: {
    apiclients: [
      {
        ID: adminClientID,
        AppName: "Sandbox back office",
        Active: true,
        ClientSecret: adminClientSecret,
        AccessTokenDuration: 600,
        RefreshTokenDuration: 0,
        DefaultContextUserName: adminUsername,
        AllowSeller: true,
        AllowAnyBuyer: false,
        IsAnonBuyer: false
      },
      {
        ID: storefrontClientID,
        AppName: "Sandbox storefront",
        Active: true,
        AccessTokenDuration: 600,
        RefreshTokenDuration: 1440,
        AnonymousTokenDuration: 10080,
        DefaultContextUserName: "guest-shopper",
        AllowAnyBuyer: true,
        IsAnonBuyer: true
      }
    ],
    adminusers: [
      {
        ID: "admin",
        Username: adminUsername,
        Password: adminPassword,
        FirstName: "Sandbox",
        LastName: "Admin",
        Email: "admin@sandbox.test",
        Active: true
      }
    ],
    securityprofiles: [
      { ID: "full-access", Name: "Full access", Roles: ["FullAccess"], CustomRoles: [] },
      {
        ID: "shopper",
        Name: "Shopper",
        Roles: ["Shopper", "MeAdmin", "MeAddressAdmin", "MeCreditCardAdmin"],
        CustomRoles: []
      }
    ],
    "assignments:securityprofiles/assignments": [
      { SecurityProfileID: "full-access" },
      { SecurityProfileID: "shopper", BuyerID: buyerID }
    ],
    buyers: [{ ID: buyerID, Name: "Sandbox Buyer", Active: true, DefaultCatalogID: buyerID }],
    [`buyers/${buyerID}/users`]: [
      {
        ID: "buyer01",
        Username: buyerUsername,
        Password: buyerPassword,
        FirstName: "Bea",
        LastName: "Buyer",
        Email: "buyer01@sandbox.test",
        Active: true
      },
      {
        ID: "guest-shopper",
        Username: "guest-shopper",
        FirstName: "Guest",
        LastName: "Shopper",
        Email: "guest@sandbox.test",
        Active: true
      }
    ],
    catalogs: [{ ID: buyerID, Name: "Sandbox catalog", Active: true }],
    "assignments:catalogs/assignments": [{
      CatalogID: buyerID,
      BuyerID: buyerID,
      ViewAllCategories: true,
      ViewAllProducts: true
    }],
    priceschedules: [
      schedule("ps-tee", 12),
      schedule("ps-mug", 9.5, [[10, 8], [50, 6.5]]),
      schedule("ps-cap", 15),
      schedule("ps-sock", 4),
      schedule("ps-bag", 30)
    ],
    products: [
      product("tee-01", "Sandbox Tee", "ps-tee"),
      product("mug-02", "Sandbox Mug", "ps-mug"),
      product("cap-03", "Sandbox Cap", "ps-cap"),
      product("sock-04", "Sandbox Socks", "ps-sock"),
      product("bag-05", "Sandbox Bag", "ps-bag")
    ],
    "assignments:catalogs/productassignments": ["tee-01", "mug-02", "cap-03", "sock-04", "bag-05"].map((ProductID) => ({
      CatalogID: buyerID,
      ProductID
    }))
  }
}

/**
 * A seed with `count` more products, for trying paging, listing and
 * `listAll` at scale: `p000000`, `p000001`, ..., named `Product N`, every
 * other one active, `xp.Color` red or blue, all priced by the tee's
 * schedule and in the buyer's catalog. `pnpm sandbox --products N`.
 *
 * @since 0.1.0
 * @category seeds
 */
export const withProducts = (seed: Seed, count: number): Seed => {
  const ids = Array.from({ length: Math.max(0, Math.floor(count)) }, (_, i) => `p${String(i).padStart(6, "0")}`)
  const { collections } = seed
  return {
    collections: {
      ...collections,
      products: [
        ...(collections["products"] ?? []),
        ...ids.map((ID, i) => ({
          ID,
          Name: `Product ${i}`,
          Active: i % 2 === 0,
          DefaultPriceScheduleID: "ps-tee",
          QuantityMultiplier: 1,
          xp: { Color: i % 3 === 0 ? "red" : "blue" }
        }))
      ],
      "assignments:catalogs/productassignments": [
        ...(collections["assignments:catalogs/productassignments"] ?? []),
        ...ids.map((ProductID) => ({ CatalogID: buyerID, ProductID }))
      ]
    }
  }
}
