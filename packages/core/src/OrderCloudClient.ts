/**
 * The service that executes OrderCloud operations.
 *
 * One call: validate and encode the input with its Schemas (bad input fails
 * with `InvalidRequest` and nothing is sent), build the URL (base + `/v1` +
 * the path with each parameter percent-encoded + the list query), send it
 * through the middleware with the current `Session`'s token and the
 * `Transport`, turn an error status into its tagged error, and decode a
 * success body with the operation's response Schema. What can be prepared
 * once per operation (its encoder and decoder) is compiled on first use and
 * kept. When a tracer is installed, each call is a span named after the
 * operation and carries `traceparent` and `b3` headers; with none, neither.
 *
 * @example
 * ```ts
 * import { OrderCloudClient, Session } from "@ordercloud-effect/core"
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
 * // The client over the runtime's fetch, configured from ORDERCLOUD_* variables,
 * // and a fixed token for the session (the auth package has one layer per grant).
 * const live = Layer.merge(OrderCloudClient.layerConfig(), Session.layerToken(Redacted.make("an access token")))
 * export const program = shirt.pipe(Effect.provide(live))
 * ```
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"
import * as ApiError from "./ApiError.js"
import * as Auth from "./internal/auth.js"
import * as Body from "./internal/body.js"
import * as Path from "./internal/path.js"
import * as Query from "./internal/query.js"
import * as Redirect from "./internal/redirect.js"
import * as Url from "./internal/url.js"
import type { ListOptions } from "./ListOptions.js"
import * as Middleware from "./Middleware.js"
import { OrderCloudConfig } from "./OrderCloudConfig.js"
import * as OrderCloudConfigModule from "./OrderCloudConfig.js"
import * as OrderCloudError from "./OrderCloudError.js"
import { Session } from "./Session.js"
import type * as SessionModule from "./Session.js"
import * as Transport from "./Transport.js"

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
   * resend once the body names its `ID` (the Retry middleware can choose one).
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
  /**
   * Whether resending is safe, when the method alone does not say: the
   * token request is a POST that can be sent again.
   */
  readonly idempotent?: boolean | undefined
  /**
   * Reads an error status the operation's own way (the token endpoint
   * answers OAuth errors); by default the tagged error for the status.
   */
  readonly readError?: ((failure: StatusFailure) => OrderCloudError.OrderCloudError) | undefined
  /**
   * A fast decoder: returns exactly what decoding with `response` returns,
   * or `undefined` to let the Schema decide (and report the issues).
   */
  readonly decode?: ((json: unknown) => unknown) | undefined
  /** How the body is sent: JSON (default) or a form (`/oauth/token`). */
  readonly bodyEncoding?: "json" | "form" | undefined
  readonly body: BodySchema
  /** `undefined` when the operation answers with no body (204). */
  readonly response: ResponseSchema
}

/**
 * An error status as the client received it.
 *
 * @since 0.2.0
 * @category models
 */
