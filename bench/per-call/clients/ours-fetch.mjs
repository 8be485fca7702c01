/** This SDK on the platform's `FetchHttpClient.layer`. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { makeWith } from "./ours.mjs"

export const make = makeWith(FetchHttpClient.layer)
