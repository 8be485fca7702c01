/**
 * Fault injection (see the public `Faults` module for the behaviour): the
 * seeded decider, the app wrapper that applies latency and throttling, and
 * the transports that reset connections and cut bodies, in-process (at the
 * fetch function) and on a Node socket.
 * @internal
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import type { ServerResponse } from "node:http"
import type * as Faults from "../Faults.js"
import * as Errors from "./errors.js"

/** @internal */
export type Fault =
  | { readonly _tag: "Throttle"; readonly status: 429 | 503; readonly retryAfter: number | false }
  | { readonly _tag: "Reset" }
  /** `at`: where the body is cut, as a share of its length, in [0, 1). */
  | { readonly _tag: "Truncate"; readonly at: number }

/** What happens to one eligible request. @internal */
export interface Decision {
  readonly delayMillis: number
  readonly fault: Fault | undefined
}

/** mulberry32: a small, fast 32-bit PRNG; numbers in [0, 1). @internal */
export const mulberry32 = (seed: number): () => number => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const clampRate = (rate: number | undefined): number =>
  rate === undefined || !Number.isFinite(rate) ? 0 : Math.min(1, Math.max(0, rate))

const isRange = (latency: Duration.DurationInput | Faults.Range): latency is Faults.Range =>
  typeof latency === "object" && latency !== null && !Array.isArray(latency) && !Duration.isDuration(latency) &&
  "min" in latency && "max" in latency

const millisOf = (input: Duration.DurationInput): number => {
  const millis = Duration.toMillis(Duration.decode(input))
  return Number.isFinite(millis) ? Math.max(0, Math.round(millis)) : 0
}

/** `(u) => delay`: a fixed delay, or uniform over [min, max] whole milliseconds. */
const latencyOf = (latency: Faults.Options["latency"]): (u: number) => number => {
  if (latency === undefined) return () => 0
  if (!isRange(latency)) {
    const fixed = millisOf(latency)
    return () => fixed
  }
  const a = millisOf(latency.min)
  const b = millisOf(latency.max)
  const [min, max] = a <= b ? [a, b] : [b, a]
  return (u) => min + Math.floor(u * (max - min + 1))
}

const retryAfterOf = (throttle: Faults.Throttle | undefined): number | false => {
  const value = throttle?.retryAfter
  if (value === false) return false
  return value === undefined || !Number.isFinite(value) ? 1 : Math.max(0, Math.round(value))
}

/** A path and everything under it, or a RegExp on the path. */
const matches = (pattern: string | RegExp, path: string): boolean => {
  if (typeof pattern !== "string") {
    pattern.lastIndex = 0
    return pattern.test(path)
  }
  const base = pattern.endsWith("/") ? pattern.slice(0, -1) : pattern
  return path === base || path.startsWith(`${base}/`)
}

/**
 * Decides each eligible request in order of arrival; `undefined` for a
 * request that is not eligible (it draws nothing).
 * @internal
 */
export const decider = (options: Faults.Options, seed: number): (path: string) => Decision | undefined => {
  const next = mulberry32(seed)
  const delayOf = latencyOf(options.latency)
  const throttle429 = clampRate(options.throttle?.rate)
  const throttle503 = clampRate(options.unavailable?.rate)
  const reset = clampRate(options.reset?.rate)
  const truncate = clampRate(options.truncate?.rate)
  const faults: ReadonlyArray<readonly [number, (cut: number) => Fault]> = [
    [throttle429, () => ({ _tag: "Throttle", status: 429, retryAfter: retryAfterOf(options.throttle) })],
    [throttle503, () => ({ _tag: "Throttle", status: 503, retryAfter: retryAfterOf(options.unavailable) })],
    [reset, () => ({ _tag: "Reset" })],
    [truncate, (cut) => ({ _tag: "Truncate", at: cut })]
  ]
  const maxFaults = options.maxFaults === undefined || Number.isNaN(options.maxFaults)
    ? Infinity
    : Math.max(0, Math.floor(options.maxFaults))
  const auth = options.auth ?? false
  const paths = options.paths
  let injected = 0

  return (path) => {
    if (!auth && (path === "/oauth" || path.startsWith("/oauth/"))) return undefined
    if (paths !== undefined && !paths.some((pattern) => matches(pattern, path))) return undefined
    // Always three draws, so one option's setting never shifts another's sequence.
    const forLatency = next()
    const forFault = next()
    const forCut = next()
    let fault: Fault | undefined
    let upTo = 0
    for (const [rate, make] of faults) {
      upTo = Math.min(1, upTo + rate)
      if (forFault < upTo) {
        fault = make(forCut)
        break
      }
    }
    if (fault !== undefined) {
      if (injected >= maxFaults) fault = undefined
      else injected++
    }
    return { delayMillis: delayOf(forLatency), fault }
  }
}

