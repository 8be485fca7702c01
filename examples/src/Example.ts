/** What every example is: a name, one line saying what it shows, and the program. */
import type { OrderCloudClient } from "@ordercloud-effect/core"
import type { Effect } from "effect"
import type { Environment } from "./Environment.js"

export interface Example {
  readonly name: string
  readonly description: string
  readonly program: Effect.Effect<void, unknown, OrderCloudClient.OrderCloudClient | Environment>
}
