/**
 * Turning one OrderCloud list call into a lazy `Stream` of everything it
 * lists: the runtime behind every generated `listAll`.
 *
 * Each function takes a `fetch` that asks for one page (the generated code
 * turns the request into list options and calls `list`) and pages on demand:
 * the next page is requested only when the consumer pulls past the current
 * one, so at most one page is held at a time and `Stream.take(n)` asks for no
 * more pages than it needs.
 *
 * - `pages` / `items` page by number (`page=1, 2, ...`) until
 *   `Meta.Page >= Meta.TotalPages` or a page is empty, and follow
 *   `Meta.NextPageKey` instead for the few lists that page by key.
 * - `itemsByLastId` is OrderCloud's "Last ID" method for deep lists: always
 *   `page=1`, sorted by `ID`, filtered to `ID > lastID`, which stays fast at
 *   any depth where offset paging slows down.
 *
 * Errors of `fetch` pass through unchanged. A `pageSize` outside 1..100 fails
 * with core's `InvalidRequest` (reason `Query`) before anything is fetched.
 * A server answer that would make paging loop forever, or an item the "Last
 * ID" method cannot continue from, fails with `PaginationError`.
 *
 * Programs use the generated `listAll` of a resource (`Products.listAll({
 * filters: { Active: true } })`, with `paging: "lastId"` for deep lists);
 * these functions page any list call, an endpoint of your own included.
 *
 * @example
 * ```ts
 * import * as Pagination from "@ordercloud-effect/resources/Pagination"
 * import { Chunk, Effect, Stream } from "effect"
 *
 * // A list of 250 answered 100 per page, as OrderCloud pages (the generated listAll calls `list` here).
 * const all = Array.from({ length: 250 }, (_, i) => `item-${i + 1}`)
 * const fetchPage = ({ page = 1, pageSize }: Pagination.PageRequest) =>
 *   Effect.succeed({
 *     Meta: { Page: page, PageSize: pageSize, TotalCount: all.length, TotalPages: Math.ceil(all.length / pageSize) },
 *     Items: all.slice((page - 1) * pageSize, page * pageSize)
 *   })
 *
 * // Pages are fetched as the stream is pulled: taking 150 items asks for pages 1 and 2 only.
 * const first = Pagination.items(fetchPage).pipe(Stream.take(150), Stream.runCollect)
 * console.log(Chunk.size(Effect.runSync(first))) // 150
 * ```
 *
 * @since 0.1.0
 */
import { maxPageSize } from "@ordercloud-effect/core/ListOptions"
import type * as ListPage from "@ordercloud-effect/core/ListPage"
import { InvalidRequest } from "@ordercloud-effect/core/OrderCloudError"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

/**
 * What `fetch` is asked for by `pages` and `items`: either a 1-based `page`
 * number or, when the previous page carried a `Meta.NextPageKey`, that
 * `pageKey` (and then no `page`). `pageSize` is always the validated size;
 * whether a key request also sends it is up to the caller.
 *
 * @since 0.1.0
 * @category models
 */
export interface PageRequest {
  readonly page?: number
  readonly pageKey?: string
  readonly pageSize: number
}

/**
 * What `fetch` is asked for by `itemsByLastId`: one `page=1` request of
 * `pageSize` items sorted by `ID`, and, after the first page, only items whose
 * `ID` is greater than `afterId` (the caller sends `sortBy: ["ID"]` and the
 * filter `ID: ">" + afterId`).
 *
 * @since 0.1.0
 * @category models
 */
export interface LastIdRequest {
  readonly pageSize: number
  readonly afterId: string | undefined
}

