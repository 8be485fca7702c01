/**
 * Webhook deliveries from OrderCloud: the envelope, decoded by a Schema,
 * and handlers registered per operation (or per route and verb) that get
 * the request and response bodies decoded with that operation's own
 * Schemas.
 *
 * A pre-hook (`BeforeProcessRequest: true`) runs before OrderCloud carries
 * out the write and answers `{ proceed, body }`: `proceed: false` makes
 * OrderCloud reject the original call with `body` in its error. A post-hook
 * runs after a successful write and is acknowledged.
 *
 * `app` verifies the `X-oc-hash` signature over the raw bytes first (see
 * `Signature`): a delivery that fails it is answered 401 and no handler
 * runs. Mount it in your own `HttpRouter`, or serve it serverless with
 * `HttpApp.toWebHandler`.
 *
 * @example
 * ```ts
 * import { HttpRouter } from "@effect/platform"
 * import { Signature, Webhook } from "@ordercloud-effect/receive"
 * import { Effect } from "effect"
 *
 * // The response is typed (and decoded) as an `Order`, the params as `{ direction, orderID }`.
 * const submitted = Webhook.postHook(
 *   { operation: "Orders.submit" },
 *   (delivery) => Effect.log(`order ${delivery.params.orderID} submitted, ${delivery.response.body.Total}`)
 * )
 *
 * export const router = HttpRouter.empty.pipe(
 *   HttpRouter.post("/webhooks", Webhook.app([submitted]))
 * )
 * // Provide Signature.layerConfig() (ORDERCLOUD_HASH_KEY) to serve it.
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Session from "@ordercloud-effect/core/Session"
import { entries } from "@ordercloud-effect/resources/OperationTable"
import type { Entry, Operations } from "@ordercloud-effect/resources/OperationTable"
import type * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Payload from "./internal/payload.js"
import * as Route from "./internal/route.js"
import type { InvalidPayload } from "./ReceiveError.js"
import * as Signature from "./Signature.js"

/**
 * One side of the call a webhook reports: its body and headers.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Message = Schema.Struct({
  Body: Schema.optional(Schema.Unknown),
  Headers: Schema.optional(Schema.Unknown)
})

/**
 * What OrderCloud POSTs to a webhook's `Url`. `Response` is there for
 * post-hooks only.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Envelope = Schema.Struct({
  /** The route template: `v1/orders/{direction}/{orderID}/submit`. */
  Route: Schema.String,
  /** The template's parameters: `{ direction: "Outgoing", orderID: "..." }`. */
  RouteParams: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.String }), {
    nullable: true,
    default: () => ({})
  }),
  QueryParams: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.String }), {
    nullable: true,
    default: () => ({})
  }),
  Verb: Schema.String,
  Date: Schema.optional(Schema.NullOr(Schema.String)),
  LogID: Schema.optional(Schema.NullOr(Schema.String)),
  /** The access token of the user whose call fired the webhook. */
  UserToken: Schema.optional(Schema.NullOr(Schema.String)),
  Request: Schema.optionalWith(Message, { default: () => ({}) }),
  Response: Schema.optional(Schema.NullOr(Message)),
  ConfigData: Schema.optional(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Envelope extends Schema.Schema.Type<typeof Envelope> {}

/**
 * What a pre-hook answers.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PreHookResponse = Schema.Struct({
  proceed: Schema.Boolean,
  body: Schema.optional(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface PreHookResponse extends Schema.Schema.Type<typeof PreHookResponse> {}

/**
 * Let the write go ahead.
 *
 * @since 0.1.0
 * @category constructors
 */
export const proceed: PreHookResponse = { proceed: true }

/**
 * Stop the write: OrderCloud rejects the original call, with `body` in its error.
 *
 * @since 0.1.0
 * @category constructors
 */
export const reject = (body?: unknown): PreHookResponse =>
  body === undefined ? { proceed: false } : { proceed: false, body }

/**
 * The HTTP verbs webhooks fire for (writes only).
 *
 * @since 0.1.0
 * @category models
 */
export type Verb = "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * The names of a route template's `{parameters}`.
 *
 * @since 0.1.0
 * @category models
 */
export type ParamNames<R extends string> = R extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest>
  : never

/**
 * A route template's parameters, each a string.
 *
 * @since 0.1.0
 * @category models
 */
export type Params<R extends string> = string extends R ? Readonly<Record<string, string>>
  : { readonly [Name in ParamNames<R>]: string }

/**
 * What a handler is given about a delivery.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delivery<P, Req, C> {
  /** The route template, as OrderCloud sent it. */
  readonly route: string
  readonly verb: string
  readonly params: P
  readonly query: Readonly<Record<string, string>>
  readonly date: string | undefined
  readonly logID: string | undefined
  /** The token of the user whose call fired the webhook. */
  readonly userToken: Redacted.Redacted<string> | undefined
  /**
   * That user as a `Session`, to call OrderCloud back as them
   * (`Effect.provideService(Session.Session, delivery.session)`).
   */
  readonly session: Session.Service | undefined
  readonly configData: C
  readonly request: { readonly body: Req; readonly headers: unknown }
  /** The whole envelope, undecoded bodies included. */
  readonly envelope: Envelope
}

