/** Every example, the tour first. */
import type { Example } from "./Example.js"
import { tour } from "./examples/tour.js"
import { perspectives } from "./examples/perspectives.js"
import { impersonation } from "./examples/impersonation.js"
import { anonymous } from "./examples/anonymous.js"
import { streaming } from "./examples/streaming.js"
import { typedXp } from "./examples/typed-xp.js"
import { middleware } from "./examples/middleware.js"
import { errors } from "./examples/errors.js"
import { config } from "./examples/config.js"

export const examples: ReadonlyArray<Example> = [tour, perspectives, impersonation, anonymous, streaming, typedXp, middleware, errors, config]
