/**
 * The service that executes OrderCloud operations.
 *
 * One call: validate and encode the input with its Schemas (bad input fails
 * with `InvalidRequest` and nothing is sent), build the URL (base + `/v1` +
 * the path with each parameter percent-encoded + the list query), send it
 * through the middleware stack with the current `Session`'s token, turn an
 * error status into its tagged error, and decode a success body with the
 * operation's response Schema. Each call is a span named after the operation.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { OrderCloudClient, OrderCloudConfig, Session } from "@ordercloud-effect/core"
 * import { Effect, Layer, Redacted, Schema } from "effect"
 *
 * // The resources package generates operations like this one for the whole API.
 * const getProduct = OrderCloudClient.operation({
 *   id: "Products.get",
 *   method: "GET",
 *   path: "/products/{productID}",
 *   body: undefined,
 *   response: Schema.Struct({ ID: Schema.String, Name: Schema.String })
 * })
 *
 * // Effect<{ ID: string; Name: string }, OrderCloudError, OrderCloudClient | Session>
 * export const shirt = OrderCloudClient.execute(getProduct, { path: { productID: "shirt-01" } })
 *
 * // The client over the platform's fetch, configured from ORDERCLOUD_* variables,
 * // and a fixed token for the session (the auth package has one layer per grant).
 * const live = Layer.merge(
 *   OrderCloudClient.layer.pipe(Layer.provide(OrderCloudConfig.layerConfig()), Layer.provide(FetchHttpClient.layer)),
 *   Session.layerToken(Redacted.make("an access token"))
 * )
 * export const program = shirt.pipe(Effect.provide(live))
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as ApiError from "./ApiError.js"
import * as Auth from "./internal/auth.js"
import * as Body from "./internal/body.js"
import * as Path from "./internal/path.js"
import * as Query from "./internal/query.js"
import * as Transport from "./internal/transport.js"
import * as Tunnel from "./internal/tunnel.js"
import * as Url from "./internal/url.js"
import type { ListOptions } from "./ListOptions.js"
import * as Middleware from "./Middleware.js"
import { OrderCloudConfig } from "./OrderCloudConfig.js"
import type * as OrderCloudConfigModule from "./OrderCloudConfig.js"
import * as OrderCloudError from "./OrderCloudError.js"
import { Session } from "./Session.js"

/**
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * The description of one API operation, as the generated resources declare it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Operation<
  BodySchema extends Schema.Schema.AnyNoContext | undefined = Schema.Schema.AnyNoContext | undefined,
  ResponseSchema extends Schema.Schema.AnyNoContext | undefined = Schema.Schema.AnyNoContext | undefined
> {
  /** The span name, e.g. `Products.get`. */
  readonly id: string
  readonly method: Method
  /** Relative to `/{apiVersion}`, with `{name}` placeholders: `/products/{productID}`. */
  readonly path: string
  /** The operation's own query parameter names (a filter may not reuse them). */
  readonly queryParams?: ReadonlyArray<string> | undefined
  /**
   * A POST that creates an object whose `ID` the body may choose: safe to
   * resend once the body names its `ID` (the Retry plugin can choose one).
   */
  readonly create?: boolean | undefined
  /**
   * For a create: the path that reads the new object back, `path`'s
   * parameters plus a last one for the new ID (`/products/{productID}`).
   * Lets a resent create that meets `IdExists` find what an earlier attempt wrote.
   */
  readonly read?: string | undefined
  /** `auth`: the path is at the root of the auth URL (`/oauth/...`), not under `/{apiVersion}`. */
  readonly host?: "api" | "auth" | undefined
  /** `false` for the few operations that take no access token (`/oauth/token`, `/oauth/certs`). */
  readonly authenticated?: boolean | undefined
  /** How the body is sent: JSON (default) or a form (`/oauth/token`). */
  readonly bodyEncoding?: "json" | "form" | undefined
  readonly body: BodySchema
  /** `undefined` when the operation answers with no body (204). */
  readonly response: ResponseSchema
  /**
   * A fast decoder of the parsed JSON body, tried before `response`: it
   * returns exactly what decoding with the `response` Schema returns, or
   * `undefined` to let the Schema decide (and report the issues).
   */
  readonly decode?: ((json: unknown) => unknown) | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export type BodyOf<O extends Operation> = O["body"] extends Schema.Schema.AnyNoContext ? Schema.Schema.Type<O["body"]>
  : never

/**
 * @since 0.1.0
 * @category models
 */
