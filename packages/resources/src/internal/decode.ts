/**
 * Straight-line response decoders: the pieces the generated decoders
 * (`generated/decoders/*`) are built from, and the list page decoder.
 *
 * A decoder returns exactly what decoding with the response Schema
 * (`errors: "all"`, `onExcessProperty: "ignore"`) returns, or `undefined`
 * whenever the Schema would refuse the input or the decoder cannot be sure.
 * The Schema then runs and reports the issues, so `undefined` is always safe.
 */
import type * as ListPage from "@ordercloud-effect/core/ListPage"

/** @internal */
export type Decoder<A> = (input: unknown) => A | undefined

/** A decoded model while its fields are filled in. @internal */
export type Mutable<A> = { -readonly [K in keyof A]: A[K] }

/**
 * An object as `JSON.parse` makes them: own keys only behind a plain
 * prototype, so `key in input` means an own key for every name that
 * `Object.prototype` lacks. Other objects (arrays, class instances) go to
 * the Schema.
 * @internal
 */
export const isObject = (input: unknown): input is Readonly<Record<string, unknown>> => {
  if (typeof input !== "object" || input === null) return false
  const proto: unknown = Object.getPrototypeOf(input)
  return proto === Object.prototype || proto === null
}

/** @internal */
export const string: Decoder<string> = (input) => typeof input === "string" ? input : undefined

/** `Schema.Number` takes every number (a JSON body cannot hold NaN or Infinity). @internal */
export const number: Decoder<number> = (input) => typeof input === "number" ? input : undefined

/** `Schema.Int`: a safe integer. @internal */
export const int: Decoder<number> = (input) =>
  typeof input === "number" && Number.isSafeInteger(input) ? input : undefined

/** @internal */
export const boolean: Decoder<boolean> = (input) => typeof input === "boolean" ? input : undefined

/** `Schema.Date`: a string `new Date` reads as a valid date. @internal */
export const date: Decoder<Date> = (input) => {
  if (typeof input !== "string") return undefined
  const value = new Date(input)
  return Number.isNaN(value.getTime()) ? undefined : value
}

/** `Schema.Literal(...values)`. @internal */
export const literal = <const L extends ReadonlyArray<string>>(...values: L): Decoder<L[number]> => (input) => {
  for (const value of values) {
    if (input === value) return value
  }
  return undefined
}

/** The type a decoder gives. @internal */
export type Decoded<D> = D extends Decoder<infer A> ? A : never

/** `Schema.Union(...members)` of members no value satisfies twice: the first that decodes. @internal */
export const union = <const Members extends ReadonlyArray<Decoder<unknown>>>(
  ...members: Members
): Decoder<Decoded<Members[number]>> =>
(input) => {
  for (const member of members) {
    // Each member is one of `Members`, so what it decodes is one of theirs.
    const value = member(input) as Decoded<Members[number]> | undefined
    if (value !== undefined) return value
  }
  return undefined
}

/** `Schema.Array(item)`: a new array of the decoded items. @internal */
export const array = <A>(input: unknown, item: Decoder<A>): Array<A> | undefined => {
  if (!Array.isArray(input)) return undefined
  const out: Array<A> = []
  for (let i = 0; i < input.length; i++) {
    const value = item(input[i])
    if (value === undefined) return undefined
    out.push(value)
  }
  return out
}

/** `Schema.Array(Schema.Unknown)`: a copy, holes read as `undefined` as the Schema reads them. @internal */
export const unknowns = (input: unknown): Array<unknown> | undefined => {
  if (!Array.isArray(input)) return undefined
  const out: Array<unknown> = []
  for (let i = 0; i < input.length; i++) out.push(input[i])
  return out
}

const ints: Decoder<Array<number>> = (input) => array(input, int)

const facetValue: Decoder<ListPage.ListFacetValue> = (input) => {
  if (!isObject(input)) return undefined
  const value = input.Value
  const count = input.Count
  if (!(value === null || typeof value === "string")) return undefined
  if (!(typeof count === "number" && Number.isSafeInteger(count))) return undefined
  return { Value: value, Count: count }
}

const facet: Decoder<ListPage.ListFacet> = (input) => {
  if (!isObject(input)) return undefined
  const name = input.Name
  const xpPath = input.XpPath
  const values = input.Values
  if (!(name === null || typeof name === "string")) return undefined
  if (!(xpPath === null || typeof xpPath === "string")) return undefined
  const decodedValues = values === null ? null : array(values, facetValue)
  if (decodedValues === undefined) return undefined
  const out: Mutable<ListPage.ListFacet> = { Name: name, XpPath: xpPath, Values: decodedValues }
  const xp = input.xp
  if (xp !== undefined || "xp" in input) out.xp = xp
  return out
}

const facets: Decoder<Array<ListPage.ListFacet>> = (input) => array(input, facet)

const meta = (input: unknown, withFacets: boolean): ListPage.MetaWithFacets | undefined => {
  if (!isObject(input)) return undefined
  const page = int(input.Page)
  const pageSize = int(input.PageSize)
  const totalCount = int(input.TotalCount)
  const totalPages = int(input.TotalPages)
  if (page === undefined || pageSize === undefined || totalCount === undefined || totalPages === undefined) {
    return undefined
  }
  const out: Mutable<ListPage.MetaWithFacets> = {
    Page: page,
    PageSize: pageSize,
    TotalCount: totalCount,
    TotalPages: totalPages
  }
  // Optional and nullable: absent stays absent, `undefined` and `null` stay as they are.
  const itemRange = input.ItemRange
  if (itemRange !== undefined) {
    const decoded = itemRange === null ? null : ints(itemRange)
    if (decoded === undefined) return undefined
    out.ItemRange = decoded
  } else if ("ItemRange" in input) out.ItemRange = undefined
  const nextPageKey = input.NextPageKey
  if (nextPageKey !== undefined) {
    if (!(nextPageKey === null || typeof nextPageKey === "string")) return undefined
    out.NextPageKey = nextPageKey
  } else if ("NextPageKey" in input) out.NextPageKey = undefined
  if (!withFacets) return out
  const listFacets = input.Facets
  if (listFacets !== undefined) {
    const decoded = listFacets === null ? null : facets(listFacets)
    if (decoded === undefined) return undefined
    out.Facets = decoded
  } else if ("Facets" in input) out.Facets = undefined
  return out
}

/**
 * The decoder of a list page whose items `item` decodes: `ListPage.ListPage`
 * or, with `withFacets`, `ListPage.ListPageWithFacets`.
 * @internal
 */
export const page = <A>(item: Decoder<A>, withFacets: boolean): Decoder<ListPage.ListPageWithFacets<A>> => (input) => {
  if (!isObject(input)) return undefined
  const decodedMeta = meta(input.Meta, withFacets)
  if (decodedMeta === undefined) return undefined
  const items = array(input.Items, item)
  return items === undefined ? undefined : { Meta: decodedMeta, Items: items }
}
