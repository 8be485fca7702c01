/**
 * The guarantees, as checks over what the suites measured: one place that
 * both the tests (`pnpm test`, small sizes) and the soak runner (`pnpm
 * soak`, full sizes) judge by.
 *
 * @since 0.1.0
 */
import type * as Canaries from "./Canaries.js"
import type * as Hostile from "./Hostile.js"
import type * as Redirects from "./Redirects.js"
import * as Soak from "./Soak.js"
import type * as Stalls from "./Stalls.js"
import type * as Storms from "./Storms.js"

/**
 * One guarantee and how the run measured against it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Check {
  /** A stable key (`soak.lost`, ...). */
  readonly id: string
  readonly guarantee: string
  readonly measured: string
  readonly ok: boolean
}

const check = (id: string, guarantee: string, measured: string, ok: boolean): Check => ({ id, guarantee, measured, ok })

/**
 * The floor under the idempotent failure rate when comparing creates with
 * it: with so few idempotent failures a small run may see none, and "twice
 * zero" would turn one unlucky create into a failure.
 *
 * @since 0.1.0
 * @category constants
 */
export const failureRateFloor = 0.005

/**
 * @since 0.1.0
 * @category checks
 */
export const soak = (result: Soak.Result): ReadonlyArray<Check> => {
  const creates = Soak.failureRate(result.byKind.create)
  const idempotent = Soak.failureRate(result.byKind.idempotent)
  const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`
  return [
    check(
      "soak.lost",
      "no write is lost (reported failed but present, or reported done but absent)",
      `${result.lost} lost`,
      result.lost === 0
    ),
    check("soak.duplicates", "no create makes two objects", `${result.duplicates} duplicates`, result.duplicates === 0),
    check("soak.defects", "no defect", `${result.defects} defects`, result.defects === 0),
    check("soak.tagged", "every failure is a tagged error", `${result.untagged} untagged`, result.untagged === 0),
    check(
      "soak.creates",
      "creates fail at most twice as often as idempotent calls",
      `creates ${percent(creates)}, idempotent ${percent(idempotent)}`,
      creates <= 2 * Math.max(idempotent, failureRateFloor)
    )
  ]
}

/**
 * @since 0.1.0
 * @category checks
 */
export const storms = (results: ReadonlyArray<Storms.Storm>): ReadonlyArray<Check> =>
  results.map((storm) =>
    check(
      `storm.${storm.grant.replace(/ /g, "-")}`,
      `${storm.grant}: ${storm.calls} cold concurrent calls make one token request`,
      `${storm.tokenRequests} token requests, ${storm.succeeded}/${storm.calls} succeeded`,
      storm.tokenRequests === 1 && storm.succeeded === storm.calls
    )
  )

/**
 * @since 0.1.0
 * @category checks
 */
export const interleaving = (result: Storms.Interleaving): ReadonlyArray<Check> => [
  check(
    "perspectives.bearer",
    "seller, buyer and impersonated buyer calling concurrently: every request carries its own perspective's bearer",
    `${result.wrongBearer} wrong of ${result.calls}, ${result.succeeded} succeeded`,
    result.wrongBearer === 0 && result.succeeded === result.calls
  )
]

/**
 * `slack`: how late a timeout may end and still be on time (0 under
 * `TestClock`, where time is exact).
 *
 * @since 0.1.0
 * @category checks
 */
export const stalls = (
  results: { readonly token: Stalls.TokenStall; readonly scope: Stalls.ScopeClose; readonly body: Stalls.BodyStall },
  slack: number
): ReadonlyArray<Check> => {
  const { body, scope, token } = results
  const onTime = (run: { readonly tag: string; readonly millis: number }, timeout: number) =>
    run.tag === "Timeout" && run.millis >= timeout && run.millis <= timeout + slack
  return [
    check(
      "stall.token.timeout",
      "a token request that never answers: the call fails with Timeout at the config timeout",
      `${token.first.tag} after ${token.first.millis} ms (timeout ${token.timeoutMillis} ms)`,
      onTime(token.first, token.timeoutMillis)
    ),
    check(
      "stall.token.fresh",
      "the next call starts a fresh token request (and also ends on time)",
      `${token.tokenRequests} token requests; ${token.second.tag} after ${token.second.millis} ms; first aborted: ${token.firstAborted}`,
      token.tokenRequests === 2 && token.firstAborted && onTime(token.second, token.timeoutMillis)
    ),
    check(
      "stall.scope",
      "closing the session's scope interrupts a token request in flight at once",
      `closed in ${scope.closeMillis} ms, request aborted: ${scope.aborted}, waiting call: ${scope.call}`,
      scope.closeMillis <= slack && scope.aborted && scope.call !== "Hung"
    ),
    check(
      "stall.body",
      "a body that never ends: the call fails with Timeout at the config timeout and the request is aborted",
      `${body.tag} after ${body.millis} ms (timeout ${body.timeoutMillis} ms), aborted: ${body.aborted}`,
      onTime(body, body.timeoutMillis) && body.aborted
    )
  ]
}

/**
 * One check per group of hostile inputs.
 *
 * @since 0.1.0
 * @category checks
 */
export const hostile = (verdicts: ReadonlyArray<Hostile.Verdict>): ReadonlyArray<Check> => {
  const groups = [...new Set(verdicts.map((verdict) => verdict.group))]
  return [
    check("hostile.count", "at least 300 hostile inputs", `${verdicts.length} inputs`, verdicts.length >= 300),
    ...groups.map((group) => {
      const inGroup = verdicts.filter((verdict) => verdict.group === group)
      const failed = inGroup.filter((verdict) => !verdict.ok)
      return check(
        `hostile.${group.replace(/ /g, "-")}`,
        `${group}: a typed refusal with nothing sent, or exactly the intended bytes on the wire`,
        `${inGroup.length - failed.length}/${inGroup.length}${
          failed.length === 0
            ? ""
            : `; failing: ${failed.map((verdict) => `${verdict.name} (${verdict.detail})`).join("; ")}`
        }`,
        failed.length === 0
      )
    })
  ]
}

/**
 * @since 0.1.0
 * @category checks
 */
export const canaries = (result: Canaries.Result): ReadonlyArray<Check> => [
  check(
    "canaries",
    "no secret or issued token in debug logs, spans, error messages or Cause.pretty",
    `${result.leaks.length} leaks in ${result.logLines} log lines, ${result.spans} spans, ${result.failures} errors (${result.secrets} secrets searched)`,
    result.leaks.length === 0 && result.logLines > 0 && result.spans > 0 && result.failures > 0
  )
]

/**
 * @since 0.1.0
 * @category checks
 */
export const redirects = (verdicts: ReadonlyArray<Redirects.Verdict>): ReadonlyArray<Check> => {
  const refused = verdicts.filter((verdict) => !verdict.follow)
  const followed = verdicts.filter((verdict) => verdict.follow)
  const sum = (pick: (verdict: Redirects.Verdict) => number) =>
    verdicts.reduce((total, verdict) => total + pick(verdict), 0)
  return [
    check(
      "redirects.credentials",
      "credentials are never sent to another origin",
      `${sum((verdict) => verdict.credentialsElsewhere)} requests with credentials elsewhere`,
      sum((verdict) => verdict.credentialsElsewhere) === 0
    ),
    check(
      "redirects.origin",
      "redirects to another origin or from https to http are not followed: nothing reaches it, the call fails typed",
      refused.map((verdict) => `${verdict.name}: ${verdict.outcome}, ${verdict.elsewhere} sent elsewhere`).join("; "),
      refused.every((verdict) =>
        verdict.elsewhere === 0 && verdict.outcome !== "Success" && verdict.outcome !== "Defect"
      )
    ),
    check(
      "redirects.bodies",
      "a request body is never re-sent to another origin",
      `${sum((verdict) => verdict.bodiesElsewhere)} bodies sent elsewhere`,
      sum((verdict) => verdict.bodiesElsewhere) === 0
    ),
    check(
      "redirects.same-origin",
      "a redirect within the origin is followed, keeping the credentials",
      followed.map((verdict) =>
        `${verdict.name}: ${verdict.outcome}, ${verdict.credentialsKept}/${verdict.requests} with credentials`
      ).join("; "),
      followed.every((verdict) => verdict.outcome === "Success" && verdict.credentialsKept === verdict.requests)
    )
  ]
}
