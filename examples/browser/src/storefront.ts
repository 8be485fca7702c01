/**
 * The storefront's flow, with no DOM in it: a guest browses and searches,
 * a buyer signs in, fills a cart priced from quantity breaks, submits it,
 * and is refused a seller-only operation with a typed `Forbidden`. Each
 * step tells `report` how it went; `main.ts` shows that in the page.
 */
import * as Session from "@ordercloud-effect/auth/Session"
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import * as LineItems from "@ordercloud-effect/resources/LineItems"
import * as Me from "@ordercloud-effect/resources/Me"
import * as Orders from "@ordercloud-effect/resources/Orders"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"

/** The steps, in order, with what the page calls them. */
export const steps = [
  ["browse", "A guest lists the products"],
  ["search", "The guest searches for “mug”"],
  ["sign-in", "The buyer signs in"],
  ["cart", "The buyer adds two line items"],
  ["submit", "The buyer submits the order"],
  ["forbidden", "The buyer tries a seller-only operation"]
] as const

export type StepId = typeof steps[number][0]

/** What a step that ended well shows; `error`: the typed error it expected, by tag and OrderCloud `ErrorCode`. */
export interface Shown {
  readonly detail: string
  readonly error?: { readonly tag: string; readonly code: string | undefined }
}

export type Outcome =
  | { readonly _tag: "Running" }
  | ({ readonly _tag: "Done" } & Shown)
  | { readonly _tag: "Failed"; readonly detail: string }

export type Report = (step: StepId, outcome: Outcome) => void

/** Who shops: the storefront's API client and a buyer user of it. */
export interface Shoppers {
  readonly clientID: string
  readonly username: string
  readonly password: Redacted.Redacted
}

/** A step that should have failed and did not. */
export class UnexpectedSuccess extends Data.TaggedError("UnexpectedSuccess")<{ readonly message: string }> {}

const money = (value: number | null | undefined) => `$${(value ?? 0).toFixed(2)}`

const describe = (error: unknown): string => error instanceof Error ? error.message : String(error)

/** Runs `effect` as one step: running, then done with what `show` says, or failed. */
const step = <A, E, R>(report: Report, id: StepId, effect: Effect.Effect<A, E, R>, show: (a: A) => string | Shown) =>
  Effect.sync(() => report(id, { _tag: "Running" })).pipe(
    Effect.zipRight(effect),
    Effect.tap((a) =>
      Effect.sync(() => {
        const shown = show(a)
        report(id, { _tag: "Done", ...(typeof shown === "string" ? { detail: shown } : shown) })
      })
    ),
    Effect.tapError((error) => Effect.sync(() => report(id, { _tag: "Failed", detail: describe(error) })))
  )

interface PriceBreak {
  readonly Quantity?: number | null | undefined
  readonly Price?: number | null | undefined
}

/** The break a quantity is priced at: the largest one it reaches. */
const breakFor = (breaks: ReadonlyArray<PriceBreak>, quantity: number): PriceBreak | undefined =>
  breaks.filter((b) => (b.Quantity ?? 1) <= quantity).sort((a, b) => (b.Quantity ?? 1) - (a.Quantity ?? 1))[0]

const breaksText = (breaks: ReadonlyArray<PriceBreak>) =>
  breaks.map((b) => `${b.Quantity ?? 1}+ ${money(b.Price)}`).join(", ")

/** The flow, over whatever client is provided: a sandbox on a server, or one inside the page. */
export const run = (
  report: Report,
  shoppers: Shoppers
): Effect.Effect<void, OrderCloudError.OrderCloudError | UnexpectedSuccess, OrderCloudClient.OrderCloudClient> =>
  Effect.gen(function*() {
    // One guest for both anonymous steps: each new anonymous token is a new guest.
    const guest = Session.layerAnonymous({ clientID: shoppers.clientID, scope: ["Shopper"] })
    const buyer = Session.layerPassword({
      clientID: shoppers.clientID,
      username: shoppers.username,
      password: shoppers.password,
      scope: ["Shopper", "MeAdmin"]
    })

    const catalog = yield* Effect.provide(
      Effect.gen(function*() {
        const page = yield* step(
          report,
          "browse",
          Me.listProducts({ sortBy: ["Name"] }),
          (page) =>
            `${page.Meta.TotalCount} products:\n${
              page.Items.map((p) => `${p.Name}: ${breaksText(p.PriceSchedule?.PriceBreaks ?? [])}`).join("\n")
            }`
        )
        yield* step(
          report,
          "search",
          Me.listProducts({ search: "mug" }),
          (found) => `${found.Meta.TotalCount} found: ${found.Items.map((p) => p.Name).join(", ")}`
        )
        return page.Items
      }),
      guest
    )

    yield* Effect.provide(
      Effect.gen(function*() {
        yield* step(report, "sign-in", Me.get(), (me) => `Signed in as ${me.Username} (${me.FirstName} ${me.LastName})`)

        const wanted = [["mug-02", 12], ["tee-01", 2]] as const
        const order = yield* step(
          report,
          "cart",
          Effect.gen(function*() {
            const created = yield* Orders.create("Outgoing", { Comments: "From the browser storefront" })
            const lines = []
            for (const [productID, quantity] of wanted) {
              lines.push(yield* LineItems.create("Outgoing", created.ID!, { ProductID: productID, Quantity: quantity }))
            }
            return { order: yield* Orders.get("Outgoing", created.ID!), lines }
          }),
          ({ lines, order }) =>
            [
              ...lines.map((line) => {
                const product = catalog.find((p) => p.ID === line.ProductID)
                const breaks = product?.PriceSchedule?.PriceBreaks ?? []
                const applied = breakFor(breaks, line.Quantity ?? 0)
                const list = breaks[0]?.Price
                const note = applied !== undefined && (applied.Quantity ?? 1) > 1
                  ? ` (quantity break at ${applied.Quantity}; list price ${money(list)})`
                  : ""
                return `${line.Quantity} × ${product?.Name ?? line.ProductID} at ${money(line.UnitPrice)} = ${
                  money(line.LineTotal)
                }${note}`
              }),
              `Subtotal ${money(order.Subtotal)}`
            ].join("\n")
        )

        yield* step(
          report,
          "submit",
          Orders.submit("Outgoing", order.order.ID!),
          (submitted) => `Order ${submitted.ID} is ${submitted.Status}, total ${money(submitted.Total)}`
        )

        // A buyer may not create products: the API answers 403, a typed `Forbidden`.
        yield* step(
          report,
          "forbidden",
          Products.create({ ID: "from-the-storefront", Name: "Not allowed" }).pipe(
            Effect.flatMap(() =>
              Effect.fail(new UnexpectedSuccess({ message: "the buyer was allowed to create a product" }))
            ),
            Effect.catchTag("Forbidden", Effect.succeed)
          ),
          (refused) => ({
            detail: `Refused as expected: ${refused._tag} (${refused.status}) ${refused.errorCode ?? ""}`,
            error: { tag: refused._tag, code: refused.errorCode }
          })
        )
      }),
      buyer
    )
  })
