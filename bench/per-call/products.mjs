/**
 * The canned data of the per-call benchmark: products with every field of
 * the generated `Product` model filled the way a live marketplace fills them
 * (dates, inventory, a description, an xp object with strings, a number
 * and arrays), about 850 bytes of JSON each, and the token every client
 * sends. Deterministic: the same bytes on every run.
 */

const brands = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum"]
const colors = ["Slate", "Forest", "Sand", "Navy", "Crimson", "Ivory", "Charcoal"]
const materials = ["organic cotton", "recycled polyester", "merino wool", "linen blend", "bamboo jersey"]
const kinds = ["Tee", "Hoodie", "Overshirt", "Cardigan", "Polo", "Jacket", "Trousers"]

/** The ID of product `i` (0-based). */
export const productId = (i) => `SKU-${String(100000 + i * 37)}`

const isoDate = (seconds) => new Date(Date.UTC(2025, 0, 1) + seconds * 1000).toISOString().replace(".000Z", "+00:00")

/** Product `i` as OrderCloud returns it (`GET /v1/products/{id}`). */
export const product = (i) => {
  const brand = brands[i % brands.length]
  const color = colors[i % colors.length]
  const material = materials[i % materials.length]
  const kind = kinds[i % kinds.length]
  return {
    OwnerID: "marketplace-owner",
    DefaultPriceScheduleID: `ps-${kind.toLowerCase()}-standard`,
    AutoForward: false,
    ID: productId(i),
    ParentID: null,
    IsParent: i % 5 === 0,
    IsBundle: false,
    Name: `${brand} ${color} ${kind}`,
    Description: `A ${color.toLowerCase()} ${kind.toLowerCase()} in ${material}.`,
    QuantityMultiplier: 1,
    ShipWeight: (35 + (i % 7) * 5) / 100,
    ShipHeight: 3,
    ShipWidth: 25,
    ShipLength: 30,
    Active: true,
    SpecCount: i % 5 === 0 ? 2 : 0,
    VariantCount: i % 5 === 0 ? 12 : 0,
    ShipFromAddressID: "warehouse-east",
    Inventory: {
      Enabled: true,
      NotificationPoint: 10,
      VariantLevelTracking: i % 5 === 0,
      OrderCanExceed: false,
      QuantityAvailable: 40 + ((i * 53) % 900),
      LastUpdated: isoDate(86400 * 200 + i * 3607)
    },
    DefaultSupplierID: brand.toLowerCase(),
    AllSuppliersCanSell: false,
    Returnable: true,
    DateCreated: isoDate(86400 * 30 + i * 7919),
    xp: {
      Brand: brand,
      Color: color,
      Rating: (35 + (i % 4) * 4) / 10,
      Tags: [kind.toLowerCase(), color.toLowerCase()],
      Images: [{ Url: `https://cdn.example.com/p/${productId(i)}.jpg` }]
    }
  }
}

/** How many products the canned page holds. */
export const pageSize = 100

/** The first page of `GET /v1/products?pageSize=100`, as OrderCloud returns it. */
export const page = () => ({
  Meta: {
    Facets: [],
    Page: 1,
    PageSize: pageSize,
    TotalCount: 2400,
    TotalPages: 24,
    ItemRange: [1, pageSize],
    NextPageKey: null
  },
  Items: Array.from({ length: pageSize }, (_, i) => product(i))
})

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url")

/**
 * A token shaped like OrderCloud's (a JWT whose payload names the user,
 * client, roles and expiry): the official SDK decodes it on every call to
 * check the expiry. The signature is filler; the canned server only compares.
 */
export const token = [
  base64url({ typ: "JWT", alg: "HS256" }),
  base64url({
    usr: "bench-admin",
    cid: "0f5c2a1e-6b1d-4c8e-9a77-2d3b4c5d6e7f",
    u: "1234567",
    usrtype: "admin",
    role: ["ProductAdmin", "ProductReader", "PriceScheduleAdmin", "CatalogAdmin", "BuyerAdmin", "OrderAdmin"],
    iss: "https://auth.ordercloud.io",
    aud: "https://api.ordercloud.io",
    exp: 4102444800,
    nbf: 1735689600
  }),
  "c2lnbmF0dXJlLW5vdC1jaGVja2VkLWJ5LXRoZS1jYW5uZWQtc2VydmVy"
].join(".")