/**
 * Paging options. `pageSize` is a whole number from 1 to 100 (OrderCloud's
 * maximum) and defaults to 100, the fewest requests.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly pageSize?: number | undefined
}

/**
 * The page size used when none is given: OrderCloud's maximum, 100.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPageSize = 100

/**
 * Paging cannot go on because of what the server answered:
 * - `MissingId`: `itemsByLastId` got an item whose `ID` is not a non-empty
 *   string, so there is no last ID to continue from;
 * - `RepeatedLastId`: a page ended on the same `ID` the request started
 *   after (the server ignored the `ID` filter), which would loop forever;
 * - `RepeatedPageKey`: a page returned the same `NextPageKey` it was fetched
 *   with, which would loop forever (only consecutive repeats are caught: no
 *   history of keys is kept).
 *
 * Items emitted before the failure stay emitted. The `detail` names IDs but
 * never the value of a page key.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaginationError extends Schema.TaggedError<PaginationError>()("PaginationError", {
  /** Which condition stopped paging. */
  reason: Schema.Literal("MissingId", "RepeatedLastId", "RepeatedPageKey"),
  /** What happened, and on which page. */
  detail: Schema.String
}) {
  override get message(): string {
    return `PaginationError (${this.reason}): ${this.detail}`
  }
}

/**
 * Every page of a list, fetched lazily by page number: page 1, then 2, ...
 * The stream ends after a page with no `Items`, or once the page just fetched
 * is the last one (`Meta.Page`, or the page number requested, is at least
 * `Meta.TotalPages`). When a page's `Meta.NextPageKey` is a non-empty string
 * the next request passes that `pageKey` instead of a page number; once paging
 * by key, a page without a key is the last.
 *
 * Every page fetched is emitted, so a list with no items gives one empty page
 * (its `Meta` still says so). The page type `P` is kept, so facets of
 * `ListPageWithFacets` stay typed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const pages = <P extends ListPage.ListPage<unknown>, E, R>(
  fetch: (request: PageRequest) => Effect.Effect<P, E, R>,
  options?: Options
): Stream.Stream<P, E | InvalidRequest | PaginationError, R> =>
  withPageSize(options, (pageSize) =>
    Stream.paginateEffect(
      initialCursor,
      (cursor: Cursor): Effect.Effect<readonly [P, Option.Option<Cursor>], E | PaginationError, R> =>
        Effect.flatMap(
          fetch(toPageRequest(cursor, pageSize)),
          (page) => Either.map(nextCursor(cursor, page), (next) => [page, next] as const)
        )
    ))

/**
 * Every item of a list, in order: `pages` flattened. Pulls one page at a
 * time, exactly as `pages` does.
 *
 * @since 0.1.0
 * @category constructors
 */
export const items = <A, E, R>(
  fetch: (request: PageRequest) => Effect.Effect<ListPage.ListPage<A>, E, R>,
  options?: Options
): Stream.Stream<A, E | InvalidRequest | PaginationError, R> =>
  Stream.mapConcat(pages(fetch, options), (page) => page.Items)

/**
 * Every item of a deep list by OrderCloud's "Last ID" method: each request is
 * `page=1` of `pageSize` items sorted by `ID`, and after the first page only
 * items with an `ID` greater than the last one seen (`afterId`). The stream
 * ends after a page with fewer than `pageSize` items (an empty one included),
 * so a list whose size is a multiple of `pageSize` costs one final empty
 * request. `Meta` is not read: offsets and totals play no part.
 *
 * Use it for lists too deep for offset paging (past about page 30). The sort
 * must be `ID` alone, so any other `sortBy` the user asked for is dropped by
 * the caller.
 *
 * Every item must carry a non-empty string `ID` (after an empty one the filter
 * `ID=>` would match every item and restart the list): otherwise the stream fails with
 * `PaginationError` (`MissingId`) before that page's items are emitted. A page
 * that ends on the `ID` it started after fails with `RepeatedLastId` instead
 * of looping.
 *
 * @since 0.1.0
 * @category constructors
 */