export interface StatusFailure {
  readonly status: number
  readonly method: string
  /** Masked: sensitive query values hidden. */
  readonly url: string
  readonly text: string
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
  new OrderCloudError.InvalidRequest({ reason, detail, issues: [] }, true)

/** The names a filter may not take: the list options and the query parameters, the operation's and the call's. */
const reservedNames = (plan: Plan, query: Readonly<Record<string, QueryValue>>): ReadonlySet<string> => {
  const names = Object.keys(query)
  return names.every((name) => plan.reserved.has(name)) ? plan.reserved : new Set([...plan.reserved, ...names])
}

const emptyQuery = Either.right("")

const hasKeys = (record: object | undefined): boolean => {
  for (const _ in record) return true
  return false
}

const buildQuery = (plan: Plan, input: Input): Either.Either<string, OrderCloudError.InvalidRequest> => {
  if (input.list === undefined && !hasKeys(input.query)) return emptyQuery
  const own = Query.paramsToPairs(input.query ?? {})
  if (input.list === undefined) return Either.map(own, Query.encode)
  const doubled = Object.keys(input.query ?? {}).find((name) => Query.listOptionNames.has(name))
  if (doubled !== undefined) {
    return Either.left(invalid("Query", `"${doubled}" is given both as a query parameter and as a list option`))
  }
  const reserved = reservedNames(plan, input.query ?? {})
  return Either.flatMap(
    own,
    (ownPairs) =>
      Either.map(
        Query.listOptionsToParams(input.list!, reserved),
        (listPairs) => Query.encode([...listPairs, ...ownPairs])
      )
  )
}

/** The caller's headers, checked, with names in lower case (HTTP names are case-insensitive). */
const checkHeaders = (
  headers: Readonly<Record<string, string>>,
  into: Record<string, string>
): OrderCloudError.InvalidRequest | undefined => {
  for (const name in headers) {
    const value = headers[name]
    if (!Url.isHeaderName(name)) return invalid("Header", `"${name}" is not a valid header name`)
    const lower = name.toLowerCase()
    if (lower === "authorization") {
      return invalid("Header", "the Authorization header comes from the Session; provide another Session")
    }
    if (typeof value !== "string" || !Url.isSafeHeaderValue(value)) {
      return invalid(
        "Header",
        `header "${name}" has a line break, a control character or a character fetch cannot send`
      )
    }
    if (Url.isForbiddenHeader(name, value)) {
      return invalid("Header", `header "${name}" is one fetch sets itself or refuses to send; remove it`)
    }
    into[lower] = value
  }
  return undefined
}

const invalidBody = (detail: string, issues: ReadonlyArray<OrderCloudError.Issue>) =>
  new OrderCloudError.InvalidRequest({ reason: "Body", detail: `${detail}; nothing was sent`, issues }, true)

/**
 * What is compiled once per operation, on its first call: the path template
 * (checked and split), the body's encoder and the response's decoder, which
 * Schema would otherwise rebuild on every call.
 */
interface Plan {
  readonly path: Either.Either<Path.Template, OrderCloudError.InvalidRequest>
  /** The list options and the operation's own query parameters: names a filter may not take. */
  readonly reserved: ReadonlySet<string>
  readonly encode: ((body: unknown) => Either.Either<unknown, ParseResult.ParseError>) | undefined
  readonly decode: ((json: unknown) => Either.Either<unknown, ParseResult.ParseError>) | undefined
  readonly contentType: string
  /** For a create: the read path up to its last parameter (the new ID goes there). */
  readonly readPrefix: Either.Either<Path.Template, OrderCloudError.InvalidRequest> | undefined
  readonly spanOptions: Tracer.SpanOptions
}

const plans = new WeakMap<Operation, Plan>()

/** A create's read path up to its last parameter, where the new ID goes. */
const readPrefixOf = (read: string | undefined): Plan["readPrefix"] => {
  const prefix = read === undefined ? undefined : /^(.*)\/\{[^}/]+\}$/.exec(read)?.[1]
  return prefix === undefined ? undefined : Path.compile(prefix)
}

const compile = (operation: Operation): Plan => ({
  path: Path.compile(operation.path),
  reserved: new Set([...Query.listOptionNames, ...(operation.queryParams ?? [])]),
  encode: operation.body === undefined
    ? undefined
    : Schema.encodeUnknownEither(operation.body as Schema.Schema<unknown, unknown>, { errors: "all" }),
  decode: operation.response === undefined
    ? undefined
    : Schema.decodeUnknownEither(operation.response as Schema.Schema<unknown, unknown>, {
      errors: "all",
      onExcessProperty: "ignore"
    }),
  contentType: operation.bodyEncoding === "form" ? "application/x-www-form-urlencoded" : "application/json",
  readPrefix: readPrefixOf(operation.read),
  spanOptions: {
    kind: "client",
    captureStackTrace: false,
    attributes: { "http.request.method": operation.method, "url.template": operation.path }
  }
})

const planOf = (operation: Operation): Plan => {
  let plan = plans.get(operation)
  if (plan === undefined) {
    plan = compile(operation)
    plans.set(operation, plan)
  }
  return plan
}

/**
 * The body through its Schema, then as JSON or form text. A getter that
 * throws while the Schema reads the body is a bad body too, not a defect.
 */
