import * as Schema from "effect/Schema"

/**
 * An ISO-8601 date and time: a `Date` in programs, the string OrderCloud
 * sends and expects on the wire (any offset or fraction is read).
 * @internal
 */
export const DateTime = Schema.Date

const encoder = /* @__PURE__ */ new TextEncoder()

/** A UTF-16 code unit is at most 3 bytes of UTF-8: short text needs no encoding to be measured. */
const fitsInBytes = (text: string, limit: number): boolean =>
  text.length * 3 <= limit || encoder.encode(text).length <= limit

const withinXpLimit = (value: unknown): boolean => {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {
    // A cycle, a BigInt, a getter that throws: the body's own serialization
    // refuses it, naming the exact place inside xp.
    return true
  }
  return fitsInBytes(text ?? "", 8000)
}

/**
 * `xp` in a request body: any JSON, at most 8000 bytes once serialized
 * (OrderCloud's limit), checked before sending.
 * @internal
 */
export const Xp = /* @__PURE__ */ Schema.Unknown.pipe(
  /* @__PURE__ */ Schema.filter(withinXpLimit, {
    description: "JSON of at most 8000 bytes (OrderCloud's limit for xp)"
  })
)

// The fields most models share, built once: a model's Struct takes these
// instead of building the same optional Schema again for each of its fields
// (hundreds at import). Immutable, so one is safely in many Structs.

/** @internal */
export const OptionalString = /* @__PURE__ */ Schema.optional(Schema.String)

/** @internal */
export const OptionalNullableString = /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Schema.String))

/** @internal */
export const OptionalNumber = /* @__PURE__ */ Schema.optional(Schema.Number)

/** @internal */
export const OptionalNullableNumber = /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Schema.Number))

/** @internal */
export const OptionalInt = /* @__PURE__ */ Schema.optional(Schema.Int)

/** @internal */
export const OptionalNullableInt = /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Schema.Int))

/** @internal */
export const OptionalFinite = /* @__PURE__ */ Schema.optional(Schema.Finite)

/** @internal */
export const OptionalNullableFinite = /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Schema.Finite))

/** @internal */
export const OptionalBoolean = /* @__PURE__ */ Schema.optional(Schema.Boolean)

/** @internal */
export const OptionalNullableBoolean = /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Schema.Boolean))

/** @internal */
export const OptionalDateTime = /* @__PURE__ */ Schema.optional(DateTime)

/** @internal */
export const OptionalNullableDateTime = /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(DateTime))

/** @internal */
export const OptionalUnknown = /* @__PURE__ */ Schema.optional(Schema.Unknown)

/** @internal */
export const OptionalNullableUnknown = /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Schema.Unknown))

/** @internal */
export const OptionalXp = /* @__PURE__ */ Schema.optional(Xp)

/** @internal */
export const OptionalNullableXp = /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Xp))
