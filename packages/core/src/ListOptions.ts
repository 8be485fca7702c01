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
 * Generated list operations type `filters` by their list item
 * (`FiltersFor<Item>`): keys are the item's fields, dotted paths into nested
 * objects included, so a misspelt field does not compile, and each value is
 * typed by its field.
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
 * An operator that may start a filter value: `!` (not), `>` and `<`, `!>`
 * (at most) and `!<` (at least).
 *
 * @since 0.1.0
 * @category models
 */
export type Operator = "!" | ">" | "<" | "!>" | "!<"

/** Matches any value (`*`) or no value (`!*`: absent, null). */
type Presence = "*" | "!*"

/**
 * The value of a filter on a string field: any string, operators, wildcards
 * (`*`) and OR (`a|b`) included. `L` is the field's type, offered by
 * autocompletion when it is a set of literals (an enum).
 *
 * @since 0.1.0
 * @category models
 */
export type StringFilter<L extends string = string> = L | (string & {})

/**
 * The value of a filter on a number field: a number, or a string of one with
 * an operator (`">10"`, `"!<5"`), an OR list (`"1|2"`), `"*"` or `"!*"`.
 *
 * @since 0.1.0
 * @category models
 */
export type NumberFilter = number | `${"" | Operator}${number}` | `${"" | Operator}${number}|${string}` | Presence

/**
 * The value of a filter on a date field: a `Date` (sent as ISO-8601), a date
 * string (`"2024-01-01"`), a string starting with an operator
 * (`">2024-01-01"`, `` `<${date.toISOString()}` ``), `"*"` or `"!*"`.
 *
 * @since 0.1.0
 * @category models
 */
export type DateFilter = Date | `${number}${string}` | `${Operator}${string}` | Presence

/**
 * A value or several (an array repeats the key, which OrderCloud reads as AND).
 *
 * @since 0.1.0
 * @category models
 */
export type OneOrMore<A> = A | ReadonlyArray<A>

/** Depth left -> depth below it. */
type Below = [never, 0, 1, 2, 3, 4, 5]

/**
 * The filter for a field of type `T`, `D` levels of nesting left. Tuples keep
 * the checks from distributing over `boolean` and literal unions.
 */
type FieldFilter<T, D extends number> = unknown extends T ? Filters
  : [NonNullable<T>] extends [boolean] ? OneOrMore<boolean>
  : [NonNullable<T>] extends [number] ? OneOrMore<NumberFilter>
  : [NonNullable<T>] extends [string] ? OneOrMore<StringFilter<NonNullable<T>>>
  : [NonNullable<T>] extends [Date] ? OneOrMore<DateFilter>
  : [NonNullable<T>] extends [ReadonlyArray<infer E>] ? FieldFilter<E, D>
  : [D] extends [never] ? never
  : FiltersFor<NonNullable<T>, D>

/** The `[key, filter]` entries of `T`: each field, and dotted paths into its nested objects. */
type Entries<T, D extends number> = {
  [K in keyof T & string]-?:
    | readonly [K, FieldFilter<T[K], Below[D]>]
    | Nested<K, T[K], Below[D]>
}[keyof T & string]

/** The dotted entries under field `K` of type `T`. */
type Nested<K extends string, T, D extends number> = unknown extends T ? readonly [`${K}.${string}`, Filters[string]]
  : [NonNullable<T>] extends [FilterValue] ? never
  : [NonNullable<T>] extends [ReadonlyArray<infer E>] ? Nested<K, E, D>
  : [D] extends [never] ? never
  : Entries<NonNullable<T>, D> extends infer E ?
    E extends readonly [infer P extends string, infer F] ? readonly [`${K}.${P}`, F]
    : never
  : never

/**
 * The filters of a list whose items are `Item`: a key per field, with dotted
 * paths into nested objects (`"Inventory.QuantityAvailable"`, `"xp.Color"`)
 * or the same as nested objects (`{ xp: { Color: "red" } }`), `Depth` levels
 * deep. Each value is typed by its field: `StringFilter`, `NumberFilter`,
 * `DateFilter`, booleans, or an array of them (AND). A field of unknown type
 * (`xp` without a Schema) takes any path below it. A key that is not a field
 * is a compile error, except an OR across fields (`"Name|Description"`),
 * whose fields are not checked.
 *
 * @since 0.1.0
 * @category models
 */
export type FiltersFor<Item, Depth extends number = 3> = {
  readonly [E in Entries<Item, Depth> | OrAcrossFields as E[0]]?: E[1] | undefined
}

/**
 * `"Name|Description": "shirt*"`: OR across fields (premium search), a key no
 * misspelt field can look like; its fields are not checked.
 */
type OrAcrossFields = readonly [`${string}|${string}`, OneOrMore<FilterValue>]

/**
 * The options every OrderCloud list operation accepts. Generated operations
 * narrow `SearchOn` and `SortBy` to the fields the API allows there, and
 * `F` to the filters of their list item (`FiltersFor<Item>`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions<
  SearchOn extends string = string,
  SortBy extends string = string,
  F = Filters
> {
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
  readonly filters?: F | undefined
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
