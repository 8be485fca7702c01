/**
 * The soak: many fibers run a seeded mix of writes, reads and the order flow
 * against a sandbox that injects faults, each recording what the client
 * reported; afterwards the sandbox's state, read back through the SDK, is
 * checked against every report.
 *
 * Each fiber owns its objects (IDs prefixed with the run and fiber), so the
 * states an object may be in follow from that fiber's reports alone:
 *
 * - a success means the write happened: the object is in that state now;
 * - a status error means the server refused (the sandbox's 429 and 503 are
 *   never processed): nothing changed;
 * - a `TransportError` or `Timeout` means the outcome is unknown: either.
 *
 * A report the final state (or a later answer) contradicts is **lost**: a
 * write reported failed but present, or reported done but absent. Two
 * objects for one intended create are a **duplicate**.
 *
 * @since 0.1.0
 */
import * as Middleware from "@ordercloud-effect/core/Middleware"
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as Retry from "@ordercloud-effect/core/Retry"
import type * as Session from "@ordercloud-effect/core/Session"
import * as LineItems from "@ordercloud-effect/resources/LineItems"
import * as Me from "@ordercloud-effect/resources/Me"
import * as Orders from "@ordercloud-effect/resources/Orders"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Targets from "./Targets.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Operations in all (an order flow counts its three calls). */
  readonly operations: number
  readonly fibers: number
  /** The share of API requests that meet a fault, from 0 to 1. */
  readonly faultRate: number
  /** Seeds the faults and each fiber's choice of operations. */
  readonly seed: number
  readonly mode: Targets.Mode
  /**
   * Middleware added to the client under test (it runs inside `Retry`, once
   * per attempt).
   */
  readonly middleware?: ReadonlyArray<Middleware.Definition> | undefined
}

/**
 * The retry settings of the soak: the defaults with time compressed (the
 * sandbox's `Retry-After: 1` is honoured as 20 ms), so a run measures
 * outcomes, not waiting.
 *
 * @since 0.1.0
 * @category constants
 */
export const retryOptions: Retry.Options = {
  baseDelay: "5 millis",
  maxDelay: "50 millis",
  maxRetryAfter: "20 millis"
}

/**
 * Which kind of operation a call was, for the failure rates.
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = "create" | "idempotent" | "submit"

/**
 * @since 0.1.0
 * @category models
 */
export interface Counts {
  readonly calls: number
  /** Failures caused by the faults (transport, 429, 503, and a create's own 409). */
  readonly faultFailures: number
}

/**
 * What a soak measured.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly mode: Targets.Mode
  readonly operations: number
  readonly fibers: number
  readonly faultRate: number
  readonly seed: number
  readonly byKind: Readonly<Record<Kind, Counts>>
  /** Failures by `_tag`. */
  readonly failures: Readonly<Record<string, number>>
  readonly lost: number
  readonly lostByReason: Readonly<Partial<Record<LostReason, number>>>
  /** The first few contradictions of each reason, and defects, for the report. */
  readonly lostExamples: ReadonlyArray<string>
  readonly duplicates: number
  readonly defects: number
  /** Failures that were not one of the client's tagged errors. */
  readonly untagged: number
  /**
   * Writes reported with an unknown outcome: no answer (transport, timeout),
   * or a refusal after an attempt whose answer was lost...
   */
  readonly unknownOutcomes: number
  /** ...of which refusals (a status error hiding an earlier attempt that may have landed). */
  readonly refusedAfterLostAnswer: number
  /** ...of which the sandbox shows this many did happen. */
  readonly unknownLanded: number
  readonly millis: number
}

/** The tags the client fails with (OrderCloudError.OrderCloudError). */
const knownTags: ReadonlySet<string> = new Set([
  "BadRequest",
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "Conflict",
  "TooManyRequests",
  "InternalServerError",
  "ServiceUnavailable",
  "UnexpectedStatus",
  "InvalidRequest",
  "TransportError",
  "ResponseDecodeError",
  "Timeout",
  "AuthenticationFailed"
])
const unknownOutcomeTags: ReadonlySet<string> = new Set(["TransportError", "Timeout", "ResponseDecodeError"])
const faultTags: ReadonlySet<string> = new Set(["TransportError", "Timeout", "TooManyRequests", "ServiceUnavailable"])

/** What the client reported for one call. */
type Outcome =
  | { readonly _tag: "Ok"; readonly value: unknown }
  | {
    readonly _tag: "Failed"
    readonly tag: string
    /** Whether the write may have happened: no answer, or a refusal after an attempt whose answer was lost. */
    readonly unknown: boolean
    /** A status error after an earlier attempt of the same call got no answer. */
    readonly afterLostAnswer: boolean
  }
  | { readonly _tag: "Defect"; readonly detail: string }

