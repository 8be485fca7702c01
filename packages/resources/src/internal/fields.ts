import * as Schema from "effect/Schema"

/**
 * An ISO-8601 date and time: a `Date` in programs, the string OrderCloud
 * sends and expects on the wire (any offset or fraction is read).
 * @internal
 */
export const DateTime = Schema.Date

const encoder = /* @__PURE__ */ new TextEncoder()

/**
 * `xp` in a request body: any JSON, at most 8000 bytes once serialized
 * (OrderCloud's limit), checked before sending.
 * @internal
 */
export const Xp = /* @__PURE__ */ Schema.Unknown.pipe(
  /* @__PURE__ */ Schema.filter((value) => encoder.encode(JSON.stringify(value) ?? "").length <= 8000, {
    message: () => "xp must be at most 8000 bytes of JSON"
  })
)
