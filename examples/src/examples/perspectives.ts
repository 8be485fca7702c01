/**
 * Perspectives: the seller and a buyer user as two sessions over one client,
 * used at the same time. Each call carries the token of the session in its
 * own context, so the same kind of question gets a different answer from each.
 */
import { AccessToken, Session } from "@ordercloud-effect/auth"
import { Me, Products } from "@ordercloud-effect/resources"
import { Console, Effect } from "effect"
import { as } from "../Environment.js"
import type { Example } from "../Example.js"

// Who the session in context is: the `usr` claim of its token. Nothing is
// verified here; it only reads what our own session holds.
const whoAmI = Effect.flatMap(Session.Session, (session) => session.token).pipe(
  Effect.flatMap(AccessToken.claims),
  Effect.map((claims) => claims.usr ?? "(no usr claim)")
)

const program = Effect.gen(function*() {
  // IDs unique to this run, so the example can run again against a real marketplace.
  const run = Math.random().toString(36).slice(2, 8)
  const draftID = `draft-${run}`

  yield* Console.log("1. Seller adds a draft: an inactive product in no catalog")
  yield* as("seller")(Products.create({ ID: draftID, Name: `Perspectives draft ${run}`, Active: false }))
  yield* Console.log(`   created ${draftID}`)

  // Whatever happens next, the draft goes away at the end.
  yield* Effect.gen(function*() {
    yield* Console.log("2. Both perspectives at once, over one client")
    // Two effects run concurrently; `as(...)` gives each its own session, so
    // the seller's calls carry the seller's token and the buyer's the buyer's.
    // (Each `as` starts a fresh session: for a perspective used many times,
    // build its layer once, as packages/auth/README.md shows.)
    const [seller, buyer] = yield* Effect.all([
      as("seller")(Effect.gen(function*() {
        // The seller's product list is the whole marketplace, active or not.
        const all = yield* Products.list({ pageSize: 1 })
        const inactive = yield* Products.list({ pageSize: 1, filters: { Active: false } })
        return { user: yield* whoAmI, total: all.Meta.TotalCount, inactive: inactive.Meta.TotalCount }
      })),
      as("buyer")(Effect.gen(function*() {
        // The buyer's list is what its catalogs let it see: active products only.
        const visible = yield* Me.listProducts({ pageSize: 1 })
        return { user: yield* whoAmI, total: visible.Meta.TotalCount }
      }))
    ], { concurrency: 2 })
    yield* Console.log(
      `   seller (${seller.user}): Products.list has ${seller.total} products, ${seller.inactive} of them inactive`
    )
    yield* Console.log(`   buyer (${buyer.user}): Me.listProducts has ${buyer.total} products`)

    yield* Console.log("3. One step as the buyer inside the seller's work")
    yield* as("seller")(Effect.gen(function*() {
      const draft = yield* Products.get(draftID)
      yield* Console.log(`   seller (${yield* whoAmI}) reads ${draft.ID}: Active ${draft.Active}`)
      // The innermost session wins: this one call runs as the buyer, and the
      // seller's session is back for whatever follows it.
      const asBuyer = yield* as("buyer")(
        Me.getProduct(draftID).pipe(
          Effect.as("unexpectedly visible"),
          Effect.catchTag("NotFound", () => Effect.map(whoAmI, (user) => `NotFound for ${user}: not visible to buyers`))
        )
      )
      yield* Console.log(`   buyer asks for it: ${asBuyer}`)
      yield* Console.log(`   back to ${yield* whoAmI}`)
    }))
  }).pipe(
    Effect.ensuring(
      as("seller")(Products.delete(draftID)).pipe(
        Effect.zipRight(Console.log(`4. Seller deleted ${draftID}`)),
        Effect.ignore
      )
    )
  )
})

export const perspectives: Example = {
  name: "perspectives",
  description: "Seller and buyer as two sessions used concurrently, and a perspective swapped for one step",
  program
}
