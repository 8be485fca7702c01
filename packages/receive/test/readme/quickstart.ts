import { FetchHttpClient, HttpRouter, HttpServerResponse } from "@effect/platform"
import { CheckoutIntegration, Signature, UserToken, Webhook } from "@ordercloud-effect/receive"
import { Effect, Layer } from "effect"

// Webhooks: a handler per operation, its bodies decoded and typed by that operation's Schemas.
const webhooks = Webhook.app([
  Webhook.postHook(
    { operation: "Orders.submit" },
    (delivery) => Effect.log(`order ${delivery.params.orderID} submitted, total ${delivery.response.body.Total}`)
  ),
  Webhook.preHook({ route: "v1/products/{productID}", verb: "DELETE" }, (delivery) =>
    Effect.succeed(
      delivery.params.productID.startsWith("keep-")
        ? Webhook.reject({ Reason: "Kept products stay." })
        : Webhook.proceed
    ))
])

// Checkout integration events: typed worksheet in, typed responses out.
const checkout = CheckoutIntegration.app({
  shippingRates: ({ worksheet }) =>
    Effect.succeed({
      ShipEstimates: [{
        ID: "one-box",
        ShipEstimateItems: (worksheet.LineItems ?? []).map((line) => ({
          LineItemID: line.ID!,
          Quantity: line.Quantity!
        })),
        ShipMethods: [{ ID: "ground", Name: "Ground", Cost: 5, EstimatedTransitDays: 3 }]
      }]
    }),
  orderCalculate: ({ worksheet }) => Effect.succeed({ TaxTotal: (worksheet.Order?.Subtotal ?? 0) * 0.08 })
})

// Your own API for your storefront, behind OrderCloud user tokens.
const api = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/greeting",
    Effect.map(UserToken.CurrentUser, (user) => HttpServerResponse.text(`Hi ${user.username}`))
  ),
  HttpRouter.use(UserToken.middleware)
)

export const router = HttpRouter.empty.pipe(
  HttpRouter.post("/webhooks", webhooks),
  HttpRouter.post("/checkout/:event", checkout),
  HttpRouter.mount("/api", api)
)

// ORDERCLOUD_HASH_KEY (and ORDERCLOUD_HASH_KEY_PREVIOUS while rotating) and ORDERCLOUD_BASE_URL.
export const ReceiverLive = Layer.mergeAll(Signature.layerConfig(), UserToken.layerConfig()).pipe(
  Layer.provide(FetchHttpClient.layer)
)

// Serve it: HttpServer.serve(router) on Node, Bun or Deno, or serverless:
// export const handler = HttpApp.toWebHandlerLayer(router, ReceiverLive).handler
