/**
 * The envelope of every OrderCloud list response: `{ Meta, Items }`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Paging facts of a list response. `ItemRange` is 1-based and inclusive
 * (`[21, 40]` for page 2 of size 20); `NextPageKey` is set only by the few
 * lists that page by key.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Meta = Schema.Struct({
  Page: Schema.Int,
  PageSize: Schema.Int,
  TotalCount: Schema.Int,
  TotalPages: Schema.Int,
  ItemRange: Schema.optional(Schema.NullOr(Schema.Array(Schema.Int))),
  NextPageKey: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Meta extends Schema.Schema.Type<typeof Meta> {}

/**
 * One value of a facet and how many items carry it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListFacetValue = Schema.Struct({
  Value: Schema.NullOr(Schema.String),
  Count: Schema.Int
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ListFacetValue extends Schema.Schema.Type<typeof ListFacetValue> {}

/**
 * A facet of a product list (premium search only; otherwise absent or empty).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListFacet = Schema.Struct({
  Name: Schema.NullOr(Schema.String),
  XpPath: Schema.NullOr(Schema.String),
  Values: Schema.NullOr(Schema.Array(ListFacetValue)),
  xp: Schema.optional(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ListFacet extends Schema.Schema.Type<typeof ListFacet> {}

/**
 * `Meta` plus the facets of lists that support them (products, bundles).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MetaWithFacets = Schema.Struct({
  ...Meta.fields,
  Facets: Schema.optional(Schema.NullOr(Schema.Array(ListFacet)))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface MetaWithFacets extends Schema.Schema.Type<typeof MetaWithFacets> {}

/**
 * A page of `item`s.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListPage = <A, I, R>(item: Schema.Schema<A, I, R>) =>
  Schema.Struct({
    Meta,
    Items: Schema.Array(item)
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface ListPage<A> {
  readonly Meta: Meta
  readonly Items: ReadonlyArray<A>
}

/**
 * A page of `item`s whose `Meta` may carry facets.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListPageWithFacets = <A, I, R>(item: Schema.Schema<A, I, R>) =>
  Schema.Struct({
    Meta: MetaWithFacets,
    Items: Schema.Array(item)
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface ListPageWithFacets<A> {
  readonly Meta: MetaWithFacets
  readonly Items: ReadonlyArray<A>
}