/**
 * What a post-hook is given: the delivery and the response OrderCloud sent.
 *
 * @since 0.1.0
 * @category models
 */
export interface PostDelivery<P, Req, Res, C> extends Delivery<P, Req, C> {
  readonly response: { readonly body: Res; readonly headers: unknown }
}

/**
 * The operations a webhook can be registered for: the writes (OrderCloud
 * fires webhooks for `POST`, `PUT`, `PATCH` and `DELETE` only), by function
 * name (`"Orders.submit"`).
 *
 * @since 0.1.0
 * @category models
 */
export type Operation = {
  readonly [K in keyof Operations]: Operations[K]["verb"] extends Verb ? K : never
}[keyof Operations]

/**
 * The Schema the operation table gives a body or response: the
 * operation's own, or `Schema.Unknown` where it has none.
 *
 * @since 0.1.0
 * @category models
 */
export type SchemaOf<S> = S extends Schema.Schema.AnyNoContext ? S : typeof Schema.Unknown

/**
 * The Schemas a handler reads with, each replacing the default: `request`
 * and `response` the operation's own (pass a model with typed xp,
 * `Xp.withXp(Order, OrderXp)`, to type `xp`), `configData` `unknown`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Schemas<Req, Res, C extends Schema.Schema.AnyNoContext> {
  // Req and Res are left unconstrained (each property is checked instead):
  // a constraint would make the compiler check `preHook`'s defaults, the
  // operation table's Schemas, against it, resolving every model's type.
  readonly request?: (Req & Schema.Schema.AnyNoContext) | undefined
  readonly response?: (Res & Schema.Schema.AnyNoContext) | undefined
  readonly configData?: C | undefined
}

/**
 * A handler for an operation (`"Orders.submit"`): its route, verb, route
 * parameters and body and response Schemas come from the operation table,
 * and type what the handler gets.
 *
 * @since 0.1.0
 * @category models
 */
export interface OperationOptions<K extends Operation, Req, Res, C extends Schema.Schema.AnyNoContext>
  extends Schemas<Req, Res, C>
{
  readonly operation: K
}

/**
 * A handler for a route template and verb; its parameters are typed from
 * the template, its bodies `unknown` unless Schemas are given.
 *
 * @since 0.1.0
 * @category models
 */
export interface RouteOptions<
  R extends string,
  Req extends Schema.Schema.AnyNoContext,
  Res extends Schema.Schema.AnyNoContext,
  C extends Schema.Schema.AnyNoContext
> extends Schemas<Req, Res, C> {
  readonly route: R
  readonly verb: Verb
}

/**
 * Which calls a handler is for, and the Schemas of what it reads.
 *
 * @since 0.1.0
 * @category models
 */
export type Options =
  | OperationOptions<Operation, Schema.Schema.AnyNoContext, Schema.Schema.AnyNoContext, Schema.Schema.AnyNoContext>
  | RouteOptions<string, Schema.Schema.AnyNoContext, Schema.Schema.AnyNoContext, Schema.Schema.AnyNoContext>

/**
 * A registered handler, for `app`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Handler<E, R> {
  readonly kind: "pre" | "post"
  readonly route: string
  readonly verb: string
  /** @internal Set when `operation` names no operation: `app` then answers 500 and logs it. */
  readonly problem: string | undefined
  /** @internal */
  readonly run: (envelope: Envelope) => Effect.Effect<HttpServerResponse.HttpServerResponse, E | InvalidPayload, R>
}