export type ResponseOf<O extends Operation> = O["response"] extends Schema.Schema.AnyNoContext
  ? Schema.Schema.Type<O["response"]>
  : void

/**
 * What running an operation requires: a `Session`, unless the operation
 * takes no access token.
 *
 * @since 0.1.0
 * @category models
 */
export type RequirementsOf<O extends Operation> = O["authenticated"] extends false ? never : Session

/**
 * A named query parameter value; arrays are sent comma-joined.
 *
 * @since 0.1.0
 * @category models
 */
export type QueryValue = string | number | boolean | Date | ReadonlyArray<string> | undefined

/**
 * The input of one call.
 *
 * @since 0.1.0
 * @category models
 */
export interface Input<Body = unknown> {
  readonly path?: Readonly<Record<string, string>> | undefined
  readonly query?: Readonly<Record<string, QueryValue>> | undefined
  readonly list?: ListOptions | undefined
  readonly body?: Body | undefined
  /**
   * Extra request headers: no CR/LF, no `Authorization` (it comes from the
   * session), none that fetch sets itself (`Host`, `Content-Length`,
   * `Transfer-Encoding`, `Connection`, `Proxy-*`, `Sec-*`, ...).
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly config: OrderCloudConfigModule.Service
  /** Runs an operation as the current `Session`. */
  readonly execute: <O extends Operation>(
    operation: O,
    input?: Input<BodyOf<O>>
  ) => Effect.Effect<ResponseOf<O>, OrderCloudError.OrderCloudError, RequirementsOf<O>>
  /**
   * Sends a raw request through the stack with no session (the token
   * endpoint uses it). Error statuses are returned as responses.
   */
  readonly send: (
    request: HttpClientRequest.HttpClientRequest,
    options?: SendOptions
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, OrderCloudError.OrderCloudError>
}

/**
 * What plugins are told about a raw request (see `Middleware.currentCall`).
 *
 * @since 0.1.0
 * @category models
 */
export interface SendOptions {
  /** The name logs and plugins see. */
  readonly operationId?: string | undefined
  /** Whether resending is safe; by default judged from the method (a POST is not). */
  readonly idempotent?: boolean | undefined
}

/**
 * @since 0.1.0
 * @category tags
 */
export class OrderCloudClient extends Context.Tag("@ordercloud-effect/core/OrderCloudClient")<
  OrderCloudClient,
  Service
>() {}

/**
 * Declares an operation (types inferred from the schemas).
 *
 * @since 0.1.0
 * @category constructors
 */
export const operation = <const O extends Operation>(op: O): O => op

const invalid = (reason: OrderCloudError.InvalidRequest["reason"], detail: string) =>
  new OrderCloudError.InvalidRequest({ reason, detail, issues: [] })

const buildQuery = (operation: Operation, input: Input): Either.Either<string, OrderCloudError.InvalidRequest> => {
  const own = Query.paramsToPairs(input.query ?? {})
  if (input.list === undefined) return Either.map(own, Query.encode)
  const doubled = Object.keys(input.query ?? {}).find((name) => Query.listOptionNames.has(name))
  if (doubled !== undefined) {
    return Either.left(invalid("Query", `"${doubled}" is given both as a query parameter and as a list option`))
  }
  const reserved = new Set([
    ...Query.listOptionNames,
    ...(operation.queryParams ?? []),
    ...Object.keys(input.query ?? {})
  ])
  return Either.flatMap(
    own,
    (ownPairs) =>
      Either.map(
        Query.listOptionsToParams(input.list!, reserved),
        (listPairs) => Query.encode([...listPairs, ...ownPairs])
      )
  )
}

const checkHeaders = (
  headers: Readonly<Record<string, string>>
): Either.Either<Readonly<Record<string, string>>, OrderCloudError.InvalidRequest> => {
  for (const [name, value] of Object.entries(headers)) {
    if (!Url.isHeaderName(name)) return Either.left(invalid("Header", `"${name}" is not a valid header name`))
    if (name.toLowerCase() === "authorization") {
      return Either.left(invalid("Header", "the Authorization header comes from the Session; provide another Session"))
    }
    if (typeof value !== "string" || !Url.isSafeHeaderValue(value)) {
      return Either.left(
        invalid("Header", `header "${name}" has a line break, a control character or a character fetch cannot send`)
      )
    }
    if (Url.isForbiddenHeader(name, value)) {
      return Either.left(invalid("Header", `header "${name}" is one fetch sets itself or refuses to send; remove it`))
    }
  }
  return Either.right(headers)
}

const invalidBody = (detail: string, issues: ReadonlyArray<OrderCloudError.Issue>) =>
  new OrderCloudError.InvalidRequest({ reason: "Body", detail: `${detail}; nothing was sent`, issues })

/**
 * The body through its Schema, then as JSON or form text. A getter that
 * throws while the Schema reads the body is a bad body too, not a defect.
 */
const encodeBody = (
  schema: Schema.Schema.AnyNoContext,
  encoding: Operation["bodyEncoding"],
  body: unknown
): Either.Either<{ readonly encoded: unknown; readonly text: string }, OrderCloudError.InvalidRequest> => {
  let encoded: Either.Either<unknown, ParseResult.ParseError>
  try {
    encoded = Schema.encodeUnknownEither(schema)(body, { errors: "all" })
  } catch {
    return Either.left(
      invalidBody("the body could not be read", Body.locate(body, "could not be read: the schema threw"))
    )
  }
  if (Either.isLeft(encoded)) {
    return Either.left(invalidBody("the body does not match its schema", OrderCloudError.issuesOf(encoded.left)))
  }
  const form = encoding === "form"
  return (form ? Body.formEncode(encoded.right) : Body.stringify(encoded.right)).pipe(
    Either.map((text) => ({ encoded: encoded.right, text })),
    Either.mapLeft((issues) =>
      invalidBody(form ? "the body cannot be sent as a form" : "the body cannot be sent as JSON", issues)
    )
  )
}

const isIdempotentCall = (operation: Operation, body: unknown): boolean => {
  if (operation.method !== "POST") return true
  if (operation.create !== true || typeof body !== "object" || body === null) return false
  const id = (body as { readonly ID?: unknown }).ID
  return typeof id === "string" && id !== ""
}

/** Where a create's new object is read back: the read path up to its last parameter (the new ID goes there). */
const readUrlOf = (operation: Operation, input: Input, root: string): string | undefined => {
  const prefix = operation.read === undefined ? undefined : /^(.*)\/\{[^}/]+\}$/.exec(operation.read)?.[1]
  if (prefix === undefined) return undefined
  const built = Path.build(prefix, input.path ?? {})
  return Either.isRight(built) ? `${root}${built.right}` : undefined
}

