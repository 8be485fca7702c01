/** This SDK on `HttpClientTransport.layer` over the platform's `NodeHttpClient.layerUndici`. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClientTransport from "@ordercloud-effect/core/HttpClientTransport"
import * as Layer from "effect/Layer"
import { makeWith } from "./ours.mjs"

export const make = makeWith(HttpClientTransport.layer.pipe(Layer.provide(NodeHttpClient.layerUndici)))