/**
 * A pre-hook handler: answers whether the write proceeds.
 *
 * Name an operation and the handler's `delivery.request.body` and
 * `delivery.params` are typed by it; or give a route and verb.
 *
 * @since 0.1.0
 * @category constructors
 */
export const preHook: {
  <
    const K extends Operation,
    Req = SchemaOf<Operations[K]["body"]>,
    Res = SchemaOf<Operations[K]["response"]>,
    C extends Schema.Schema.AnyNoContext = typeof Schema.Unknown,
    E = never,
    Env = never
  >(
    options: OperationOptions<K, Req, Res, C>,
    handler: (
      delivery: Delivery<Params<Operations[K]["route"]>, Schema.Schema.Type<Req>, Schema.Schema.Type<C>>
    ) => Effect.Effect<PreHookResponse, E, Env>
  ): Handler<E, Env>
  <
    const R extends string,
    Req extends Schema.Schema.AnyNoContext = typeof Schema.Unknown,
    Res extends Schema.Schema.AnyNoContext = typeof Schema.Unknown,
    C extends Schema.Schema.AnyNoContext = typeof Schema.Unknown,
    E = never,
    Env = never
  >(
    options: RouteOptions<R, Req, Res, C>,
    handler: (
      delivery: Delivery<Params<R>, Schema.Schema.Type<Req>, Schema.Schema.Type<C>>
    ) => Effect.Effect<PreHookResponse, E, Env>
  ): Handler<E, Env>
} = <P, Req, C, E, Env>(
  options: Options,
  handler: (delivery: Delivery<P, Req, C>) => Effect.Effect<PreHookResponse, E, Env>
): Handler<E, Env> => {
  const resolved = resolve(options)
  return {
    kind: "pre",
    problem: resolved.problem,
    route: resolved.route,
    verb: resolved.verb,
    run: (envelope) =>
      Effect.gen(function*() {
        const delivery = yield* decodeDelivery<P, Req, C>(envelope, resolved)
        const answer = yield* handler(delivery)
        return HttpServerResponse.unsafeJson(Schema.encodeSync(PreHookResponse)(answer))
      })
  }
}

/**
 * A post-hook handler: told of a write that succeeded; answered 204.
 *
 * Name an operation and the handler's `delivery.request.body`,
 * `delivery.response.body` and `delivery.params` are typed by it; or give a
 * route and verb.
 *
 * @since 0.1.0
 * @category constructors
 */
export const postHook: {
  <
    const K extends Operation,
    Req = SchemaOf<Operations[K]["body"]>,
    Res = SchemaOf<Operations[K]["response"]>,
    C extends Schema.Schema.AnyNoContext = typeof Schema.Unknown,
    E = never,
    Env = never
  >(
    options: OperationOptions<K, Req, Res, C>,
    handler: (
      delivery: PostDelivery<
        Params<Operations[K]["route"]>,
        Schema.Schema.Type<Req>,
        Schema.Schema.Type<Res>,
        Schema.Schema.Type<C>
      >
    ) => Effect.Effect<void, E, Env>
  ): Handler<E, Env>
  <
    const R extends string,
    Req extends Schema.Schema.AnyNoContext = typeof Schema.Unknown,
    Res extends Schema.Schema.AnyNoContext = typeof Schema.Unknown,
    C extends Schema.Schema.AnyNoContext = typeof Schema.Unknown,
    E = never,
    Env = never
  >(
    options: RouteOptions<R, Req, Res, C>,
    handler: (
      delivery: PostDelivery<Params<R>, Schema.Schema.Type<Req>, Schema.Schema.Type<Res>, Schema.Schema.Type<C>>
    ) => Effect.Effect<void, E, Env>
  ): Handler<E, Env>
} = <P, Req, Res, C, E, Env>(
  options: Options,
  handler: (delivery: PostDelivery<P, Req, Res, C>) => Effect.Effect<void, E, Env>
): Handler<E, Env> => {
  const resolved = resolve(options)
  return {
    kind: "post",
    problem: resolved.problem,
    route: resolved.route,
    verb: resolved.verb,
    run: (envelope) =>
      Effect.gen(function*() {
        const delivery = yield* decodeDelivery<P, Req, C>(envelope, resolved)
        const body = yield* Payload.decode(resolved.response, envelope.Response?.Body ?? null, "Response.Body")
        yield* handler({
          ...delivery,
          response: { body: body as Res, headers: envelope.Response?.Headers }
        })
        return HttpServerResponse.empty({ status: 204 })
      })
  }
}

