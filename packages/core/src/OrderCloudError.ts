/**
 * Every way an OrderCloud call can fail, as tagged values.
 *
 * A response with an error status becomes the class for that status
 * (`NotFound`, `Conflict`, ...), whatever its body looks like. Input that is
 * wrong fails with `InvalidRequest` before anything is sent. Nothing here ever
 * holds an access token, password or client secret: URLs have sensitive query
 * values masked and validation messages never quote the rejected value.
 *
 * OrderCloud's `ErrorCode` tells apart failures of one status (a 400 may be
 * `Order.CannotSubmitWithNoLineItems` or `PriceSchedule.CannotExceedMax`):
 * `catchCode` and `hasCode` handle them like tags, and take only codes the
 * API documents, so a misspelt code is a compile error.
 *
 * @since 0.1.0
 */
import type * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { ApiError } from "./ApiError.js"
import * as ErrorCode from "./ErrorCode.js"
import * as Issues from "./internal/issues.js"

const statusFields = {
  /** The HTTP status code of the response. */
  status: Schema.Number,
  /** The request method. */
  method: Schema.String,
  /** The request URL, with sensitive query values masked. */
  url: Schema.String,
  /** The decoded `Errors` array; empty when the body was not OrderCloud's shape. */
  errors: Schema.Array(ApiError),
  /** `errors[0].ErrorCode`, the code to branch on (with `catchCode`, `hasCode`). */
  errorCode: Schema.UndefinedOr(ErrorCode.AnySchema)
}

interface StatusFields {
  readonly _tag: string
  readonly status: number
  readonly method: string
  readonly url: string
  readonly errors: ReadonlyArray<ApiError>
  readonly errorCode: ErrorCode.Any | undefined
}

const describeStatus = (self: StatusFields): string => {
  const first = self.errors[0]
  const detail = first === undefined
    ? ""
    : `: ${first.ErrorCode ?? "(no code)"}${first.Message ? ` - ${first.Message}` : ""}`
  return `${self._tag} (${self.status}) on ${self.method} ${self.url}${detail}`
}

/**
 * 400: the request is wrong or breaks a business rule (`ValidationFailure`,
 * `PriceSchedule.CannotExceedMax`, `Order.CannotSubmitWithNoLineItems`, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", statusFields) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * 401: the access token is missing, expired, forged or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", statusFields) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * 403: the token lacks a role this operation needs (`Data.SufficientRoles`
 * lists roles any one of which would do).
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", statusFields) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * 404: the object, or a parent named in the path, does not exist or is not
 * visible to the caller (`Data: { ObjectType, ObjectID }`).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", statusFields) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * 409: the ID is already taken in its uniqueness scope.
 *
 * @since 0.1.0
 * @category errors
 */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", statusFields) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * 429: the caller is being throttled.
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()("TooManyRequests", statusFields) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * 500: a platform fault.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServerError extends Schema.TaggedError<InternalServerError>()(
  "InternalServerError",
  statusFields
) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * 502, 503 or 504: the platform or a gateway in front of it is unavailable;
 * trying again later may work.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()(
  "ServiceUnavailable",
  statusFields
) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * Any other non-2xx status (405, 408, 413, 501, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedStatus extends Schema.TaggedError<UnexpectedStatus>()("UnexpectedStatus", statusFields) {
  override get message(): string {
    return describeStatus(this)
  }
}

/**
 * The errors that carry an HTTP status and OrderCloud's `Errors` array.
 *
 * @since 0.1.0
 * @category errors
 */
export type StatusError =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | TooManyRequests
  | InternalServerError
  | ServiceUnavailable
  | UnexpectedStatus

/**
 * The one table from status code to error class.
 *
 * @since 0.1.0
 * @category errors
 */
export const statusErrors: { readonly [status: number]: StatusErrorClass | undefined } = {
  400: BadRequest,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  409: Conflict,
  429: TooManyRequests,
  500: InternalServerError,
  502: ServiceUnavailable,
  503: ServiceUnavailable,
  504: ServiceUnavailable
}

type StatusErrorClass = new(fields: {
  readonly status: number
  readonly method: string
  readonly url: string
  readonly errors: ReadonlyArray<ApiError>
  readonly errorCode: ErrorCode.Any | undefined
}) => StatusError

/**
 * Builds the error for a status code from the table, `UnexpectedStatus` for
 * codes it does not list.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStatus = (fields: {
  readonly status: number
  readonly method: string
  readonly url: string
  readonly errors: ReadonlyArray<ApiError>
}): StatusError => {
  const ErrorClass = statusErrors[fields.status] ?? UnexpectedStatus
  // The fields are built here, not read from outside: no need to validate them again.
  return new ErrorClass({
    ...fields,
    errorCode: fields.errors[0]?.ErrorCode ?? undefined
  }, true)
}

/**
 * One problem found in a value that failed validation: where, and what was
 * expected. The rejected value itself is never included.
 *
 * @since 0.1.0
 * @category models
 */
export const Issue = Schema.Struct({
  path: Schema.String,
  message: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Issue extends Schema.Schema.Type<typeof Issue> {}

/**
 * The issues of a failed Schema decode or encode, each as a path and what
 * was expected there, never with the value that failed (it may be a
 * password or a token).
 *
 * @since 0.1.0
 * @category constructors
 */
export const issuesOf = (error: ParseResult.ParseError): Array<Issue> => Issues.fromParseIssue(error.issue)

/**
 * The request was refused before anything was sent: a path parameter that is
 * empty or a dot segment, a list option that cannot be serialized, a body
 * that does not match its schema, a header value with a line break, a header
 * fetch forbids (`Host`, `Transfer-Encoding`, ...), an absolute URL where
 * a path was expected, or an `xp` option that names no field of the model.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  /** Which part of the request was refused. */
  reason: Schema.Literal("PathParameter", "Query", "Body", "Header", "Url", "Session", "Option"),
  /** What was wrong and how to fix it. */
  detail: Schema.String,
  /** For bodies: each field that failed, without its value. */
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    const issues = this.issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join("")
    return `InvalidRequest (${this.reason}): ${this.detail}${issues}`
  }
}

/**
 * The request did not get an answer: connection refused or reset, DNS
 * failure, a body cut short.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  method: Schema.String,
  url: Schema.String,
  /** The low-level failure (never the request, which holds headers). */
  cause: Schema.Defect
}) {
  override get message(): string {
    const cause = this.cause instanceof Error ? `: ${this.cause.message}` : ""
    return `TransportError on ${this.method} ${this.url}${cause}`
  }
}