/** Maps what the stack can fail with to the error users see. */
const fromStackError = (
  request: HttpClientRequest.HttpClientRequest
) =>
(error: HttpClientError.HttpClientError): OrderCloudError.OrderCloudError => {
  const tunneled = Tunnel.unwrap(error)
  if (tunneled !== undefined) return tunneled
  const url = Url.mask(request.url)
  if (error._tag === "RequestError" && error.reason !== "Transport") {
    return invalid("Url", `the request could not be built (${error.reason})`)
  }
  return new OrderCloudError.TransportError({ method: request.method, url, cause: error.cause })
}

const decodeResponse = (
  operation: Operation,
  request: HttpClientRequest.HttpClientRequest,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<unknown, OrderCloudError.OrderCloudError> =>
  Effect.gen(function*() {
    const url = Url.mask(request.url)
    // The body is already buffered, so reading it cannot stall.
    const text = yield* response.text.pipe(Effect.mapError(fromStackError(request)))
    if (response.status < 200 || response.status >= 300) {
      const errors = ApiError.fromBody(text)
      return yield* OrderCloudError.fromStatus({ status: response.status, method: request.method, url, errors })
    }
    if (operation.response === undefined) return undefined
    const decodeError = (detail: string, issues: ReadonlyArray<OrderCloudError.Issue>) =>
      new OrderCloudError.ResponseDecodeError({ status: response.status, method: request.method, url, detail, issues })
    const parsed = Body.parseJson(text)
    if (!parsed.ok) return yield* decodeError(text === "" ? "the body is empty" : "the body is not JSON", [])
    const decoded = operation.decode?.(parsed.json)
    if (decoded !== undefined) return decoded
    return yield* Schema.decodeUnknown(operation.response)(parsed.json, { errors: "all", onExcessProperty: "ignore" })
      .pipe(
        Effect.mapError((error: ParseResult.ParseError) =>
          decodeError("the body does not match the operation's schema", OrderCloudError.issuesOf(error))
        )
      )
  })

const hasSecretQuery = (request: HttpClientRequest.HttpClientRequest): boolean => {
  const params = UrlParams.toString(request.urlParams)
  const url = params === "" ? request.url : `${request.url}${request.url.includes("?") ? "&" : "?"}${params}`
  return Url.mask(url) !== url
}

/**
 * The platform's HTTP span records the full URL and query (`url.full`,
 * `url.query`) unmasked; a request carrying a credential in its query
 * (`anonUserToken`, ...) gets no such span. The operation's span still
 * covers it.
 */
const withoutSecretSpans = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect, request) =>
    hasSecretQuery(request)
      ? Effect.locally(effect, HttpClient.currentTracerDisabledWhen, () => true)
      : effect)