/**
 * What carries answers: it makes a connection fail, or cuts an answer's
 * body. Each returns what the app answers with (the transport may already
 * have ended the exchange itself).
 * @internal
 */
export interface Transport {
  readonly reset: (
    request: HttpServerRequest.HttpServerRequest
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse>
  readonly truncate: (
    request: HttpServerRequest.HttpServerRequest,
    response: HttpServerResponse.HttpServerResponse,
    at: number
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse>
}

const jsonContentType = "application/json; charset=utf-8"

const throttled = (fault: Extract<Fault, { _tag: "Throttle" }>): HttpServerResponse.HttpServerResponse => {
  const failure = fault.status === 429
    ? Errors.failure(429, "TooManyRequests", "Too many requests: retry later.")
    : Errors.failure(503, "ServiceUnavailable", "The service is temporarily unavailable: retry later.")
  return HttpServerResponse.text(JSON.stringify(Errors.body(failure)), {
    status: fault.status,
    contentType: jsonContentType,
    headers: fault.retryAfter === false ? {} : { "retry-after": String(fault.retryAfter) }
  })
}

const pathOf = (url: string): string => {
  try {
    return new URL(url, "http://sandbox.invalid").pathname
  } catch {
    return url
  }
}

/**
 * The app with faults injected: latency and throttling here, resets and
 * truncation through `transport`; with no transport (the bare app of
 * `Sandbox.make`) those two answer normally. The app itself when `options`
 * is undefined.
 * @internal
 */
export const wrap = (
  app: HttpApp.Default<never, never>,
  options: Faults.Options | undefined,
  transport: Transport | undefined
): Effect.Effect<HttpApp.Default<never, never>> =>
  options === undefined ? Effect.succeed(app) : Effect.gen(function*() {
    let seed = options.seed
    if (seed === undefined) {
      seed = yield* Random.nextIntBetween(0, 2 ** 31 - 1)
      yield* Effect.logDebug(`sandbox faults: seed ${seed}`)
    }
    const decide = decider(options, seed)
    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const decision = decide(pathOf(request.url))
      if (decision === undefined) return yield* app
      if (decision.delayMillis > 0) yield* Effect.sleep(Duration.millis(decision.delayMillis))
      const fault = decision.fault
      if (fault === undefined) return yield* app
      switch (fault._tag) {
        case "Throttle":
          return throttled(fault)
        case "Reset":
          return transport === undefined ? yield* app : yield* transport.reset(request)
        case "Truncate": {
          const answer = yield* app
          return transport === undefined ? answer : yield* transport.truncate(request, answer, fault.at)
        }
      }
    })
  })

// ---------------------------------------------------------------------------
// In-process: the fetch function under the client's `Transport`

/** What Node's fetch rejects with when the peer resets the connection. */
const resetError = (): TypeError =>
  new TypeError("fetch failed", {
    cause: Object.assign(new Error("read ECONNRESET (sandbox fault)"), { code: "ECONNRESET", syscall: "read" })
  })

/** What Node's fetch errors a body stream with when the connection closes early. */
const terminatedError = (): TypeError =>
  new TypeError("terminated", {
    cause: Object.assign(new Error("other side closed (sandbox fault)"), { code: "UND_ERR_SOCKET" })
  })

