/** Every example, the tour first. */
import type { Example } from "./Example.js"
import { anonymous } from "./examples/anonymous.js"
import { config } from "./examples/config.js"
import { errors } from "./examples/errors.js"
import { impersonation } from "./examples/impersonation.js"
import { middleware } from "./examples/middleware.js"
import { perspectives } from "./examples/perspectives.js"
import { sso } from "./examples/sso.js"
import { storefront } from "./examples/storefront.js"
import { streaming } from "./examples/streaming.js"
import { tour } from "./examples/tour.js"
import { typedXp } from "./examples/typed-xp.js"
import { webhooks } from "./examples/webhooks.js"

export const examples: ReadonlyArray<Example> = [
  tour,
  perspectives,
  impersonation,
  anonymous,
  streaming,
  typedXp,
  middleware,
  errors,
  config,
  storefront,
  sso,
  webhooks
]
