/** This SDK on `UndiciTransport.layer()`: straight to undici, no fetch objects. */
import * as UndiciTransport from "@ordercloud-effect/core/UndiciTransport"
import { makeWith } from "./ours.mjs"

export const make = makeWith(UndiciTransport.layer())
