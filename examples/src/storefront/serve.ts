/**
 * The server-rendered storefront on a loopback port, against a sandbox
 * server at `api` (for `pnpm storefront`): the seller first sets up single
 * sign-on with the sandbox's stand-in identity provider, coming back to this
 * storefront's `/sso`.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { OpenIdConnect, Session } from "@ordercloud-effect/auth"
import { OrderCloudClient, OrderCloudConfig } from "@ordercloud-effect/core"
import * as UndiciTransport from "@ordercloud-effect/core/UndiciTransport"
import { OpenIdConnects } from "@ordercloud-effect/resources"
import { IdentityProvider, Seed } from "@ordercloud-effect/sandbox"
import { Context, Effect, Layer, Redacted } from "effect"
import { createServer } from "node:http"
import * as Storefront from "./server.js"

const openIdConnectID = "storefront-sso"

/** Serves the storefront for as long as the scope lasts; answers its URL. */
export const serve = (api: string) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(Layer.mergeAll(
      NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 }),
      OrderCloudClient.layer().pipe(
        Layer.provide(Layer.orDie(OrderCloudConfig.layer({ baseUrl: api }))),
        Layer.provide(UndiciTransport.layer())
      )
    ))
    const address = Context.get(context, HttpServer.HttpServer).address
    const url = `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
    return yield* Effect.provide(setUp(api, url), context)
  }).pipe(Effect.orDie)

const setUp = (api: string, url: string) =>
  Effect.gen(function*() {
    yield* OpenIdConnects.save(openIdConnectID, {
      ID: openIdConnectID,
      OrderCloudApiClientID: Seed.storefrontClientID,
      ConnectClientID: "storefront",
      ConnectClientSecret: "stand-in-secret",
      AppStartUrl: OpenIdConnect.appStartUrl(`${url}/sso`),
      ...IdentityProvider.endpoints(api)
    }).pipe(
      Effect.provide(Session.layerClientCredentials({
        clientID: Seed.adminClientID,
        clientSecret: Redacted.make(Seed.adminClientSecret),
        scope: ["FullAccess"]
      }))
    )
    const { app } = yield* Storefront.make({
      clientID: Seed.storefrontClientID,
      anonymousClientID: Seed.storefrontClientID,
      openIdConnectID
    })
    yield* HttpServer.serveEffect(app)
    return url
  })
