/**
 * OrderCloud's error codes as a type: the `ErrorCode` of an error body
 * (`NotFound`, `IdExists`, `Order.CannotSubmitWithNoLineItems`, ...), one
 * literal per code the API documents, each with its meaning (see
 * `ErrorCodes`, generated from `spec/ordercloud/error-codes.json`).
 *
 * A code read from a response is `ErrorCode.Any`: one of the known codes, or
 * any other string, so a code the API adds later still decodes. Branch on
 * codes with `OrderCloudError.catchCode` and `OrderCloudError.hasCode`, which
 * take known codes only: a misspelt code does not compile there.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Generated from "./generated/ErrorCodes.js"

/**
 * Every documented code, each key with its meaning (go to its definition to
 * read it); the value is the code's group.
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorCodes extends Generated.ErrorCodes {}

/**
 * One of the error codes OrderCloud documents.
 *
 * @since 0.1.0
 * @category models
 */
export type ErrorCode = keyof ErrorCodes

/**
 * A code as read from a response: a known `ErrorCode` (offered by
 * autocompletion) or any other string the API may answer with.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = ErrorCode | (string & {})

/**
 * The group of a code: the part before the dot (`"Order"` for
 * `Order.CannotSubmitWithNoLineItems`), `null` for a code without one.
 *
 * @since 0.1.0
 * @category models
 */
export type Group = NonNullable<ErrorCodes[ErrorCode]>

/**
 * The codes of one group (`ErrorCode.InGroup<"Order">`).
 *
 * @since 0.1.0
 * @category models
 */
export type InGroup<G extends Group> = { [C in ErrorCode]: ErrorCodes[C] extends G ? C : never }[ErrorCode]

/**
 * Every documented code, in order.
 *
 * @since 0.1.0
 * @category constants
 */
export const all: ReadonlyArray<ErrorCode> = Generated.errorCodes

const known: ReadonlySet<string> = /* @__PURE__ */ new Set(Generated.errorCodes)

/**
 * Whether a value is one of the documented codes.
 *
 * @since 0.1.0
 * @category guards
 */
export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === "string" && known.has(value)

/**
 * The Schema of a code read from a response: any string, typed `Any`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AnySchema: Schema.Schema<Any, string> = Schema.String