const bodyless: ReadonlySet<number> = new Set([101, 204, 205, 304])

const cutShort = async (response: Response, at: number): Promise<Response> => {
  const init = { status: response.status, statusText: response.statusText, headers: response.headers }
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (bytes.byteLength === 0) return new Response(bodyless.has(response.status) ? null : bytes, init)
  const cut = Math.min(bytes.byteLength - 1, Math.floor(at * bytes.byteLength))
  let sent = false
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent && cut > 0) {
        sent = true
        controller.enqueue(bytes.slice(0, cut))
        return
      }
      controller.error(terminatedError())
    }
  })
  return new Response(body, init)
}

/**
 * The in-process transport: the app marks the request, and the fetch
 * function (given the web handler) rejects it or cuts its body.
 * @internal
 */
export const inProcess = (): {
  readonly transport: Transport
  readonly fetch: (
    handler: (request: Request) => Promise<Response>
  ) => (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
} => {
  const marked = new WeakMap<object, Fault>()
  const mark = (request: HttpServerRequest.HttpServerRequest, fault: Fault) => {
    if (typeof request.source === "object" && request.source !== null) marked.set(request.source, fault)
  }
  return {
    transport: {
      reset: (request) =>
        Effect.sync(() => {
          mark(request, { _tag: "Reset" })
          return HttpServerResponse.empty({ status: 502 })
        }),
      truncate: (request, response, at) =>
        Effect.sync(() => {
          mark(request, { _tag: "Truncate", at })
          return response
        })
    },
    fetch: (handler) => async (input, init) => {
      const request = new Request(input, init)
      const response = await handler(request)
      const fault = marked.get(request)
      if (fault === undefined) return response
      marked.delete(request)
      if (fault._tag === "Reset") throw resetError()
      return fault._tag === "Truncate" ? cutShort(response, fault.at) : response
    }
  }
}

// ---------------------------------------------------------------------------
// Port mode: the Node socket under the platform's server

const bytesOf = (
  response: HttpServerResponse.HttpServerResponse
): { bytes: Uint8Array; contentType?: string } | undefined => {
  const body = response.body
  switch (body._tag) {
    case "Uint8Array":
      return { bytes: body.body, contentType: body.contentType }
    case "Raw":
      if (typeof body.body === "string") return { bytes: new TextEncoder().encode(body.body) }
      if (body.body instanceof Uint8Array) return { bytes: body.body }
      return undefined
    default:
      return undefined
  }
}

/**
 * The port-mode transport, given the platform's access to the Node response
 * (`NodeHttpServerRequest.toServerResponse`). A reset sends RST before any
 * answer; a truncated answer writes its headers (with the full
 * `Content-Length`) and part of its body, then closes the socket. Either way
 * the response is ended here, so the platform writes nothing more.
 * @internal
 */
export const node = (
  toServerResponse: (request: HttpServerRequest.HttpServerRequest) => ServerResponse
): Transport => ({
  reset: (request) =>
    Effect.sync(() => {
      const response = toServerResponse(request)
      const socket = response.socket
      if (socket !== null) {
        if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
        else socket.destroy()
      }
      response.end()
      return HttpServerResponse.empty({ status: 502 })
    }),
  truncate: (request, answer, at) => {
    const body = bytesOf(answer)
    if (body === undefined || body.bytes.byteLength === 0) return Effect.succeed(answer)
    const { bytes } = body
    const cut = Math.min(bytes.byteLength - 1, Math.floor(at * bytes.byteLength))
    return Effect.async<HttpServerResponse.HttpServerResponse>((resume) => {
      const response = toServerResponse(request)
      const headers: Record<string, string> = { ...answer.headers }
      if (body.contentType !== undefined) headers["content-type"] = body.contentType
      headers["content-length"] = String(bytes.byteLength)
      response.writeHead(answer.status, headers)
      response.write(bytes.subarray(0, cut), () => {
        response.socket?.destroy()
        response.end()
        resume(Effect.succeed(answer))
      })
    })
  }
})
