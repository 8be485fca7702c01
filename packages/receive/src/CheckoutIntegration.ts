/**
 * OrderCloud's checkout integration events (`EventType: "OrderCheckout"`):
 * OrderCloud POSTs the order worksheet to `{CustomImplementationUrl}/{event}`
 * during estimate shipping, calculate, submit, submit for approval and
 * approve, and records the answer in the worksheet.
 *
 * `app` verifies the `X-oc-hash` signature over the raw bytes (401 and no
 * handler run when it fails), picks the handler by the path's last segment
 * without regard to case (`/shippingrates`, `/ShippingRates`), decodes the
 * payload, and encodes the handler's typed response. A handler that fails
 * with `Rejected` is answered with that status and message; any other
 * failure is logged and answered 500. Either way the body is OrderCloud's
 * `Errors` shape, which OrderCloud records as the response's
 * `UnhandledErrorBody`, and never a stack.
 *
 * @example
 * ```ts
 * import { HttpRouter } from "@effect/platform"
 * import { CheckoutIntegration } from "@ordercloud-effect/receive"
 * import { Effect } from "effect"
 *
 * const integration = CheckoutIntegration.app({
 *   shippingRates: ({ worksheet }) =>
 *     Effect.succeed({
 *       ShipEstimates: [{
 *         ID: "all",
 *         ShipEstimateItems: (worksheet.LineItems ?? []).map((line) => ({ LineItemID: line.ID, Quantity: line.Quantity })),
 *         ShipMethods: [{ ID: "ground", Name: "Ground", Cost: 5, EstimatedTransitDays: 3 }]
 *       }]
 *     }),
 *   orderCalculate: ({ worksheet }) => Effect.succeed({ TaxTotal: (worksheet.Order?.Subtotal ?? 0) * 0.1 })
 * })
 *
 * export const router = HttpRouter.empty.pipe(HttpRouter.post("/integration/:event", integration))
 * ```
 *
 * @since 0.1.0
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Session from "@ordercloud-effect/core/Session"
import { Environment } from "@ordercloud-effect/resources/models/Environment"
import { OrderApprovedResponse } from "@ordercloud-effect/resources/models/OrderApprovedResponse"
import { OrderCalculateResponse } from "@ordercloud-effect/resources/models/OrderCalculateResponse"
import { OrderSubmitForApprovalResponse } from "@ordercloud-effect/resources/models/OrderSubmitForApprovalResponse"
import { OrderSubmitResponse } from "@ordercloud-effect/resources/models/OrderSubmitResponse"
import { OrderWorksheet } from "@ordercloud-effect/resources/models/OrderWorksheet"
import { ShipEstimateResponse } from "@ordercloud-effect/resources/models/ShipEstimateResponse"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Payload from "./internal/payload.js"
import * as Signature from "./Signature.js"

/**
 * The events, by the path segment OrderCloud appends to the integration's
 * URL, and the API call that fires each.
 *
 * @since 0.1.0
 * @category constants
 */
export const events = {
  /** `POST .../estimateshipping`. */
  shippingRates: "ShippingRates",
  /** `POST .../calculate`. */
  orderCalculate: "OrderCalculate",
  /** `POST .../submit`. */
  orderSubmit: "OrderSubmit",
  /** `POST .../submit` when the order needs approval. */
  orderSubmitForApproval: "OrderSubmitForApproval",
  /** `POST .../approve`. */
  orderApproved: "OrderApproved"
} as const

/**
 * An event's name in handler position: `shippingRates`, `orderCalculate`, ...
 *
 * @since 0.1.0
 * @category models
 */
export type Event = keyof typeof events

/**
 * The Schemas of the answers, per event.
 *
 * @since 0.1.0
 * @category schemas
 */
export const responses = {
  shippingRates: ShipEstimateResponse,
  orderCalculate: OrderCalculateResponse,
  orderSubmit: OrderSubmitResponse,
  orderSubmitForApproval: OrderSubmitForApprovalResponse,
  orderApproved: OrderApprovedResponse
} as const

/**
 * What OrderCloud sends to every checkout event (`ShipEstimatePayload`,
 * `OrderCalculatePayload`, ... share this shape).
 *
 * @since 0.1.0
 * @category schemas
 */
