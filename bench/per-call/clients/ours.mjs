/**
 * This SDK from its built packages: `OrderCloudClient.layer()` over the given
 * `Transport` layer (none: the default, the runtime's fetch), a static-token
 * session, one `ManagedRuntime`; `Products.get` and `Products.list` decoded
 * by their Schemas.
 */
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudConfig from "@ordercloud-effect/core/OrderCloudConfig"
import * as Session from "@ordercloud-effect/core/Session"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"

export const makeWith = (transport = Layer.empty) => ({ url, token }) => {
  const runtime = ManagedRuntime.make(
    Layer.merge(
      OrderCloudClient.layer().pipe(
        Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: url }))),
        Layer.provide(transport)
      ),
      Session.layerToken(token)
    )
  )
  return {
    get: (id) => runtime.runPromise(Products.get(id)),
    list: () => runtime.runPromise(Products.list({ pageSize: 100 })),
    close: () => runtime.dispose()
  }
}
