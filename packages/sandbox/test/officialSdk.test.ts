/**
 * The official JavaScript SDK (`ordercloud-javascript-sdk`) against
 * `pnpm sandbox`, used as its own README shows: `Configuration.Set` with the
 * sandbox's URL, `Auth.*` for tokens, `Tokens.SetAccessToken`, the resource
 * classes, `OrderCloudError` for failures. The commerce flow end to end (the
 * seller's catalog and priced product, the buyer's order, the seller's
 * incoming order), impersonation, and the 401, 403, 404 and 409 answers as
 * the SDK surfaces them.
 */
import {
  Auth,
  Catalogs,
  Categories,
  Configuration,
  ImpersonationConfigs,
  LineItems,
  Me,
  Orders,
  PriceSchedules,
  Products,
  Tokens,
  Users
} from "ordercloud-javascript-sdk"
import type { OrderCloudError } from "ordercloud-javascript-sdk"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import * as Seed from "../src/Seed.js"
import { type SandboxProcess, startSandbox } from "./utils/process.js"

let sandbox: SandboxProcess

beforeAll(async () => {
  sandbox = await startSandbox()
  Configuration.Set({ baseApiUrl: sandbox.url })
}, 120_000)

afterAll(async () => {
  Tokens.RemoveAccessToken()
  Tokens.RemoveImpersonationToken()
  await sandbox?.stop()
}, 30_000)

const sellerToken = async () =>
  (await Auth.ClientCredentials(Seed.adminClientSecret, Seed.adminClientID, ["FullAccess"])).access_token

const buyerToken = async () =>
  (await Auth.Login(Seed.buyerUsername, Seed.buyerPassword, Seed.storefrontClientID, ["Shopper", "MeAdmin"]))
    .access_token

/** The SDK README's test for an answer outside 2xx. */
const isOrderCloudError = (error: unknown): error is OrderCloudError =>
  typeof error === "object" && error !== null && "isOrderCloudError" in error && error.isOrderCloudError === true

/** What a failed call rejects with: the SDK's `OrderCloudError`, its status and error codes. */
const failure = async (call: Promise<unknown>) => {
  const error: unknown = await call.then(() => undefined, (e: unknown) => e)
  if (!isOrderCloudError(error)) return assert.fail(`expected an OrderCloudError, got ${String(error)}`)
  return { status: error.status, errorCode: error.errorCode, errors: error.errors ?? [] }
}