const classify = <A>(exit: Exit.Exit<A, unknown>, lostAnswer: boolean): Outcome => {
  if (Exit.isSuccess(exit)) return { _tag: "Ok", value: exit.value }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    const tag = typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
      ? error._tag
      : "(untagged)"
    const noAnswer = unknownOutcomeTags.has(tag)
    // NotFound and Conflict describe the object as it is, whatever an earlier attempt did.
    const afterLostAnswer = lostAnswer && !noAnswer && tag !== "NotFound" && tag !== "Conflict"
    return { _tag: "Failed", tag, unknown: noAnswer || afterLostAnswer, afterLostAnswer }
  }
  return { _tag: "Defect", detail: Cause.pretty(exit.cause).split("\n")[0] ?? "defect" }
}

/** A small seeded PRNG (mulberry32): the same seed gives the same mix. */
const prng = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---------------------------------------------------------------------------
// The possible states of one object, narrowed by each report

/** `absent`, `v:<n>` (present with that version), or an order's `open`/`submitted`. */
type State = string

/** The reports on one object, in order, with what each would have done. */
interface Entry {
  readonly op: string
  readonly outcome: Outcome
  /** The state after the write, applied to each possible state before it. */
  readonly effect: (state: State) => State
  /** Seen by a read: the state the object is in (a get's version, a 404's absence). */
  readonly observed?: State | undefined
}

const isPresent = (state: State) => state !== "absent"

/**
 * Why a report counts as lost.
 *
 * @since 0.1.0
 * @category models
 */
export type LostReason =
  | "create answered Conflict after its own attempt landed"
  | "a read contradicts the reports"
  | "NotFound contradicts the reports"
  | "the final state contradicts the reports"
  | "a create without ID: the objects found contradict the report"

interface Lost {
  readonly reason: LostReason
  readonly detail: string
}

interface Verdict {
  readonly lost: ReadonlyArray<Lost>
  readonly unknownLanded: number
}

/** Walks one object's reports and compares the end with what the sandbox holds. */
const judge = (key: string, entries: ReadonlyArray<Entry>, actual: State): Verdict => {
  let possible = new Set<State>(["absent"])
  const lost: Array<Lost> = []
  let unknownLanded = 0
  const unknownSteps: Array<{ readonly before: ReadonlySet<State>; readonly after: State }> = []
  for (const entry of entries) {
    const { outcome } = entry
    if (outcome._tag === "Defect") continue
    if (outcome._tag === "Ok") {
      const next = new Set<State>()
      for (const state of possible) next.add(entry.effect(state))
      const observed = entry.observed
      if (observed !== undefined) {
        if (![...possible].some((state) => state === observed)) {
          lost.push({
            reason: "a read contradicts the reports",
            detail: `${key}: ${entry.op} saw ${observed}, expected one of ${[...possible].join("|")}`
          })
        }
        possible = new Set([observed])
      } else {
        possible = next
      }
    } else if (outcome.tag === "NotFound") {
      // NotFound and Conflict say what state the object is in now, whatever came before.
      if (!possible.has("absent")) {
        lost.push({
          reason: "NotFound contradicts the reports",
          detail: `${key}: ${entry.op} answered NotFound, expected one of ${[...possible].join("|")}`
        })
      }
      possible = new Set(["absent"])
    } else if (outcome.tag === "Conflict") {
      // A create refused because the object exists: fine if it may have
      // existed; if only this create can have made it, the create's own
      // earlier attempt landed and it was reported failed.
      const present = [...possible].filter(isPresent)
      if (present.length === 0) {
        lost.push({
          reason: "create answered Conflict after its own attempt landed",
          detail: `${key}: ${entry.op} answered Conflict for an object only it can have created`
        })
        possible = new Set([entry.effect("absent")])
      } else {
        possible = new Set(present)
      }
    } else if (outcome.unknown) {
      const after = new Set(possible)
      for (const state of possible) after.add(entry.effect(state))
      unknownSteps.push({ before: possible, after: [...after].find((s) => !possible.has(s)) ?? "" })
      possible = after
    }
    // any other refusal: nothing changed
  }
  const matches = (state: State) => state === actual || (state === "v:*" && isPresent(actual))
  if (![...possible].some(matches)) {
    lost.push({
      reason: "the final state contradicts the reports",
      detail: `${key}: the sandbox holds ${actual}, the reports allow ${[...possible].join("|")}`
    })
  }
  for (const step of unknownSteps) if (step.after === actual && !step.before.has(actual)) unknownLanded++
  return { lost, unknownLanded }
}

