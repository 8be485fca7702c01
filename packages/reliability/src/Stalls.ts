/**
 * Stalls: a token endpoint that never answers and a body that never ends.
 * The call must fail with a typed `Timeout` when the config's timeout
 * passes, the next call must start a fresh token request, and closing the
 * session's scope must interrupt a token request in flight at once.
 *
 * Times are read from the Effect `Clock`: under `TestClock` the figures are
 * exact, under the live clock they are what the machine took.
 *
 * @since 0.1.0
 */
import * as Session from "@ordercloud-effect/auth/Session"
import * as CoreSession from "@ordercloud-effect/core/Session"
import * as Transport from "@ordercloud-effect/core/Transport"
import * as Me from "@ordercloud-effect/resources/Me"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Targets from "./Targets.js"

const baseUrl = "https://api.stall.test"

/** A server whose token endpoint never answers and whose API bodies never end. */
const stallingServer = () => {
  const tokenRequests: Array<{ aborted: boolean; readonly ended: Promise<void> }> = []
  let bodiesAborted = 0
  let signalArrival: () => void = () => {}
  const arrivals: Array<Promise<void>> = []
  const nextArrival = () => {
    arrivals.push(
      new Promise<void>((resolve) => {
        signalArrival = resolve
      })
    )
  }
  nextArrival()
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    if (new URL(request.url).pathname === "/oauth/token") {
      let ended: () => void = () => {}
      const entry = { aborted: false, ended: new Promise<void>((resolve) => (ended = resolve)) }
      tokenRequests.push(entry)
      signalArrival()
      nextArrival()
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () => {
          entry.aborted = true
          ended()
          reject(init.signal?.reason)
        })
      })
    }
    // Headers at once, then part of a body and nothing more, until the
    // client aborts the request.
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        controller.enqueue(new TextEncoder().encode("{\"ID\":"))
        init?.signal?.addEventListener("abort", () => {
          bodiesAborted++
          controller.error(init.signal?.reason)
        })
      }
    })
    return Promise.resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } }))
  }
  return {
    tokenRequests,
    bodiesAborted: () => bodiesAborted,
    /** Resolves when the `n`-th token request (from 1) has arrived. */
    tokenRequestArrived: (n: number) => arrivals[n - 1] ?? Promise.resolve(),
    /** Resolves when the `n`-th token request (from 1) has been aborted. */
    tokenRequestAborted: (n: number) => tokenRequests[n - 1]?.ended ?? Promise.resolve(),
    client: (timeout: Duration.DurationInput) =>
      Targets.client({ baseUrl, http: Transport.layerFetch(fetch as typeof globalThis.fetch) }, [], { timeout })
  }
}

const session = Session.layerPassword({
  clientID: "stall-app",
  username: "buyer01",
  password: Redacted.make("pw"),
  scope: ["Shopper"]
})

const tagOf = <A, E>(exit: Exit.Exit<A, E>): string =>
  Exit.isSuccess(exit)
    ? "Success"
    : Exit.isInterrupted(exit)
    ? "Interrupted"
    : Exit.match(exit, {
      onSuccess: () => "Success",
      onFailure: (cause) => {
        const failure = cause._tag === "Fail" ? cause.error : undefined
        return typeof failure === "object" && failure !== null && "_tag" in failure ? String(failure._tag) : "Defect"
      }
    })

/**
 * Runs a call and reports how it ended and when; a call still running at
 * four times the timeout is left behind and reported `Hung`.
 */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>, timeout: Duration.DurationInput) =>
  Effect.gen(function*() {
    const start = yield* Clock.currentTimeMillis
    // disconnect: a call that cannot even be interrupted must not hang the suite
    const tag = yield* Effect.exit(effect).pipe(
      Effect.map(tagOf),
      Effect.disconnect,
      Effect.timeoutTo({ duration: Duration.times(timeout, 4), onSuccess: (tag) => tag, onTimeout: () => "Hung" })
    )
    return { tag, millis: (yield* Clock.currentTimeMillis) - start }
  })

