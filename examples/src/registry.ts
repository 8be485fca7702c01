/** Every example, the tour first. */
import type { Example } from "./Example.js"
import { tour } from "./examples/tour.js"

export const examples: ReadonlyArray<Example> = [tour]