// ---------------------------------------------------------------------------
// The run

interface Ledger {
  readonly objects: Map<string, Array<Entry>>
  /** Creates without an ID, by intent: what the client reported. */
  readonly intents: Map<string, Outcome>
  readonly byKind: Record<Kind, { calls: number; faultFailures: number }>
  readonly failures: Record<string, number>
  defects: number
  untagged: number
  unknownOutcomes: number
  refusedAfterLostAnswer: number
  readonly defectExamples: Array<string>
  /** Calls (by `x-soak-call`) with an attempt that got no answer. */
  readonly lostAnswers: Set<string>
}

type Contexts = {
  readonly seller: Context.Context<OrderCloudClient.OrderCloudClient | Session.Session>
  readonly buyer: Context.Context<OrderCloudClient.OrderCloudClient | Session.Session>
}

const record = (
  ledger: Ledger,
  kind: Kind,
  outcome: Outcome,
  how: { readonly selfConflict?: boolean; readonly read?: boolean } = {}
) => {
  ledger.byKind[kind].calls++
  if (outcome._tag === "Defect") {
    ledger.defects++
    if (ledger.defectExamples.length < 5) ledger.defectExamples.push(outcome.detail)
    return
  }
  if (outcome._tag !== "Failed") return
  ledger.failures[outcome.tag] = (ledger.failures[outcome.tag] ?? 0) + 1
  if (!knownTags.has(outcome.tag)) ledger.untagged++
  if (outcome.unknown && how.read !== true) ledger.unknownOutcomes++
  if (outcome.afterLostAnswer && how.read !== true) ledger.refusedAfterLostAnswer++
  if (faultTags.has(outcome.tag) || how.selfConflict === true) ledger.byKind[kind].faultFailures++
}

const runFiber = (
  ledger: Ledger,
  contexts: Contexts,
  prefix: string,
  fiber: number,
  budget: number,
  seed: number
) =>
  Effect.gen(function*() {
    const random = prng(seed * 7919 + fiber)
    const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)]!
    const own = `${prefix}-f${fiber}`
    const products: Array<string> = []
    let version = 0
    let done = 0

    let calls = 0
    /** Runs one call as `as`; `make` receives the headers that let the observer tell its attempts apart. */
    const call = <A, E>(
      make: (
        headers: Readonly<Record<string, string>>
      ) => Effect.Effect<A, E, OrderCloudClient.OrderCloudClient | Session.Session>,
      as: keyof Contexts
    ) => {
      const id = `${own}-c${++calls}`
      return Effect.map(
        Effect.exit(Effect.provide(Effect.suspend(() => make({ [callHeader]: id })), contexts[as])),
        (exit) => classify(exit, ledger.lostAnswers.has(id))
      )
    }

    const log = (key: string, entry: Entry) => {
      const entries = ledger.objects.get(key) ?? []
      entries.push(entry)
      ledger.objects.set(key, entries)
    }
    /** A create's Conflict on an object no earlier report of this fiber can have made. */
    const isSelfConflict = (outcome: Outcome, key: string) =>
      outcome._tag === "Failed" && outcome.tag === "Conflict" &&
      (ledger.objects.get(key) ?? []).every((entry) => entry.outcome._tag !== "Ok")

    while (done < budget) {
      const roll = random()
      const v = ++version
      const set = (): State => `v:${v}`
      if (roll < 0.15 || products.length === 0) {
        const id = `${own}-p${products.length}`
        products.push(id)
        const outcome = yield* call(
          (headers) => Products.create({ ID: id, Name: `product ${v}`, xp: { v } }, { headers }),
          "seller"
        )
        record(ledger, "create", outcome, { selfConflict: isSelfConflict(outcome, id) })
        log(id, { op: "create", outcome, effect: (s) => s === "absent" ? set() : s })
        done++
      } else if (roll < 0.25) {
        const intent = `${own}-i${v}`
        const outcome = yield* call(
          (headers) => Products.create({ Name: `intent ${v}`, xp: { intent } }, { headers }),
          "seller"
        )
        record(ledger, "create", outcome)
        ledger.intents.set(intent, outcome)
        done++
      } else if (roll < 0.4) {
        const id = pick(products)
        const outcome = yield* call(
          (headers) => Products.save(id, { ID: id, Name: `product ${v}`, xp: { v } }, { headers }),
          "seller"
        )
        record(ledger, "idempotent", outcome)
        log(id, { op: "save", outcome, effect: set })
        done++
      } else if (roll < 0.55) {
        const id = pick(products)
        const outcome = yield* call((headers) => Products.patch(id, { xp: { v } }, { headers }), "seller")
        record(ledger, "idempotent", outcome)
        log(id, { op: "patch", outcome, effect: (s) => isPresent(s) ? set() : s })
        done++
      } else if (roll < 0.65) {
        const id = pick(products)
        const outcome = yield* call((headers) => Products.delete(id, { headers }), "seller")
        record(ledger, "idempotent", outcome)
        log(id, { op: "delete", outcome, effect: () => "absent" })
        done++
      } else if (roll < 0.75) {
        const id = pick(products)
        const outcome = yield* call((headers) => Products.get(id, { headers }), "seller")
        record(ledger, "idempotent", outcome, { read: true })
        const seen = outcome._tag === "Ok" ? versionOf(outcome.value) : undefined
        log(id, { op: "get", outcome, effect: (s) => s, observed: seen })
        done++
      } else if (roll < 0.85) {
        const outcome = yield* call(
          (headers) => Products.list({ filters: { ID: `${own}-*` }, pageSize: 20, headers }),
          "seller"
        )
        record(ledger, "idempotent", outcome, { read: true })
        done++
      } else {
        // The order flow, as the buyer: create, add a line, submit.
        const orderID = `${own}-o${v}`
        const created = yield* call((headers) => Orders.create("Outgoing", { ID: orderID }, { headers }), "buyer")
        record(ledger, "create", created, { selfConflict: isSelfConflict(created, orderID) })
        log(orderID, { op: "order create", outcome: created, effect: (s) => s === "absent" ? "open" : s })
        done++
        if (created._tag !== "Ok") continue
        const lineKey = `${orderID}/l1`
        const line = yield* call(
          (headers) =>
            LineItems.create("Outgoing", orderID, { ID: "l1", ProductID: "mug-02", Quantity: 1 }, { headers }),
          "buyer"
        )
        record(ledger, "create", line, { selfConflict: isSelfConflict(line, lineKey) })
        log(lineKey, { op: "line create", outcome: line, effect: (s) => s === "absent" ? "v:*" : s })
        done++
        if (line._tag !== "Ok") continue
        const submitted = yield* call((headers) => Orders.submit("Outgoing", orderID, { headers }), "buyer")
        record(ledger, "submit", submitted)
        log(orderID, { op: "submit", outcome: submitted, effect: (s) => s === "open" ? "submitted" : s })
        done++
      }
    }
  })

