/** This SDK on its default transport: the runtime's global `fetch`. */
import { makeWith } from "./ours.mjs"

export const make = makeWith()