/**
 * The webhook receiver: verifies the signature over the raw bytes
 * (401 and no handler run when it fails), decodes the envelope (400 when
 * it is not one), picks the handler for its route and verb (404 when none)
 * and answers with what the handler returns. A handler that fails or dies
 * is logged and answered 500 with OrderCloud's error shape, never a stack;
 * for a pre-hook OrderCloud then rejects the write.
 *
 * @since 0.1.0
 * @category apps
 */
export const app = <E, R>(
  handlers: Arr.NonEmptyReadonlyArray<Handler<E, R>>
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  R | Signature.HashKeys | HttpServerRequest.HttpServerRequest
> =>
  Effect.gen(function*() {
    const broken = handlers.find((h) => h.problem !== undefined)
    if (broken !== undefined) return yield* Effect.dieMessage(broken.problem!)
    const bytes = yield* Signature.verifiedBody
    const envelope = yield* Effect.flatMap(Payload.json(bytes), (json) => Payload.decode(Envelope, json, "envelope"))
    const route = Route.normalize(envelope.Route)
    const verb = envelope.Verb.toUpperCase()
    const handler = handlers.find((h) => h.route === route && h.verb === verb)
    if (handler === undefined) {
      return Payload.errorResponse(404, "NotFound", `No handler for ${verb} ${envelope.Route}.`)
    }
    return yield* handler.run(envelope)
  }).pipe(
    Effect.catchAllCause((cause) => Payload.recover(cause, "WebhookFailed", "The webhook handler failed.")),
    Effect.withSpan("Webhook.app")
  )

// ---------------------------------------------------------------------------
// private helpers
// ---------------------------------------------------------------------------

interface Resolved {
  readonly problem: string | undefined
  readonly route: string
  readonly verb: string
  readonly request: Schema.Schema.AnyNoContext
  readonly response: Schema.Schema.AnyNoContext
  readonly configData: Schema.Schema.AnyNoContext
}

const byId: ReadonlyMap<string, Entry> = new Map(entries.map((entry) => [entry.id.toLowerCase(), entry]))

const resolve = (options: Options): Resolved => {
  let problem: string | undefined
  let route = ""
  let verb = ""
  let request: Schema.Schema.AnyNoContext = Schema.Unknown
  let response: Schema.Schema.AnyNoContext = Schema.Unknown
  if ("operation" in options) {
    const entry = byId.get(options.operation.toLowerCase())
    if (entry === undefined) {
      problem = `Webhook handler: no operation is named ${options.operation}.`
    } else {
      route = entry.path
      verb = entry.method
      if (entry.body !== undefined) request = entry.body.schema
      if (entry.response._tag === "Model") response = entry.response.schema
    }
  } else {
    route = options.route
    verb = options.verb
  }
  return {
    problem,
    route: Route.normalize(route),
    verb: verb.toUpperCase(),
    request: options.request ?? request,
    response: options.response ?? response,
    configData: options.configData ?? Schema.Unknown
  }
}

const decodeDelivery = <P, Req, C>(envelope: Envelope, resolved: Resolved) =>
  Effect.gen(function*() {
    const body = yield* Payload.decode(resolved.request, envelope.Request.Body ?? null, "Request.Body")
    const configData = yield* Payload.decode(resolved.configData, envelope.ConfigData ?? null, "ConfigData")
    const token = envelope.UserToken ?? undefined
    const userToken = token === undefined || token === "" ? undefined : Redacted.make(token)
    // `resolved` holds the Schemas the handler's types were taken from (the
    // operation table's when none was given, typed unknown), and the params'
    // names come from the route the envelope matched.
    const delivery: Delivery<P, Req, C> = {
      route: envelope.Route,
      verb: envelope.Verb,
      params: envelope.RouteParams as P,
      query: envelope.QueryParams,
      date: envelope.Date ?? undefined,
      logID: envelope.LogID ?? undefined,
      userToken,
      session: userToken === undefined ? undefined : Session.fromToken(userToken),
      configData: configData as C,
      request: { body: body as Req, headers: envelope.Request.Headers },
      envelope
    }
    return delivery
  })
