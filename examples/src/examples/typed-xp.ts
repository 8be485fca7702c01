/**
 * Typed xp: a product's extended properties described by a Schema, so they
 * are checked on the way out and on the way back, and typed in between.
 */
import { Products } from "@ordercloud-effect/resources"
import { Console, Effect, Schema } from "effect"
import { as } from "../Environment.js"
import type { Example } from "../Example.js"

// What this shop keeps in a product's xp. OrderCloud stores any JSON there;
// the Schema is our side of the contract.
const ProductXp = Schema.Struct({
  Color: Schema.Literal("red", "green", "blue"),
  Sizes: Schema.Array(Schema.String)
})

// Bound once: every call through `Typed` decodes, checks and types xp with ProductXp.
const Typed = Products.withXp(ProductXp)

// Issues name the field and what was expected (never the value); one line per field.
const describe = (issues: ReadonlyArray<{ readonly path: string; readonly message: string }>) => {
  const byPath = new Map<string, Array<string>>()
  for (const issue of issues) {
    byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue.message.replace(/^expected /, "")])
  }
  return [...byPath].map(([path, expected]) => `${path}: expected ${expected.join(" | ")}`).join("; ")
}

const program = as("seller")(Effect.gen(function*() {
  // IDs unique to this run, so the example can run again against a real marketplace.
  const run = Math.random().toString(36).slice(2, 8)
  const teeID = `xp-tee-${run}`
  const oddID = `xp-odd-${run}`
  const badID = `xp-bad-${run}`

  const work = Effect.gen(function*() {
    yield* Console.log("1. Create a product with typed xp")
    // Per call: `{ xp: ProductXp }` types the body's xp and the answer's.
    const created = yield* Products.create(
      { ID: teeID, Name: "Typed Tee", Active: true, xp: { Color: "green", Sizes: ["S", "M", "L"] } },
      { xp: ProductXp }
    )
    yield* Console.log(`   created ${created.ID} with xp.Color ${created.xp?.Color}`)

    yield* Console.log("2. Read it back through Products.withXp(ProductXp)")
    const read = yield* Typed.get(teeID)
    // `read.xp` is `{ Color: "red" | "green" | "blue"; Sizes: ReadonlyArray<string> }`: no casts.
    const sizes = read.xp?.Sizes ?? []
    yield* Console.log(`   typed xp: Color ${read.xp?.Color}, Sizes [${sizes.join(", ")}] (${sizes.length} sizes)`)

    yield* Console.log("3. Stored xp that does not match the schema")
    // Someone else (another app, an import) wrote this product without our schema.
    yield* Products.create({ ID: oddID, Name: "Odd Tee", Active: true, xp: { Color: "purple", Sizes: "one size" } })
    yield* Console.log(`   created ${oddID} without the schema (xp.Color "purple", xp.Sizes a string)`)
    // Read with the schema, the mismatch is a typed failure instead of a wrong value downstream.
    const decoded = yield* Typed.get(oddID).pipe(
      Effect.as("   read with the schema: unexpectedly decoded"),
      Effect.catchTag("ResponseDecodeError", (error) =>
        Effect.succeed(
          `   ResponseDecodeError (status ${error.status}): ${describe(error.issues)}`
        ))
    )
    yield* Console.log(decoded)

    yield* Console.log("4. A body with bad xp is refused before sending")
    // The types refuse this at compile time; data from a form or a file can
    // still be wrong at run time, so the body is checked against the schema.
    const fromAForm: unknown = { Color: "purple", Sizes: ["M"] }
    const refused = yield* Products.create(
      { ID: badID, Name: "Bad Tee", xp: fromAForm as typeof ProductXp.Type },
      { xp: ProductXp }
    ).pipe(
      Effect.as("   unexpectedly sent"),
      Effect.catchTag("InvalidRequest", (error) =>
        Effect.succeed(
          `   InvalidRequest (${error.reason}), nothing sent: ${describe(error.issues)}`
        ))
    )
    yield* Console.log(refused)
    // Nothing reached OrderCloud: the product does not exist.
    const exists = yield* Products.get(badID).pipe(
      Effect.as(true),
      Effect.catchTag("NotFound", () => Effect.succeed(false))
    )
    yield* Console.log(`   ${badID} exists on the server: ${exists ? "yes" : "no"}`)
  })

  // Delete what this run created, whether or not the steps succeeded.
  const cleanup = Effect.forEach([teeID, oddID], (id) => Products.delete(id).pipe(Effect.ignore)).pipe(
    Effect.zipRight(Console.log(`Cleanup: deleted ${teeID} and ${oddID}`))
  )
  yield* work.pipe(Effect.ensuring(cleanup))
}))

export const typedXp: Example = {
  name: "typed-xp",
  description: "Product xp typed by a Schema: checked before sending and when decoding",
  program
}
