/**
 * The error body OrderCloud answers with on every 4xx and 5xx:
 * `{ "Errors": [{ "ErrorCode", "Message", "Data" }] }`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as ErrorCode from "./ErrorCode.js"
import * as Body from "./internal/body.js"

/**
 * One entry of an OrderCloud error body. `ErrorCode` is what programs branch on
 * (`NotFound`, `IdExists`, `Order.CannotSubmitWithNoLineItems`, ...; see
 * `ErrorCode`); `Data`
 * carries details such as `{ ObjectType, ObjectID }` for a missing object.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApiError = Schema.Struct({
  ErrorCode: Schema.NullOr(ErrorCode.AnySchema),
  Message: Schema.NullOr(Schema.String),
  Data: Schema.optional(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ApiError extends Schema.Schema.Type<typeof ApiError> {}

/**
 * The whole error body. Unknown extra fields (the token endpoint adds `error`
 * and `error_description`) are ignored.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApiErrorBody = Schema.Struct({
  Errors: Schema.Array(ApiError)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ApiErrorBody extends Schema.Schema.Type<typeof ApiErrorBody> {}

const asString = (value: unknown): string | null => typeof value === "string" ? value : null

/**
 * Reads the `Errors` of an error body leniently: a body of any other shape
 * (a gateway's HTML, empty, cut short) gives an empty list, never a failure.
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromBody = (text: string): ReadonlyArray<ApiError> => {
  const parsed = Body.parseJson(text)
  if (!parsed.ok || typeof parsed.json !== "object" || parsed.json === null) return []
  const list = (parsed.json as { readonly Errors?: unknown }).Errors
  if (!Array.isArray(list)) return []
  return list.flatMap((entry): Array<ApiError> =>
    typeof entry === "object" && entry !== null
      ? [{
        ErrorCode: asString((entry as Record<string, unknown>).ErrorCode),
        Message: asString((entry as Record<string, unknown>).Message),
        Data: (entry as Record<string, unknown>).Data
      }]
      : []
  )
}
