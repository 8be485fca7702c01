/** This SDK on `Transport.layerHttpClient` over the platform's `NodeHttpClient.layerUndici`. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Transport from "@ordercloud-effect/core/Transport"
import * as Layer from "effect/Layer"
import { makeWith } from "./ours.mjs"

export const make = makeWith(Transport.layerHttpClient.pipe(Layer.provide(NodeHttpClient.layerUndici)))
