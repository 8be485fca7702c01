import { OrderCloudClient, OrderCloudError } from "@ordercloud-effect/core"
import { Effect, Schema } from "effect"

const Product = Schema.Struct({ ID: Schema.String, Name: Schema.String })

// Any operation can be declared by hand; the generated resources do the same.
const getProduct = OrderCloudClient.operation({
  id: "Products.get",
  method: "GET",
  path: "/products/{productID}",
  body: undefined,
  response: Product
})

export const productName = (productID: string) =>
  OrderCloudClient.execute(getProduct, { path: { productID } }).pipe(
    Effect.map((product) => product.Name),
    // One error class per status: handle the ones that mean something here.
    Effect.catchTag("NotFound", () => Effect.succeed("(no such product)")),
    Effect.catchTags({
      Forbidden: (error) => Effect.fail(`missing a role: ${error.errorCode}`),
      Timeout: (error) => Effect.fail(`gave up after ${error.timeoutMillis} ms`)
    })
  )

const submitOrder = OrderCloudClient.operation({
  id: "Orders.submit",
  method: "POST",
  path: "/orders/Outgoing/{orderID}/submit",
  body: undefined,
  response: Schema.Struct({ ID: Schema.String })
})

export const submit = (orderID: string) =>
  OrderCloudClient.execute(submitOrder, { path: { orderID } }).pipe(
    Effect.as("submitted"),
    // Within one status, OrderCloud's error code tells failures apart. Only
    // documented codes compile: "Order.CannotSubmitWithNoLineItem" would not.
    OrderCloudError.catchCode("Order.CannotSubmitWithNoLineItems", (error) =>
      Effect.succeed(`nothing to submit (${error.status})`))
  )
