/**
 * Shared steps of the receiving apps: decoding a verified body with a
 * Schema, and the JSON answers for failures (OrderCloud's `Errors` shape,
 * never a stack).
 *
 * @internal
 */
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InvalidPayload, InvalidSignature } from "../ReceiveError.js"
import * as Encoding from "./encoding.js"

/** The body as JSON. @internal */
export const json = (bytes: Uint8Array): Effect.Effect<unknown, InvalidPayload> => {
  const text = Encoding.text(bytes)
  if (text === undefined) return Effect.fail(new InvalidPayload({ detail: "the body is not UTF-8" }))
  return Effect.try({
    try: (): unknown => JSON.parse(text),
    catch: () => new InvalidPayload({ detail: "the body is not JSON" })
  })
}

/** Decodes with a Schema, excess properties ignored (OrderCloud adds fields over time). @internal */
export const decode = <S extends Schema.Schema.AnyNoContext>(
  schema: S,
  value: unknown,
  at: string
): Effect.Effect<Schema.Schema.Type<S>, InvalidPayload> =>
  Effect.mapError(
    Schema.decodeUnknown(schema)(value, { onExcessProperty: "ignore" }),
    (error) => new InvalidPayload({ detail: `${at}: ${ParseResult.TreeFormatter.formatErrorSync(error)}` })
  )

/** Failures the receiving apps answer themselves (401, 400). @internal */
export const isRefusal = (error: unknown): error is InvalidSignature | InvalidPayload =>
  error instanceof InvalidSignature || error instanceof InvalidPayload

/** The answer to a refusal. @internal */
export const refusal = (error: InvalidSignature | InvalidPayload): HttpServerResponse.HttpServerResponse =>
  error._tag === "InvalidSignature"
    ? errorResponse(401, "InvalidSignature", error.message)
    : errorResponse(400, "InvalidPayload", error.message)

/**
 * Answers a failed or dead handler: refusals as themselves, anything else
 * logged and answered 500 with `errorCode`, never with the cause.
 *
 * @internal
 */
export const recover = (
  cause: Cause.Cause<unknown>,
  errorCode: string,
  message: string
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure) && isRefusal(failure.value)) return Effect.succeed(refusal(failure.value))
  return Effect.as(Effect.logError(message, cause), errorResponse(500, errorCode, message))
}

/** An error answer in OrderCloud's shape. @internal */
export const errorResponse = (
  status: number,
  errorCode: string,
  message: string
): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson({ Errors: [{ ErrorCode: errorCode, Message: message }] }, { status })
