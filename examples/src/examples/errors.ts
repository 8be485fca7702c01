/**
 * Errors: each failure is a tagged value in the error channel, so it is
 * handled by its tag (`catchTag`, `catchTags`) with the status, OrderCloud's
 * error code and a readable message at hand.
 */
import { LineItems, Orders, Products } from "@ordercloud-effect/resources"
import { Console, Effect } from "effect"
import { as } from "../Environment.js"
import type { Example } from "../Example.js"

// What every status error carries: the tag, the HTTP status, OrderCloud's
// first ErrorCode and a message naming the call.
interface StatusError {
  readonly _tag: string
  readonly status: number
  readonly errorCode: string | undefined
  readonly message: string
}

const show = (error: StatusError) =>
  Effect.zipRight(
    Console.log(`   ${error._tag}: status ${error.status}, errorCode ${error.errorCode}`),
    Console.log(`   message: ${error.message}`)
  )

// Each step expects a failure; if the call succeeds instead, say so.
const unexpected = Console.log("   unexpectedly succeeded")

const program = Effect.gen(function*() {
  // IDs unique to this run, so the example can run again against a real marketplace.
  const run = Math.random().toString(36).slice(2, 8)
  const productID = `err-${run}`

  yield* Console.log("1. NotFound: get a product that does not exist")
  yield* as("seller")(Products.get(`missing-${run}`)).pipe(
    Effect.zipRight(unexpected),
    Effect.catchTag("NotFound", show)
  )

  yield* Console.log("2. Conflict: create a product with an ID already taken")
  yield* as("seller")(
    Products.create({ ID: productID, Name: "Errors example" }).pipe(
      Effect.zipRight(Products.create({ ID: productID, Name: "Errors example, again" })),
      Effect.zipRight(unexpected),
      Effect.catchTag("Conflict", show),
      // Delete the product this step made, however the step ended.
      Effect.ensuring(Products.delete(productID).pipe(Effect.ignore))
    )
  )

  yield* Console.log("3. Forbidden: a buyer tries to create a product")
  yield* as("buyer")(Products.create({ ID: `buyer-${run}`, Name: "Not for buyers" })).pipe(
    Effect.zipRight(unexpected),
    Effect.catchTag("Forbidden", show)
  )

  yield* Console.log("4. InvalidRequest: an ID with a space, refused before anything is sent")
  yield* as("seller")(Products.create({ ID: "has space", Name: "Never sent" })).pipe(
    Effect.zipRight(unexpected),
    // Not a status error: no request, so no status. It names the part of the
    // request that is wrong and, for a body, each field (never its value).
    Effect.catchTag("InvalidRequest", (error) =>
      Effect.zipRight(
        Console.log(
          `   InvalidRequest: reason ${error.reason}, field ${error.issues[0]?.path}: ${error.issues[0]?.message}`
        ),
        Console.log(`   message: ${error.message.split("\n")[0]}`)
      ))
  )

  yield* Console.log("5. BadRequest: OrderCloud's business rules, told apart by errorCode")
  yield* as("buyer")(Effect.gen(function*() {
    const order = yield* Orders.create("Outgoing", {})
    yield* Console.log(`   created order ${order.ID}`)
    // The seeded mug's price schedule allows at most 100 per line item.
    yield* LineItems.create("Outgoing", order.ID!, { ProductID: "mug-02", Quantity: 500 }).pipe(
      Effect.zipRight(unexpected),
      // Several tags in one place; a marketplace without the sandbox's mug answers NotFound.
      Effect.catchTags({
        BadRequest: (error) =>
          Effect.zipRight(
            show(error),
            error.errorCode === "PriceSchedule.CannotExceedMax"
              // `errors` holds OrderCloud's whole answer; `Data` has the rule's figures.
              ? Console.log(
                `   so: tell the shopper the most they can order: ${
                  (error.errors[0]?.Data as { MaxQuantity?: number } | undefined)?.MaxQuantity
                }`
              )
              : Effect.void
          ),
        NotFound: show
      })
    )
    // The order still has no line items, so submitting it breaks another rule.
    yield* Orders.submit("Outgoing", order.ID!).pipe(
      Effect.zipRight(unexpected),
      Effect.catchTag("BadRequest", (error) =>
        Effect.zipRight(
          show(error),
          Console.log(
            error.errorCode === "Order.CannotSubmitWithNoLineItems"
              ? "   so: send the shopper back to the cart"
              : "   so: show the message as it is"
          )
        ))
    )
    yield* Orders.delete("Outgoing", order.ID!)
    yield* Console.log(`   deleted order ${order.ID}`)
  }))
})

export const errors: Example = {
  name: "errors",
  description: "Typed errors handled by tag: NotFound, Conflict, Forbidden, InvalidRequest, BadRequest",
  program
}
