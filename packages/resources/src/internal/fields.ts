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
