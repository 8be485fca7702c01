/**
 * Typed extended properties. Every OrderCloud model with an `xp` field
 * decodes it as `unknown` JSON by default; pass a Schema for it, per call
 * (`Products.get(id, { xp: ProductXp })`), and the response (or the body)
 * is checked against it and typed by it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A Schema that can stand for `xp`.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = Schema.Schema.AnyNoContext

/**
 * The default: `xp` is unknown JSON.
 *
 * @since 0.1.0
 * @category models
 */
export type Unknown = typeof Schema.Unknown

/**
 * A model schema: a struct with fields (generated models are).
 *
 * @since 0.1.0
 * @category models
 */
export interface Structure {
  readonly fields: Schema.Struct.Fields
}

/**
 * A model struct whose `xp` field is `X`.
 *
 * @since 0.1.0
 * @category models
 */
export type With<S extends Structure, X extends Any> = Schema.Struct<
  Omit<S["fields"], "xp"> & { readonly xp: Schema.optional<Schema.NullOr<X>> }
>

/**
 * The decoded type of model `S` with `xp` typed by `X`.
 *
 * @since 0.1.0
 * @category models
 */
export type Model<S extends Structure, X extends Any = Unknown> = Schema.Schema.Type<
  With<S, X>
>

/**
 * Replaces the `xp` field of a model struct.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withXp = <S extends Structure, X extends Any>(model: S, xp: X): With<S, X> =>
  Schema.Struct({ ...model.fields, xp: Schema.optional(Schema.NullOr(xp)) }) as unknown as With<S, X>