/**
 * Builds the client from the config, the platform `HttpClient` and the
 * plugins in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, OrderCloudConfig | HttpClient.HttpClient> = Effect.gen(function*() {
  const config = yield* OrderCloudConfig
  const plugins = yield* Middleware.plugins
  const transport = Transport.wrap(withoutSecretSpans(yield* HttpClient.HttpClient))
  const stack = Middleware.compose(transport, [
    Middleware.timeout(config.timeout),
    Auth.sessionPlugin,
    ...plugins
  ])
  const apiRoot = `${config.baseUrl}/${config.apiVersion}`

  // A raw request is a call of its own, even when sent from inside another
  // (a session fetching its token): no session, no inherited call info.
  const send: Service["send"] = (request, options = {}) =>
    stack.execute(request).pipe(
      Effect.mapError(fromStackError(request)),
      Auth.withoutSession,
      Effect.locally(
        Middleware.currentCall,
        options.operationId === undefined && options.idempotent === undefined ? Option.none() : Option.some({
          operationId: options.operationId ?? `${request.method} ${Url.pathOf(request.url)}`,
          idempotent: options.idempotent ?? Middleware.isIdempotentMethod(request.method)
        })
      ),
      Effect.locally(Middleware.currentAttempt, 1)
    )

  const execute = <O extends Operation>(
    operation: O,
    input: Input<BodyOf<O>> = {}
  ): Effect.Effect<ResponseOf<O>, OrderCloudError.OrderCloudError, RequirementsOf<O>> =>
    Effect.gen(function*() {
      const path = yield* Path.build(operation.path, input.path ?? {})
      const query = yield* buildQuery(operation, input)
      const headers = yield* checkHeaders(input.headers ?? {})
      const root = operation.host === "auth" ? config.authUrl : apiRoot
      let request = HttpClientRequest.make(operation.method)(`${root}${path}${query === "" ? "" : `?${query}`}`)
        .pipe(HttpClientRequest.acceptJson, HttpClientRequest.setHeaders(headers))
      let encodedBody: unknown = undefined
      if (operation.body !== undefined) {
        const body = yield* encodeBody(operation.body, operation.bodyEncoding, input.body)
        encodedBody = body.encoded
        request = HttpClientRequest.bodyText(
          request,
          body.text,
          operation.bodyEncoding === "form" ? "application/x-www-form-urlencoded" : "application/json"
        )
      }
      const session = operation.authenticated === false ? Option.none() : Option.some(yield* Session)
      const call: Middleware.CallInfo = {
        operationId: operation.id,
        idempotent: isIdempotentCall(operation, encodedBody),
        create: operation.create === true ? { readUrl: readUrlOf(operation, input, root) } : undefined
      }
      const sent = Effect.mapError(stack.execute(request), fromStackError(request))
      const response =
        yield* (Option.isSome(session) ? Auth.withSession(session.value)(sent) : Auth.withoutSession(sent))
          .pipe(Effect.locally(Middleware.currentCall, Option.some(call)))
      return (yield* decodeResponse(operation, request, response)) as ResponseOf<O>
    }).pipe(
      (effect) => effect as Effect.Effect<ResponseOf<O>, OrderCloudError.OrderCloudError, RequirementsOf<O>>,
      Effect.withSpan(operation.id, {
        kind: "client",
        attributes: { "http.request.method": operation.method, "url.template": operation.path }
      })
    )

  return { config, execute, send }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<OrderCloudClient, never, OrderCloudConfig | HttpClient.HttpClient> = Layer.effect(
  OrderCloudClient,
  make
)

/**
 * Runs an operation with the `OrderCloudClient` from context: what generated
 * resource functions call.
 *
 * @since 0.1.0
 * @category accessors
 */
export const execute = <O extends Operation>(
  operation: O,
  input?: Input<BodyOf<O>>
): Effect.Effect<ResponseOf<O>, OrderCloudError.OrderCloudError, OrderCloudClient | RequirementsOf<O>> =>
  Effect.flatMap(OrderCloudClient, (client) => client.execute(operation, input))
