/**
 * OrderCloud's list querying (search, sort, paging and filters) and its
 * serialization to a query string exactly as the API reads it.
 *
 * Rules (see the filter grammar in OrderCloud's documentation):
 * - nested filter objects flatten to dotted keys: `{ xp: { Color: "red" } }` -> `xp.Color=red`;
 * - an array repeats the key, which OrderCloud reads as AND:
 *   `{ Name: ["!a*", "!b*"] }` -> `Name=!a*&Name=!b*`;
 * - operators (`!`, `>`, `<`, `*`) and `|` (OR) are part of the value and pass through;
 * - `true`, `false` and `0` are kept, `undefined` and `""` are dropped, a `Date` becomes ISO-8601;
 * - `null` is refused: OrderCloud spells "absent" as the value `!*`, and "present" as `*`;
 * - every key and value is percent-encoded, so no value can add a parameter;
 * - `page` >= 1 and `pageSize` in 1..100, whole numbers.
 *
 * @since 0.1.0
 */
import type * as Either from "effect/Either"
import * as Query from "./internal/query.js"
import type { InvalidRequest } from "./OrderCloudError.js"

/**
 * How `search` matches. OrderCloud's default is `AnyTerm`.
 *
 * @since 0.1.0
 * @category models
 */
export type SearchType = "AnyTerm" | "AllTermsAnyField" | "AllTermsSameField" | "ExactPhrase" | "ExactPhrasePrefix"

/**
 * A filter value: the value side of `Key=Value`, operators included
 * (`"!Discontinued"`, `">2024-01-01"`, `"red|blue"`, `"!*"`).
 *
 * @since 0.1.0
 * @category models
 */
export type FilterValue = string | number | boolean | Date

/**
 * Filters by field; nested objects are dotted paths (`xp.Color`), arrays are
 * AND-ed conditions on the same field.
 *
 * @since 0.1.0
 * @category models
 */
export interface Filters {
  readonly [key: string]: FilterValue | ReadonlyArray<FilterValue> | Filters | undefined
}

/**
 * The options every OrderCloud list operation accepts. Generated operations
 * narrow `SearchOn` and `SortBy` to the fields the API allows there.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions<SearchOn extends string = string, SortBy extends string = string> {
  readonly search?: string | undefined
  readonly searchOn?: ReadonlyArray<SearchOn> | undefined
  readonly searchType?: SearchType | undefined
  /** Fields to sort on, in order; `!Field` sorts descending. */
  readonly sortBy?: ReadonlyArray<SortBy | `!${SortBy}`> | undefined
  /** 1-based page number. */
  readonly page?: number | undefined
  /** Items per page, 1..100 (OrderCloud's default is 20). */
  readonly pageSize?: number | undefined
  /** For the few lists that page by key (`Meta.NextPageKey`). */
  readonly pageKey?: string | undefined
  readonly filters?: Filters | undefined
}

/**
 * The query parameter names list options use; a filter may not use them.
 *
 * @since 0.1.0
 * @category constants
 */
export const reservedNames: ReadonlySet<string> = Query.listOptionNames

/**
 * The maximum `pageSize` OrderCloud accepts.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxPageSize = 100

/**
 * The decoded `[key, value]` pairs of the query, in order: options first,
 * then filters. Fails with `InvalidRequest` (reason `Query`) on a value
 * that cannot be sent.
 *
 * @since 0.1.0
 * @category serialization
 */
export const toParams = (
  options: ListOptions
): Either.Either<ReadonlyArray<readonly [string, string]>, InvalidRequest> =>
  Query.listOptionsToParams(options, reservedNames)

/**
 * The encoded query string (without the leading `?`).
 *
 * @since 0.1.0
 * @category serialization
 */
export const toQueryString = (options: ListOptions): Either.Either<string, InvalidRequest> =>
  Query.listOptionsToParams(options, reservedNames).pipe(Query.mapEncode)
