/**
 * Typed extended properties. Every OrderCloud model with an `xp` field
 * decodes it as `unknown` JSON by default; pass a Schema for it, per call
 * (`Products.get(id, { xp: ProductXp })`), and the response (or the body)
 * is checked against it and typed by it.
 *
 * Models that embed others (a line item's `Product` and `ShippingAddress`,
 * an order's `FromUser`) take an object instead, keyed by the embedded
 * fields, each a Schema or again such an object:
 * `{ xp: LineItemXp, Product: ProductXp, ShippingAddress: { xp: AddressXp } }`.
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
 * The default of a model with no `xp` of its own (a worksheet): every
 * embedded model's `xp` is unknown JSON.
 *
 * @since 0.1.0
 * @category models
 */
export type None = Readonly<Record<never, never>>

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
 * What the `xp` option of a call on model `S` takes: a Schema for the
 * model's own `xp`, or an object keyed by `xp` and by the fields that embed
 * a model carrying xp (`Product`, `ShippingAddress`, `Order`, `LineItems`,
 * ...), each again a Schema or such an object.
 *
 * @since 0.1.0
 * @category models
 */
export type Option<S extends Structure> = OptionOf<Schema.Schema.Type<S>>

/**
 * The decoded type of model `S` with `xp` typed by `X`: a Schema types the
 * model's own `xp`, an object (see `Option`) each level it names.
 *
 * @since 0.1.0
 * @category models
 */
export type Model<S extends Structure, X = Unknown> =
  // Any Schema at all (the option left open, as in `Parameters<typeof Products.get>`): xp is any JSON.
  [Any] extends [X] ? Schema.Schema.Type<With<S, Any>>
    : X extends Any ? Schema.Schema.Type<With<S, X>>
    : Typed<Schema.Schema.Type<S>, X>

/**
 * Replaces the `xp` field of a model struct.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withXp = <S extends Structure, X extends Any>(model: S, xp: X): With<S, X> =>
  Schema.Struct({ ...model.fields, xp: Schema.optional(Schema.NullOr(xp)) }) as unknown as With<S, X>

/** The model a field holds: the field's type, or its array's items, without `null`. */
type Inner<V> = NonNullable<V> extends ReadonlyArray<infer E> ? Inner<E> : NonNullable<V>

type Below = [never, 0, 1, 2, 3]

/** Whether `T` is a model carrying xp itself or in a model it embeds, `D` levels deep. */
type Carries<T, D extends number> = T extends Date ? false
  : T extends object ? "xp" extends keyof T ? true
    : [D] extends [never] ? false
    : true extends { readonly [K in keyof T]-?: Carries<Inner<T[K]>, Below[D]> }[keyof T] ? true
    : false
  : false

/** The fields of `T` that embed a model carrying xp. */
type Embedded<T> = {
  readonly [K in keyof T]-?: K extends "xp" ? never : Carries<Inner<T[K]>, 3> extends true ? K : never
}[
  keyof T
]

type OptionOf<T> = ("xp" extends keyof T ? Any : never) | Tree<T>

type Tree<T> =
  & ("xp" extends keyof T ? { readonly xp?: Any } : unknown)
  & { readonly [K in Embedded<T>]?: OptionOf<Inner<T[K]>> }

/** Decoded model `T` with xp typed by `X` (a Schema or an object of them) at each level. */
type Typed<T, X> = X extends Any ? { readonly [K in keyof T]: K extends "xp" ? Schema.Schema.Type<X> | null : T[K] }
  : {
    readonly [K in keyof T]: K extends keyof X ?
      K extends "xp" ? X[K] extends Any ? Schema.Schema.Type<X[K]> | null : T[K]
      : Field<T[K], X[K]>
      : T[K]
  }

/** A field's type with xp typed by `X`: the model, `null`, or an array of them. */
type Field<V, X> = V extends null | undefined ? V
  : V extends ReadonlyArray<infer E> ? ReadonlyArray<Field<E, X>>
  : Typed<V, X>