const encodeBody = (
  plan: Plan,
  encoding: Operation["bodyEncoding"],
  body: unknown
): Either.Either<{ readonly encoded: unknown; readonly text: string }, OrderCloudError.InvalidRequest> => {
  let encoded: Either.Either<unknown, ParseResult.ParseError>
  try {
    encoded = plan.encode!(body)
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
  if (operation.idempotent !== undefined) return operation.idempotent
  if (operation.method !== "POST") return true
  if (operation.create !== true || typeof body !== "object" || body === null) return false
  const id = (body as { readonly ID?: unknown }).ID
  return typeof id === "string" && id !== ""
}

/** One call, ready to send. */
interface Prepared {
  readonly request: Transport.Request
  readonly idempotent: boolean
  readonly create: Middleware.CreateInfo | undefined
}

const prepare = (
  operation: Operation,
  plan: Plan,
  input: Input,
  root: string
): Either.Either<Prepared, OrderCloudError.InvalidRequest> => {
  if (Either.isLeft(plan.path)) return Either.left(plan.path.left)
  const path = Path.fill(plan.path.right, input.path ?? {})
  if (Either.isLeft(path)) return Either.left(path.left)
  const query = buildQuery(plan, input)
  if (Either.isLeft(query)) return Either.left(query.left)
  const headers: Record<string, string> = { accept: "application/json" }
  if (input.headers !== undefined) {
    const refused = checkHeaders(input.headers, headers)
    if (refused !== undefined) return Either.left(refused)
  }
  let text: string | undefined
  let encoded: unknown
  if (plan.encode !== undefined) {
    const body = encodeBody(plan, operation.bodyEncoding, input.body)
    if (Either.isLeft(body)) return Either.left(body.left)
    text = body.right.text
    encoded = body.right.encoded
    headers["content-type"] = plan.contentType
  }
  let create: Middleware.CreateInfo | undefined
  if (operation.create === true) {
    const read = plan.readPrefix === undefined
      ? undefined
      : Either.flatMap(plan.readPrefix, (template) => Path.fill(template, input.path ?? {}))
    create = { readUrl: read !== undefined && Either.isRight(read) ? `${root}${read.right}` : undefined }
  }
  const url = query.right === "" ? `${root}${path.right}` : `${root}${path.right}?${query.right}`
  return Either.right({
    request: { method: operation.method, url, headers, body: text },
    idempotent: isIdempotentCall(operation, encoded),
    create
  })
}

const decodeResponse = (
  operation: Operation,
  plan: Plan,
  request: Transport.Request,
  response: Transport.Response
): Effect.Effect<unknown, OrderCloudError.OrderCloudError> => {
  const { status, text } = response
  if (status < 200 || status >= 300) {
    const url = Url.mask(request.url)
    return Effect.fail(
      operation.readError !== undefined
        ? operation.readError({ status, method: request.method, url, text })
        : OrderCloudError.fromStatus({ status, method: request.method, url, errors: ApiError.fromBody(text) })
    )
  }
  if (plan.decode === undefined) return Effect.void
  const decodeError = (detail: string, issues: ReadonlyArray<OrderCloudError.Issue>) =>
    new OrderCloudError.ResponseDecodeError(
      { status, method: request.method, url: Url.mask(request.url), detail, issues },
      true
    )
  const parsed = Body.parseJson(text)
  if (!parsed.ok) return Effect.fail(decodeError(text === "" ? "the body is empty" : "the body is not JSON", []))
  const fast = operation.decode?.(parsed.json)
  if (fast !== undefined) return Effect.succeed(fast)
  const decoded = plan.decode(parsed.json)
  return Either.isRight(decoded)
    ? Effect.succeed(decoded.right)
    : Effect.fail(decodeError("the body does not match the operation's schema", OrderCloudError.issuesOf(decoded.left)))
}

/** `traceparent` and `b3` for the operation's span, so the server's trace joins the caller's. */
const withTraceHeaders = (request: Transport.Request, span: Tracer.Span): Transport.Request => {
  const sampled = span.sampled ? "1" : "0"
  return {
    ...request,
    headers: {
      ...request.headers,
      traceparent: `00-${span.traceId}-${span.spanId}-0${sampled}`,
      b3: `${span.traceId}-${span.spanId}-${sampled}`
    }
  }
}

// Identified once: a call is traced only under another tracer, and the
// deadline uses a real timer only under the live clock.
let defaults: { readonly tracer: Tracer.Tracer; readonly clock: Clock.Clock } | undefined
const defaultServices = () => defaults ??= Effect.runSync(Effect.all({ tracer: Effect.tracer, clock: Effect.clock }))

/**
 * A signal that aborts `millis` from now: a timer under the live clock, a
 * sleep on the clock in force otherwise (so `TestClock` moves deadlines too).
 * `release` stops it once the attempt is over, aborting it when the attempt
 * was interrupted so the transport stops too.
 */
const deadlineSignal = (
  clock: Clock.Clock,
  millis: number
): Effect.Effect<
  {
    readonly signal: AbortSignal
    readonly release: (exit: Exit.Exit<Transport.Response, OrderCloudError.OrderCloudError>) => Effect.Effect<void>
  }
> => {
  const controller = new AbortController()
  const abortIfInterrupted = (exit: Exit.Exit<unknown, unknown>) => {
    if (Exit.isInterrupted(exit)) controller.abort()
  }
  if (clock === defaultServices().clock) {
    const timer = setTimeout(() => controller.abort(), millis)
    return Effect.succeed({
      signal: controller.signal,
      release: (exit) =>
        Effect.sync(() => {
          clearTimeout(timer)
          abortIfInterrupted(exit)
        })
    })
  }
  return Effect.map(
    Effect.forkDaemon(Effect.andThen(clock.sleep(Duration.millis(millis)), () => controller.abort())),
    (fiber) => ({
      signal: controller.signal,
      release: (exit) => Effect.andThen(fiber.interruptAsFork(fiber.id()), () => abortIfInterrupted(exit))
    })
  )
}

const timeoutOf = (request: Transport.Request, timeoutMillis: number) =>
  new OrderCloudError.Timeout({ method: request.method, url: Url.mask(request.url), timeoutMillis }, true)

/**
 * @since 0.2.0
 * @category models
 */
export interface LayerOptions {
  /**
   * Middleware around every request (`Retry.middleware`, `Logging.middleware`,
   * your own); see `Middleware` for the order they run in.
   */
  readonly middleware?: ReadonlyArray<Middleware.Definition> | undefined
}

/**
 * Builds the client from the config, the `Transport` in context (the
 * runtime's `fetch` unless another is provided) and the middleware, folded
 * once here.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: LayerOptions = {}): Effect.Effect<Service, never, OrderCloudConfig> =>
  Effect.gen(function*() {
    const config = yield* OrderCloudConfig
    const transport = yield* Transport.Transport
    const given = yield* Effect.forEach(
      options.middleware ?? [],
      (definition) => Effect.isEffect(definition) ? definition : Effect.succeed(definition)
    )
    const at = (position: Middleware.Position | undefined) =>
      given.filter((middleware) => Middleware.positionOf(middleware) === position)
    const timeoutMillis = Duration.toMillis(config.timeout)
    const apiRoot = `${config.baseUrl}/${config.apiVersion}`

    /** One attempt on the wire: redirects within the origin, stopped at the call's deadline. */
    const wire: Middleware.Handler = (call, request) =>
      Effect.clockWith((clock) => {
        const remaining = call.deadline - clock.unsafeCurrentTimeMillis()
        if (remaining <= 0) return Effect.fail(timeoutOf(request, call.timeoutMillis))
        return Effect.flatMap(deadlineSignal(clock, remaining), ({ release, signal }) =>
          Redirect.following((sent: Transport.Request) =>
            transport.send(sent, signal)
          )(request).pipe(
            Effect.catchTag("TransportFailure", (failure) =>
              Effect.fail(
                signal.aborted
                  ? timeoutOf(request, call.timeoutMillis)
                  : new OrderCloudError.TransportError(
                    { method: request.method, url: Url.mask(request.url), cause: failure.cause },
                    true
                  )
              )),
            Effect.onExit(release)
          ))
      })

    const stack = Middleware.fold([...at("retry"), Auth.middleware, ...at(undefined), ...at("logging")], wire)

    const execute = <O extends Operation>(
      operation: O,
      input: Input<BodyOf<O>> = {}
    ): Effect.Effect<ResponseOf<O>, OrderCloudError.OrderCloudError, RequirementsOf<O>> => {
      const plan = planOf(operation)
      const root = operation.host === "auth" ? config.authUrl : apiRoot
      const run = Effect.withFiberRuntime<unknown, OrderCloudError.OrderCloudError>((fiber) => {
        const prepared = prepare(operation, plan, input, root)
        if (Either.isLeft(prepared)) return Effect.fail(prepared.left)
        let session: SessionModule.Service | undefined
        if (operation.authenticated !== false) {
          session = Option.getOrUndefined(Context.getOption(fiber.currentContext, Session))
          if (session === undefined) {
            return Effect.fail(invalid("Session", `${operation.id} acts as a user: provide a Session layer`))
          }
        }
        const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
        const call: Middleware.Call = {
          operationId: operation.id,
          session,
          idempotent: prepared.right.idempotent,
          create: prepared.right.create,
          deadline: clock.unsafeCurrentTimeMillis() + timeoutMillis,
          timeoutMillis,
          attempt: 1
        }
        const { request } = prepared.right
        const tracer = fiber.currentTracer
        if (tracer === defaultServices().tracer || !fiber.getFiberRef(FiberRef.currentTracerEnabled)) {
          return Effect.flatMap(stack(call, request), (response) => decodeResponse(operation, plan, request, response))
        }
        // The span is the parent of any opened inside the call (a middleware's, the session's token request).
        return Effect.useSpan(operation.id, plan.spanOptions, (span) =>
          Effect.flatMap(
            Effect.withParentSpan(stack(call, withTraceHeaders(request, span)), span),
            (response) => decodeResponse(operation, plan, request, response)
          ))
      })
      return run as Effect.Effect<ResponseOf<O>, OrderCloudError.OrderCloudError, RequirementsOf<O>>
    }

    return { config, execute }
  })

/**
 * The client, with the middleware given, over the `Transport` in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: LayerOptions = {}): Layer.Layer<OrderCloudClient, never, OrderCloudConfig> =>
  Layer.effect(OrderCloudClient, make(options))

/**
 * The client configured from `ORDERCLOUD_*` variables (see
 * `OrderCloudConfig.layerConfig`).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfig = (
  options: LayerOptions = {}
): Layer.Layer<OrderCloudClient, OrderCloudConfigModule.InvalidConfig | ConfigError.ConfigError> =>
  layer(options).pipe(Layer.provide(OrderCloudConfigModule.layerConfig()))

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