/**
 * A 2xx response whose body is not what the operation returns.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends Schema.TaggedError<ResponseDecodeError>()("ResponseDecodeError", {
  status: Schema.Number,
  method: Schema.String,
  url: Schema.String,
  detail: Schema.String,
  issues: Schema.Array(Issue)
}) {
  override get message(): string {
    const issues = this.issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join("")
    return `ResponseDecodeError (${this.status}) on ${this.method} ${this.url}: ${this.detail}${issues}`
  }
}

/**
 * The whole call (every attempt, every wait between attempts and reading the
 * body) took longer than its deadline.
 *
 * @since 0.1.0
 * @category errors
 */
export class Timeout extends Schema.TaggedError<Timeout>()("Timeout", {
  method: Schema.String,
  url: Schema.String,
  /** The deadline, in milliseconds. */
  timeoutMillis: Schema.Number
}) {
  override get message(): string {
    return `Timeout on ${this.method} ${this.url}: no complete response within ${this.timeoutMillis} ms`
  }
}

/**
 * The server answered with a redirect the client does not follow: to another
 * origin (including `https:` to `http:`), or to a `Location` that is not a
 * URL. OrderCloud does not redirect API calls, so such an answer is refused
 * rather than sending the request, its headers or its body anywhere else;
 * nothing was sent to the `location`. It is never retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class RedirectRefused extends Schema.TaggedError<RedirectRefused>()("RedirectRefused", {
  /** The redirect status (301, 302, 303, 307 or 308). */
  status: Schema.Number,
  method: Schema.String,
  /** The URL that answered with the redirect, with sensitive query values masked. */
  url: Schema.String,
  /** Where the redirect pointed, without credentials or fragment and with sensitive query values masked. */
  location: Schema.String,
  /** Why it was not followed. */
  detail: Schema.String
}) {
  override get message(): string {
    return `RedirectRefused (${this.status}) on ${this.method} ${this.url} to ${this.location}: ${this.detail}`
  }
}

/**
 * The token endpoint refused to issue a token (`InvalidGrant`,
 * `InvalidCredentials`, `Auth.*`). The submitted credentials are never part
 * of it.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationFailed extends Schema.TaggedError<AuthenticationFailed>()("AuthenticationFailed", {
  status: Schema.Number,
  url: Schema.String,
  /** The OAuth `error` field (`invalid_grant`, ...), when present. */
  oauthError: Schema.UndefinedOr(Schema.String),
  errors: Schema.Array(ApiError),
  errorCode: Schema.UndefinedOr(ErrorCode.AnySchema)
}) {
  override get message(): string {
    const code = this.errorCode ?? this.oauthError ?? "(no code)"
    const first = this.errors[0]?.Message
    return `AuthenticationFailed (${this.status}) at ${this.url}: ${code}${first ? ` - ${first}` : ""}`
  }
}

/**
 * Every error an OrderCloud call can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type OrderCloudError =
  | StatusError
  | InvalidRequest
  | TransportError
  | ResponseDecodeError
  | Timeout
  | RedirectRefused
  | AuthenticationFailed

/**
 * The errors that carry OrderCloud's first `ErrorCode`.
 *
 * @since 0.1.0
 * @category errors
 */