export const EventPayload = Schema.Struct({
  OrderWorksheet,
  Environment: Schema.optional(Schema.NullOr(Environment)),
  OrderCloudAccessToken: Schema.optional(Schema.NullOr(Schema.String)),
  ConfigData: Schema.optional(Schema.Unknown)
})

/**
 * What a handler is given.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request<C> {
  readonly event: Event
  readonly worksheet: OrderWorksheet
  readonly environment: Environment | undefined
  /** The token of the user checking out (elevated with the event's `ElevatedRoles`). */
  readonly accessToken: Redacted.Redacted<string> | undefined
  /** That token as a `Session`, to call OrderCloud back with it. */
  readonly session: Session.Service | undefined
  readonly configData: C
}

/**
 * A handler's typed refusal: answered with `status` and OrderCloud's error
 * body (`ErrorCode`, `Message`), which OrderCloud records in the worksheet.
 *
 * @since 0.1.0
 * @category errors
 */
export class Rejected extends Schema.TaggedError<Rejected>()("Rejected", {
  status: Schema.Number,
  errorCode: Schema.String,
  message: Schema.String
}) {}

/**
 * The handlers, one per event this integration answers (the others are
 * answered 404).
 *
 * @since 0.1.0
 * @category models
 */
export type Handlers<C, E, R> = {
  readonly [K in Event]?: (
    request: Request<C>
  ) => Effect.Effect<Schema.Schema.Type<(typeof responses)[K]>, E, R>
}

/**
 * The integration receiver, as an app to mount at `{CustomImplementationUrl}/:event`
 * (any prefix works: the event is the path's last segment).
 *
 * @since 0.1.0
 * @category apps
 */
export const app = <CS extends Schema.Schema.AnyNoContext = typeof Schema.Unknown, E = never, R = never>(
  handlers: Handlers<Schema.Schema.Type<CS>, E, R>,
  options: { readonly configData?: CS | undefined } = {}
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  R | Signature.HashKeys | HttpServerRequest.HttpServerRequest
> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const bytes = yield* Signature.verifiedBody
    const event = eventOf(request.url)
    const handler = event === undefined ? undefined : handlers[event]
    if (event === undefined || handler === undefined) {
      return Payload.errorResponse(404, "NotFound", "This integration does not handle that event.")
    }
    const payload = yield* Effect.flatMap(Payload.json(bytes), (json) => Payload.decode(EventPayload, json, "payload"))
    const configData = yield* Payload.decode(
      options.configData ?? Schema.Unknown,
      payload.ConfigData ?? null,
      "ConfigData"
    )
    const token = payload.OrderCloudAccessToken ?? undefined
    const accessToken = token === undefined || token === "" ? undefined : Redacted.make(token)
    const answer = yield* handler({
      event,
      worksheet: payload.OrderWorksheet,
      environment: payload.Environment ?? undefined,
      accessToken,
      session: accessToken === undefined ? undefined : Session.fromToken(accessToken),
      // Decoded with `options.configData` when given, which is what types it.
      configData: configData as Schema.Schema.Type<CS>
    })
    const schema: Schema.Schema<unknown, unknown> = responses[event] as Schema.Schema<unknown, unknown>
    return HttpServerResponse.unsafeJson(yield* Effect.orDie(Schema.encode(schema)(answer)))
  }).pipe(
    Effect.catchAllCause((cause) => {
      const failure = Cause.failureOption(cause)
      return Option.isSome(failure) && failure.value instanceof Rejected
        ? Effect.succeed(Payload.errorResponse(failure.value.status, failure.value.errorCode, failure.value.message))
        : Payload.recover(cause, "IntegrationFailed", "The integration failed.")
    }),
    Effect.withSpan("CheckoutIntegration.app")
  )

// ---------------------------------------------------------------------------
// private helpers
// ---------------------------------------------------------------------------

const byPath: ReadonlyMap<string, Event> = new Map(
  (Object.keys(events) as Array<Event>).map((event) => [events[event].toLowerCase(), event])
)

const eventOf = (url: string): Event | undefined => {
  const path = url.split("?")[0]!.replace(/\/+$/, "")
  const last = path.slice(path.lastIndexOf("/") + 1)
  return byPath.get(last.toLowerCase())
}