describe("the official JavaScript SDK against pnpm sandbox", () => {
  it(
    "the seller sets up a catalog and a priced product; the buyer orders and submits; the seller sees and patches the incoming order",
    async () => {
      // The seller, as a back office would: client credentials.
      Tokens.SetAccessToken(await sellerToken())
      await Catalogs.Create({ ID: "sdk-catalog", Name: "SDK catalog", Active: true })
      await Categories.Create("sdk-catalog", { ID: "lighting", Name: "Lighting", Active: true })
      await PriceSchedules.Create({
        ID: "ps-lamp",
        Name: "Lamp pricing",
        Currency: "USD",
        MinQuantity: 1,
        PriceBreaks: [{ Quantity: 1, Price: 25 }, { Quantity: 5, Price: 20 }]
      })
      const created = await Products.Create({
        ID: "sdk-lamp",
        Name: "Desk lamp",
        Description: "A lamp for the desk",
        Active: true,
        DefaultPriceScheduleID: "ps-lamp",
        QuantityMultiplier: 1,
        xp: { Finish: "brass" }
      })
      assert.strictEqual(created.ID, "sdk-lamp")
      await Catalogs.SaveAssignment({
        CatalogID: "sdk-catalog",
        BuyerID: Seed.buyerID,
        ViewAllCategories: true,
        ViewAllProducts: true
      })
      await Catalogs.SaveProductAssignment({ CatalogID: "sdk-catalog", ProductID: "sdk-lamp" })
      await Categories.SaveProductAssignment("sdk-catalog", { CategoryID: "lighting", ProductID: "sdk-lamp" })
      const catalogs = await Catalogs.ListAssignments({ buyerID: Seed.buyerID })
      assert.includeDeepMembers(
        catalogs.Items.map((a) => [a.CatalogID, a.BuyerID]),
        [["sdk-catalog", Seed.buyerID], [Seed.buyerID, Seed.buyerID]]
      )
      const products = await Catalogs.ListProductAssignments({ catalogID: "sdk-catalog" })
      assert.deepStrictEqual(products.Items.map((a) => a.ProductID), ["sdk-lamp"])

      // The buyer, as a storefront would: a password login.
      Tokens.SetAccessToken(await buyerToken())
      const visible = await Me.ListProducts({ catalogID: "sdk-catalog", categoryID: "lighting", search: "lamp" })
      assert.deepStrictEqual(visible.Items.map((p) => p.ID), ["sdk-lamp"])
      const lamp = visible.Items[0]!
      assert.deepStrictEqual(lamp.PriceSchedule?.PriceBreaks?.map((b) => [b.Quantity, b.Price]), [[1, 25], [5, 20]])
      assert.strictEqual((await Me.GetProduct("sdk-lamp")).Name, "Desk lamp")

      const order = await Orders.Create("Outgoing", { Comments: "For the new office" })
      assert.strictEqual(order.Status, "Unsubmitted")
      const line = await LineItems.Create("Outgoing", order.ID, { ProductID: "sdk-lamp", Quantity: 6 })
      assert.strictEqual(line.UnitPrice, 20)
      assert.strictEqual(line.LineTotal, 120)
      const submitted = await Orders.Submit("Outgoing", order.ID)
      assert.strictEqual(submitted.Status, "Open")
      assert.isTrue(submitted.IsSubmitted)
      assert.strictEqual(submitted.Subtotal, 120)
      const mine = await Me.ListOrders({ filters: { ID: order.ID } })
      assert.deepStrictEqual(mine.Items.map((o) => o.Status), ["Open"])

      // The seller again: the order arrives as incoming, and the seller patches it.
      Tokens.SetAccessToken(await sellerToken())
      const incoming = await Orders.List("Incoming", { filters: { Status: "Open" } })
      const arrived = incoming.Items.find((o) => o.ID === order.ID)
      assert.isDefined(arrived)
      assert.strictEqual(arrived!.FromUser?.Username, Seed.buyerUsername)
      assert.strictEqual(arrived!.Total, 120)
      const lines = await LineItems.List("Incoming", order.ID)
      assert.deepStrictEqual(lines.Items.map((l) => [l.ProductID, l.Quantity]), [["sdk-lamp", 6]])
      const patched = await Orders.Patch("Incoming", order.ID, { Comments: "Packed", xp: { Priority: "high" } })
      assert.strictEqual(patched.Comments, "Packed")
      assert.deepStrictEqual(patched.xp, { Priority: "high" })
      assert.strictEqual((await Orders.Get("Incoming", order.ID)).Comments, "Packed")
    },
    60_000
  )

  it(
    "impersonation: with a config that allows it, the seller's impersonation token acts as the buyer user",
    async () => {
      Tokens.SetAccessToken(await sellerToken())
      const refused = await failure(
        Users.GetAccessToken(Seed.buyerID, "buyer01", { ClientID: Seed.storefrontClientID, Roles: ["Shopper"] })
      )
      assert.strictEqual(refused.status, 403)

      await ImpersonationConfigs.Create({
        ID: "sdk-support",
        BuyerID: Seed.buyerID,
        SecurityProfileID: "shopper",
        ClientID: Seed.storefrontClientID
      })
      const impersonation = await Users.GetAccessToken(Seed.buyerID, "buyer01", {
        ClientID: Seed.storefrontClientID,
        Roles: ["Shopper", "MeAdmin"]
      })
      Tokens.SetImpersonationToken(impersonation.access_token)
      assert.strictEqual((await Me.As().Get()).Username, Seed.buyerUsername)
      assert.strictEqual((await Me.Get()).Username, Seed.adminUsername)
      const cart = await Orders.As().Create("Outgoing", {})
      assert.strictEqual(cart.FromUser?.Username, Seed.buyerUsername)
    },
    60_000
  )

  it(
    "401: a token the sandbox did not sign is refused, and the SDK rejects with OrderCloudError status 401",
    async () => {
      const [header, payload] = (await sellerToken()).split(".")
      const forged = `${header}.${payload}.${Buffer.from("not the sandbox's signature").toString("base64url")}`
      const answer = await failure(Products.List(undefined, { accessToken: forged }))
      assert.strictEqual(answer.status, 401)
      assert.strictEqual(answer.errorCode, "InvalidToken")
    },
    30_000
  )

  it("403: a buyer creating a product gets status 403, InsufficientRoles", async () => {
    const answer = await failure(Products.Create({ ID: "not-mine", Name: "Nope" }, { accessToken: await buyerToken() }))
    assert.strictEqual(answer.status, 403)
    assert.strictEqual(answer.errorCode, "InsufficientRoles")
    assert.include(answer.errors[0]?.Data?.SufficientRoles, "ProductAdmin")
  }, 30_000)

  it("404: a missing product gets status 404, NotFound with the object type and ID", async () => {
    const answer = await failure(Products.Get("no-such-product", { accessToken: await sellerToken() }))
    assert.strictEqual(answer.status, 404)
    assert.strictEqual(answer.errorCode, "NotFound")
    assert.deepInclude(answer.errors[0]?.Data, { ObjectType: "Product", ObjectID: "no-such-product" })
  }, 30_000)

  it("409: creating a product with an ID already taken gets status 409, IdExists", async () => {
    const answer = await failure(Products.Create({ ID: "tee-01", Name: "Again" }, { accessToken: await sellerToken() }))
    assert.strictEqual(answer.status, 409)
    assert.strictEqual(answer.errorCode, "IdExists")
  }, 30_000)
})
