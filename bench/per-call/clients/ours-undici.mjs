/** This SDK on `NodeHttpClient.layerUndici`. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { makeWith } from "./ours.mjs"

export const make = makeWith(NodeHttpClient.layerUndici)