export type WithErrorCode = StatusError | AuthenticationFailed

/**
 * The members of `E` that carry an error code, with the code known to be `C`.
 *
 * @since 0.1.0
 * @category errors
 */
export type HavingCode<E, C extends ErrorCode.ErrorCode> =
  & Extract<E, { readonly errorCode: ErrorCode.Any | undefined }>
  & { readonly errorCode: C }

const matches = (error: unknown, codes: ReadonlyArray<string>): boolean =>
  typeof error === "object" && error !== null && "errorCode" in error && typeof error.errorCode === "string" &&
  codes.includes(error.errorCode)

/**
 * Whether an error's first `ErrorCode` is one of `codes`, narrowing it to the
 * errors that carry a code. Codes are checked at compile time: only those
 * OrderCloud documents are accepted.
 *
 * @example
 * ```ts
 * import { OrderCloudError } from "@ordercloud-effect/core"
 *
 * const error: OrderCloudError.OrderCloudError = new OrderCloudError.BadRequest({
 *   status: 400,
 *   method: "POST",
 *   url: "https://sandbox.ordercloud.io/v1/orders/Outgoing/o1/submit",
 *   errors: [],
 *   errorCode: "Order.CannotSubmitWithNoLineItems"
 * })
 * if (OrderCloudError.hasCode(error, "Order.CannotSubmitWithNoLineItems")) {
 *   // `error` is a status error here, its `errorCode` that code
 *   console.log(error.status, error.errorCode) // 400 Order.CannotSubmitWithNoLineItems
 * }
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const hasCode: {
  <const Codes extends Arr.NonEmptyReadonlyArray<ErrorCode.ErrorCode>>(
    ...codes: Codes
  ): <E>(error: E) => error is HavingCode<E, Codes[number]>
  <E, const Codes extends Arr.NonEmptyReadonlyArray<ErrorCode.ErrorCode>>(
    error: E,
    ...codes: Codes
  ): error is HavingCode<E, Codes[number]>
} = dual(
  (args) => typeof args[0] !== "string",
  <E, C extends ErrorCode.ErrorCode>(error: E, ...codes: ReadonlyArray<C>): error is HavingCode<E, C> =>
    matches(error, codes)
)

/**
 * Recovers from the errors whose first `ErrorCode` is one of the given codes,
 * as `Effect.catchTag` does for tags; the handler sees the error narrowed to
 * those codes. Other errors, and errors of the same class with another code,
 * pass through. A code OrderCloud does not document is a compile error.
 *
 * @example
 * ```ts
 * import { OrderCloudError } from "@ordercloud-effect/core"
 * import { Effect } from "effect"
 *
 * // What `Orders.submit` fails with for an order without line items.
 * const submit: Effect.Effect<string, OrderCloudError.OrderCloudError> = Effect.fail(
 *   new OrderCloudError.BadRequest({
 *     status: 400,
 *     method: "POST",
 *     url: "https://sandbox.ordercloud.io/v1/orders/Outgoing/o1/submit",
 *     errors: [],
 *     errorCode: "Order.CannotSubmitWithNoLineItems"
 *   })
 * )
 * const program = submit.pipe(
 *   OrderCloudError.catchCode("Order.CannotSubmitWithNoLineItems", (error) =>
 *     Effect.succeed(`back to the cart (${error.status})`))
 * )
 * Effect.runPromise(program).then(console.log) // back to the cart (400)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const catchCode: {
  <E, const Codes extends Arr.NonEmptyReadonlyArray<ErrorCode.ErrorCode>, A1, E1, R1>(
    ...args: [...codes: Codes, f: (error: NoInfer<HavingCode<E, Codes[number]>>) => Effect.Effect<A1, E1, R1>]
  ): <A, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A | A1, E | E1, R | R1>
  <A, E, R, const Codes extends Arr.NonEmptyReadonlyArray<ErrorCode.ErrorCode>, A1, E1, R1>(
    self: Effect.Effect<A, E, R>,
    ...args: [...codes: Codes, f: (error: NoInfer<HavingCode<E, Codes[number]>>) => Effect.Effect<A1, E1, R1>]
  ): Effect.Effect<A | A1, E | E1, R | R1>
} = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R, C extends ErrorCode.ErrorCode, A1, E1, R1>(
    self: Effect.Effect<A, E, R>,
    ...args: [...codes: ReadonlyArray<C>, f: (error: HavingCode<E, C>) => Effect.Effect<A1, E1, R1>]
  ): Effect.Effect<A | A1, E | E1, R | R1> => {
    const f = args[args.length - 1]
    const codes = args.filter((arg): arg is C => typeof arg === "string")
    return typeof f === "function"
      ? Effect.catchIf(self, (error): error is HavingCode<E, C> => matches(error, codes), f)
      : self
  }
)