export const itemsByLastId = <A extends { readonly ID?: string | null | undefined }, E, R>(
  fetch: (request: LastIdRequest) => Effect.Effect<ListPage.ListPage<A>, E, R>,
  options?: Options
): Stream.Stream<A, E | InvalidRequest | PaginationError, R> =>
  withPageSize(options, (pageSize) =>
    Stream.paginateChunkEffect(
      initialLastIdCursor,
      (cursor): Effect.Effect<readonly [Chunk.Chunk<A>, Option.Option<LastIdCursor>], E | PaginationError, R> =>
        Effect.flatMap(
          fetch({ pageSize, afterId: cursor.afterId }),
          (page) =>
            Either.map(
              nextLastIdCursor(cursor, page.Items, pageSize),
              (next) => [Chunk.fromIterable(page.Items), next] as const
            )
        )
    ))

// private helpers

/** Where `pages` is: the page number requested, and the key it was requested with. */
interface Cursor {
  readonly page: number
  readonly pageKey: string | undefined
}

const initialCursor: Cursor = { page: 1, pageKey: undefined }

/** Where `itemsByLastId` is: the ID to start after, and the request's 1-based number (for messages). */
interface LastIdCursor {
  readonly afterId: string | undefined
  readonly page: number
}

const initialLastIdCursor: LastIdCursor = { afterId: undefined, page: 1 }

/** The next state (`None` to end the stream), or why paging cannot go on. */
type Step<S> = Either.Either<Option.Option<S>, PaginationError>

const stop: Step<never> = Either.right(Option.none())

const continueWith = <S>(state: S): Step<S> => Either.right(Option.some(state))

const refuse = (reason: PaginationError["reason"], detail: string): Step<never> =>
  Either.left(new PaginationError({ reason, detail }))

const withPageSize = <A, E, R>(
  options: Options | undefined,
  stream: (pageSize: number) => Stream.Stream<A, E, R>
): Stream.Stream<A, E | InvalidRequest, R> => {
  const pageSize = options?.pageSize ?? defaultPageSize
  return Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= maxPageSize
    ? stream(pageSize)
    : Stream.fail(
      new InvalidRequest({
        reason: "Query",
        detail: `pageSize must be a whole number from 1 to ${maxPageSize}, got ${pageSize}`,
        issues: []
      })
    )
}

const toPageRequest = (cursor: Cursor, pageSize: number): PageRequest =>
  cursor.pageKey === undefined ? { page: cursor.page, pageSize } : { pageKey: cursor.pageKey, pageSize }

const nextCursor = (cursor: Cursor, page: ListPage.ListPage<unknown>): Step<Cursor> => {
  if (page.Items.length === 0) return stop
  const key = page.Meta.NextPageKey
  if (typeof key === "string" && key !== "") {
    return key === cursor.pageKey
      ? refuse("RepeatedPageKey", `page ${cursor.page} returned the NextPageKey it was requested with`)
      : continueWith({ page: cursor.page + 1, pageKey: key })
  }
  // A list that pages by key ends where its keys end; page numbers do not apply to it.
  if (cursor.pageKey !== undefined) return stop
  return Math.max(cursor.page, page.Meta.Page) >= page.Meta.TotalPages
    ? stop
    : continueWith({ page: cursor.page + 1, pageKey: undefined })
}

const nextLastIdCursor = (
  cursor: LastIdCursor,
  items: ReadonlyArray<{ readonly ID?: string | null | undefined }>,
  pageSize: number
): Step<LastIdCursor> => {
  let lastId: string | undefined
  for (const [index, item] of items.entries()) {
    if (typeof item.ID !== "string" || item.ID === "") {
      return refuse(
        "MissingId",
        `item ${index + 1} of page ${cursor.page} has no ID, which paging by last ID needs`
      )
    }
    lastId = item.ID
  }
  if (items.length < pageSize || lastId === undefined) return stop
  return lastId === cursor.afterId
    ? refuse(
      "RepeatedLastId",
      `page ${cursor.page} ended on ID "${lastId}", the ID it was requested after: the server did not apply the ID filter`
    )
    : continueWith({ afterId: lastId, page: cursor.page + 1 })
}
