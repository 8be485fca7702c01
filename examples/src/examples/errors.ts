/**
 * Errors: each failure is a tagged value in the error channel, so it is
 * handled by its tag (`catchTag`, `catchTags`) with the status, OrderCloud's
 * error code and a readable message at hand. Failures of one status are told
 * apart by OrderCloud's error code, handled like a tag with
 * `OrderCloudError.catchCode` (a misspelt code does not compile).
 */
import { OrderCloudError } from "@ordercloud-effect/core"
import type { ErrorCode } from "@ordercloud-effect/core"
import { LineItems, Orders, Products } from "@ordercloud-effect/resources"
import { Console, Effect } from "effect"
import { as } from "../Environment.js"
import type { Example } from "../Example.js"

// What every status error carries: the tag, the HTTP status, OrderCloud's
// first ErrorCode and a message naming the call.
interface StatusError {
  readonly _tag: string
  readonly status: number
  readonly errorCode: ErrorCode.Any | undefined
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

  yield* Console.log("2. Conflict: create a product with an ID already taken, caught by its code")
  yield* as("seller")(
    Products.create({ ID: productID, Name: "Errors example" }).pipe(
      Effect.zipRight(Products.create({ ID: productID, Name: "Errors example, again" })),
      Effect.zipRight(unexpected),
      // By code rather than tag: the handler sees `errorCode` typed "IdExists".
      OrderCloudError.catchCode("IdExists", show),
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

  yield* Console.log("5. BadRequest: OrderCloud's business rules, told apart by their code with catchCode")
  yield* as("buyer")(Effect.gen(function*() {
    const order = yield* Orders.create("Outgoing", {})
    yield* Console.log(`   created order ${order.ID}`)
    // The seeded mug's price schedule allows at most 100 per line item.
    yield* LineItems.create("Outgoing", order.ID!, { ProductID: "mug-02", Quantity: 500 }).pipe(
      Effect.zipRight(unexpected),
      // The one code this step expects, handled like a tag: `error.errorCode`
      // is "PriceSchedule.CannotExceedMax" in the handler.
      OrderCloudError.catchCode("PriceSchedule.CannotExceedMax", (error) =>
        Effect.zipRight(
          show(error),
          // `errors` holds OrderCloud's whole answer; `Data` has the rule's figures.
          Console.log(
            `   so: tell the shopper the most they can order: ${
              (error.errors[0]?.Data as { MaxQuantity?: number } | undefined)?.MaxQuantity
            }`
          )
        )),
      // Any other 400, and a marketplace without the sandbox's mug (NotFound), by tag.
      Effect.catchTags({ BadRequest: show, NotFound: show })
    )
    // The order still has no line items, so submitting it breaks another rule.
    yield* Orders.submit("Outgoing", order.ID!).pipe(
      Effect.zipRight(unexpected),
      // Codes are checked at compile time: "Order.CannotSubmitWithNoLineItem"
      // (one letter short) would not compile here.
      OrderCloudError.catchCode(
        "Order.CannotSubmitWithNoLineItems",
        (error) => Effect.zipRight(show(error), Console.log("   so: send the shopper back to the cart"))
      ),
      Effect.catchTag(
        "BadRequest",
        (error) => Effect.zipRight(show(error), Console.log("   so: show the message as it is"))
      )
    )
    yield* Orders.delete("Outgoing", order.ID!)
    yield* Console.log(`   deleted order ${order.ID}`)
  }))
})

export const errors: Example = {
  name: "errors",
  description: "Typed errors handled by tag (catchTag) and by OrderCloud's error code (OrderCloudError.catchCode)",
  program
}
