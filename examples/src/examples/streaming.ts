/**
 * Streaming: every item of a list, however long, as a `Stream` that fetches
 * the next page only when the consumer gets to it. The seller creates 25
 * products, reads them back page by page and by "Last ID", 10 a page, and
 * deletes them.
 */
import { Products } from "@ordercloud-effect/resources"
import { Chunk, Console, Effect, Stream } from "effect"
import { as } from "../Environment.js"
import type { Example } from "../Example.js"

const count = 25
// Small pages, so a few products make several: on a real list, ask for up to
// 100 a page (the API's maximum) and make fewer requests.
const pageSize = 10

// What a pass over the stream saw. Only these three numbers are kept: each
// page is dropped once counted, so memory holds one page at a time.
interface Tally {
  readonly items: number
  readonly pages: number
  readonly largestPage: number
}

// `listAll` hands each page on as one chunk of the stream, so `Stream.chunks`
// shows the page boundaries, and the fold counts items and pages.
const tally = <E, R>(products: Stream.Stream<unknown, E, R>) =>
  products.pipe(
    Stream.chunks,
    Stream.runFold({ items: 0, pages: 0, largestPage: 0 } as Tally, (seen, page) => ({
      items: seen.items + Chunk.size(page),
      pages: seen.pages + 1,
      largestPage: Math.max(seen.largestPage, Chunk.size(page))
    }))
  )

const show = (tally: Tally) =>
  `${tally.items} products in ${tally.pages} pages, at most ${tally.largestPage} held at once`

const program = as("seller")(Effect.gen(function*() {
  // A prefix unique to this run: the filter `ID: prefix*` then finds exactly
  // our products, on the sandbox or among thousands on a real marketplace.
  const prefix = `stream-${Math.random().toString(36).slice(2, 8)}-`
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, "0")}`)

  // However the run goes, even if creating stops halfway, the products are
  // deleted at the end.
  yield* Effect.gen(function*() {
    yield* Console.log(`1. Seller creates ${count} products named ${prefix}*`)
    // A few at a time: fast, without flooding the API with every request at once.
    yield* Effect.forEach(ids, (ID, i) => Products.create({ ID, Name: `Streaming product ${i + 1}`, Active: true }), {
      concurrency: 10,
      discard: true
    })
    yield* Console.log(`   created ${ids.length}`)

    yield* Console.log("2. Stream them by page number (page=1, 2, ...)")
    const byPage = yield* tally(Products.listAll({ pageSize, filters: { ID: `${prefix}*` } }))
    yield* Console.log(`   ${show(byPage)}`)

    yield* Console.log(`3. Stream them by "Last ID" (sorted by ID, each page after the last ID seen)`)
    // The way for deep lists: each request is page 1 of what comes after the
    // last ID, so it stays fast where page 300 would not. Our ID filter is kept.
    const byLastId = yield* tally(Products.listAll({ pageSize, paging: "lastId", filters: { ID: `${prefix}*` } }))
    yield* Console.log(`   ${show(byLastId)}`)

    // Pages are fetched as the consumer pulls: taking 5 stops inside page 1,
    // and pages 2 and 3 are never asked for.
    yield* Console.log("4. Take only the first 5, by ID")
    const firstFive = yield* Products.listAll({ pageSize, sortBy: ["ID"], filters: { ID: `${prefix}*` } }).pipe(
      Stream.take(5),
      Stream.map((product) => product.ID),
      Stream.runCollect
    )
    yield* Console.log(`   ${Chunk.toReadonlyArray(firstFive).join(", ")}`)
  }).pipe(
    Effect.ensuring(
      // Each delete on its own: one that fails (never created) stops no other.
      Effect.forEach(ids, (id) => Effect.ignore(Products.delete(id)), { concurrency: 10, discard: true }).pipe(
        Effect.zipRight(Console.log(`5. Seller deleted the ${ids.length} products`))
      )
    )
  )
}))

export const streaming: Example = {
  name: "streaming",
  description: "Every product as a lazy Stream, page by page and by Last ID, holding one page at a time",
  program
}
