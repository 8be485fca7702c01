/** Redirects: credentials and bodies stay within the origin; no https to http. */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Guarantees from "../src/Guarantees.js"
import * as Redirects from "../src/Redirects.js"
import { expectCheck } from "./utils.js"

const verify = (id: string) => () =>
  Effect.map(Redirects.run, (verdicts) => expectCheck(Guarantees.redirects(verdicts), id))

describe("redirects", () => {
  it.effect("credentials are never sent to another origin", verify("redirects.credentials"))
  it.effect("a redirect within the origin is followed with the credentials", verify("redirects.same-origin"))
  // Needs redirects followed only within the origin, never https to http.
  it.effect("a redirect to another origin or to http is not followed and fails typed", verify("redirects.origin"))
  it.effect("a request body is never re-sent to another origin", verify("redirects.bodies"))
})