/** The header naming a soak call, so the observer can tell its attempts apart. */
const callHeader = "x-soak-call"

/**
 * A middleware of the user's list (once per attempt, inside Retry) that notes
 * each call with an attempt that got no answer (an attempt that fails inside
 * the stack: a status is an answer): a later refusal of that call does not
 * mean the write did not happen.
 */
const lostAnswerObserver = (lostAnswers: Set<string>): Middleware.Middleware => (_call, request, next) =>
  Effect.tapError(next(request), () =>
    Effect.sync(() => {
      const id = request.headers[callHeader]
      if (id !== undefined) lostAnswers.add(id)
    }))

const versionOf = (product: unknown): State => {
  const xp = (product as { readonly xp?: { readonly v?: unknown } | null }).xp
  return typeof xp?.v === "number" ? `v:${xp.v}` : "v:?"
}

/** Reads a whole list, trying again (the faults still apply) until it succeeds. */
const readAll = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Stream.runCollect(stream).pipe(Effect.retry({ times: 50 }), Effect.map(Chunk.toReadonlyArray))

/**
 * Runs a soak and judges it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = (options: Options): Effect.Effect<Result> =>
  Effect.scoped(
    Effect.gen(function*() {
      const started = Date.now()
      const target = yield* Targets.start(options.mode, { faults: Targets.faultMix(options.faultRate, options.seed) })
      const build = (
        session: typeof Targets.seller,
        middleware: ReadonlyArray<Middleware.Definition>
      ) => Layer.build(Layer.provideMerge(session, Targets.client(target, middleware)))
      const lostAnswers = new Set<string>()
      const underTest = [Retry.middleware(retryOptions), ...(options.middleware ?? []), lostAnswerObserver(lostAnswers)]
      const contexts: Contexts = {
        seller: yield* build(Targets.seller, underTest),
        buyer: yield* build(Targets.buyer, underTest)
      }
      // Ground truth is read by a client of its own (its own retry budget).
      const readers: Contexts = {
        seller: yield* build(Targets.seller, [Retry.middleware({ ...retryOptions, budget: false, maxAttempts: 10 })]),
        buyer: yield* build(Targets.buyer, [Retry.middleware({ ...retryOptions, budget: false, maxAttempts: 10 })])
      }
      const prefix = `s${options.seed}`
      const ledger: Ledger = {
        objects: new Map(),
        intents: new Map(),
        byKind: {
          create: { calls: 0, faultFailures: 0 },
          idempotent: { calls: 0, faultFailures: 0 },
          submit: { calls: 0, faultFailures: 0 }
        },
        failures: {},
        defects: 0,
        untagged: 0,
        unknownOutcomes: 0,
        refusedAfterLostAnswer: 0,
        defectExamples: [],
        lostAnswers
      }
      const perFiber = Math.ceil(options.operations / options.fibers)
      yield* Effect.forEach(
        Array.from({ length: options.fibers }, (_, i) => i),
        (fiber) => runFiber(ledger, contexts, prefix, fiber, perFiber, options.seed),
        { concurrency: "unbounded", discard: true }
      )

      // Ground truth: the sandbox's state, read back.
      const products = yield* readAll(Products.listAll({ filters: { ID: `${prefix}-*` } })).pipe(
        Effect.provide(readers.seller),
        Effect.orDie
      )
      const intentProducts = yield* readAll(Products.listAll({ filters: { xp: { intent: `${prefix}-*` } } })).pipe(
        Effect.provide(readers.seller),
        Effect.orDie
      )
      const orders = yield* readAll(Me.listAllOrders({ filters: { ID: `${prefix}-*` } })).pipe(
        Effect.provide(readers.buyer),
        Effect.orDie
      )
      const actual = new Map<string, State>()
      for (const product of products) actual.set(product.ID!, versionOf(product))
      for (const order of orders) actual.set(order.ID!, order.IsSubmitted === true ? "submitted" : "open")
      yield* Effect.forEach(orders, (order) =>
        readAll(LineItems.listAll("Outgoing", order.ID!)).pipe(
          Effect.provide(readers.buyer),
          Effect.orDie,
          Effect.map((lines) => {
            for (const line of lines) actual.set(`${order.ID}/${line.ID}`, "v:*")
          })
        ), { concurrency: 4, discard: true })

      const lostExamples: Array<string> = []
      const lostByReason: Partial<Record<LostReason, number>> = {}
      let lost = 0
      let unknownLanded = 0
      const countLost = ({ detail, reason }: Lost) => {
        lost++
        const seen = lostByReason[reason] ?? 0
        lostByReason[reason] = seen + 1
        if (seen < 3) lostExamples.push(detail)
      }
      for (const [key, entries] of ledger.objects) {
        const verdict = judge(key, entries, actual.get(key) ?? "absent")
        unknownLanded += verdict.unknownLanded
        verdict.lost.forEach(countLost)
      }

      const byIntent = new Map<string, number>()
      for (const product of intentProducts) {
        const intent = String((product.xp as { readonly intent?: unknown } | null)?.intent)
        byIntent.set(intent, (byIntent.get(intent) ?? 0) + 1)
      }
      let duplicates = 0
      for (const [intent, outcome] of ledger.intents) {
        const count = byIntent.get(intent) ?? 0
        if (count > 1) duplicates += count - 1
        const allowed = outcome._tag === "Ok" ? [1] : outcome._tag === "Failed" && outcome.unknown ? [0, 1] : [0]
        if (outcome._tag === "Failed" && outcome.unknown && count === 1) unknownLanded++
        if (!allowed.includes(Math.min(count, 1))) {
          countLost({
            reason: "a create without ID: the objects found contradict the report",
            detail: `${intent}: reported ${
              outcome._tag === "Failed" ? outcome.tag : outcome._tag
            }, the sandbox holds ${count}`
          })
        }
      }
      for (const detail of ledger.defectExamples) lostExamples.push(`defect: ${detail}`)

      const result: Result = {
        mode: options.mode,
        operations: Object.values(ledger.byKind).reduce((sum, counts) => sum + counts.calls, 0),
        fibers: options.fibers,
        faultRate: options.faultRate,
        seed: options.seed,
        byKind: ledger.byKind,
        failures: ledger.failures,
        lost,
        lostByReason,
        lostExamples,
        duplicates,
        defects: ledger.defects,
        untagged: ledger.untagged,
        unknownOutcomes: ledger.unknownOutcomes,
        refusedAfterLostAnswer: ledger.refusedAfterLostAnswer,
        unknownLanded,
        millis: Date.now() - started
      }
      return result
    })
  )

/**
 * The failure rate of one kind of call (fault-caused failures per call).
 *
 * @since 0.1.0
 * @category getters
 */
export const failureRate = (counts: Counts): number => counts.calls === 0 ? 0 : counts.faultFailures / counts.calls