/** Closes a scope, leaving it behind if that takes more than four times the timeout. */
const close = (scope: Scope.CloseableScope, timeout: Duration.DurationInput) =>
  Scope.close(scope, Exit.void).pipe(
    Effect.disconnect,
    Effect.timeoutTo({ duration: Duration.times(timeout, 4), onSuccess: () => true, onTimeout: () => false })
  )

/**
 * @since 0.1.0
 * @category models
 */
export interface TokenStall {
  readonly timeoutMillis: number
  /** The first call: its error and how long it took. */
  readonly first: { readonly tag: string; readonly millis: number }
  /** The next call, on the same session. */
  readonly second: { readonly tag: string; readonly millis: number }
  /** Token requests made by the two calls (2: the second started afresh). */
  readonly tokenRequests: number
  /** Whether the first token request was aborted (the second call waits for that, up to the timeout). */
  readonly firstAborted: boolean
}

/**
 * Two calls on a session whose token endpoint never answers.
 *
 * @since 0.1.0
 * @category constructors
 */
export const tokenStall = (timeout: Duration.DurationInput): Effect.Effect<TokenStall> =>
  Effect.gen(function*() {
    const server = stallingServer()
    const scope = yield* Scope.make()
    const context = yield* Layer.buildWithScope(Layer.provideMerge(session, server.client(timeout)), scope)
    const first = yield* timed(Effect.provide(Me.get(), context), timeout)
    // The caller's deadline and the token request's own end together: the
    // next call comes once the stalled request is gone (or given up on).
    yield* Effect.promise(() => server.tokenRequestAborted(1)).pipe(
      Effect.timeoutTo({ duration: timeout, onSuccess: () => undefined, onTimeout: () => undefined })
    )
    const second = yield* timed(Effect.provide(Me.get(), context), timeout)
    const result: TokenStall = {
      timeoutMillis: Duration.toMillis(timeout),
      first,
      second,
      tokenRequests: server.tokenRequests.length,
      firstAborted: server.tokenRequests[0]?.aborted ?? false
    }
    yield* close(scope, timeout)
    return result
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface ScopeClose {
  /** How long closing the session's scope took with a token request in flight. */
  readonly closeMillis: number
  /** Whether the token request was aborted once the scope was closed. */
  readonly aborted: boolean
  /** How the waiting call ended. */
  readonly call: string
}

/**
 * Closes a session's scope while its token request hangs.
 *
 * @since 0.1.0
 * @category constructors
 */
export const scopeClose = (timeout: Duration.DurationInput): Effect.Effect<ScopeClose> =>
  Effect.gen(function*() {
    const server = stallingServer()
    const scope = yield* Scope.make()
    const context = yield* Layer.buildWithScope(Layer.provideMerge(session, server.client(timeout)), scope)
    const call = yield* Effect.fork(Effect.exit(Effect.provide(Me.get(), context)))
    yield* Effect.promise(() => server.tokenRequestArrived(1))
    const start = yield* Clock.currentTimeMillis
    yield* close(scope, timeout)
    const closeMillis = (yield* Clock.currentTimeMillis) - start
    const aborted = server.tokenRequests[0]?.aborted ?? false
    const ended = yield* Fiber.join(call).pipe(
      Effect.timeoutTo({ duration: Duration.times(timeout, 4), onSuccess: tagOf, onTimeout: () => "Hung" })
    )
    return { closeMillis, aborted, call: ended }
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface BodyStall {
  readonly timeoutMillis: number
  readonly tag: string
  readonly millis: number
  /** Whether the request was aborted (the connection let go). */
  readonly aborted: boolean
}

/**
 * A call whose answer's body never ends.
 *
 * @since 0.1.0
 * @category constructors
 */
export const bodyStall = (timeout: Duration.DurationInput): Effect.Effect<BodyStall> =>
  Effect.gen(function*() {
    const server = stallingServer()
    const { millis, tag } = yield* timed(Me.get(), timeout).pipe(
      Effect.provide(Layer.merge(server.client(timeout), CoreSession.layerToken("stall-token")))
    )
    return { timeoutMillis: Duration.toMillis(timeout), tag, millis, aborted: server.bodiesAborted() > 0 }
  })
