/**
 * The logging plugin: one line per attempt with the method, the path (no
 * query string), the status, the duration and the attempt number. Headers,
 * bodies and query values are never logged, so neither are tokens,
 * passwords or client secrets.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Logging, OrderCloudClient, OrderCloudConfig } from "@ordercloud-effect/core"
 * import { Layer, LogLevel } from "effect"
 *
 * // `GET /v1/products/p1 200 12ms attempt 1` at Debug; unanswered attempts at Warning.
 * export const OrderCloudLive = OrderCloudClient.layer.pipe(
 *   Layer.provide(Logging.layer({ level: LogLevel.Debug })),
 *   Layer.provide(OrderCloudConfig.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import type * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Url from "./internal/url.js"
import * as Middleware from "./Middleware.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The level of lines for answered requests. Default `Info`. */
  readonly level?: LogLevel.LogLevel | undefined
  /** The level of lines for requests that got no answer. Default `Warning`. */
  readonly failureLevel?: LogLevel.LogLevel | undefined
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const plugin = (options: Options = {}): Middleware.Plugin => {
  const level = options.level ?? LogLevel.Info
  const failureLevel = options.failureLevel ?? LogLevel.Warning
  return Middleware.make(
    "logging",
    "observe",
    (client) =>
      HttpClient.transform(client, (effect, request) =>
        Effect.gen(function*() {
          const attempt = yield* FiberRef.get(Middleware.currentAttempt)
          const call = yield* FiberRef.get(Middleware.currentCall)
          const start = yield* Clock.currentTimeMillis
          // `onExit`, not `exit`: an attempt interrupted by the deadline must be
          // logged too, and an interrupted fiber skips ordinary failure handlers.
          return yield* Effect.onExit(effect, (exit) =>
            Effect.gen(function*() {
              const durationMillis = (yield* Clock.currentTimeMillis) - start
              const path = Url.pathOf(request.url)
              const outcome = Exit.isSuccess(exit)
                ? String(exit.value.status)
                : Exit.isInterrupted(exit)
                ? "aborted"
                : "no response"
              const line = `${request.method} ${path} ${outcome} ${durationMillis}ms attempt ${attempt}`
              yield* Effect.logWithLevel(Exit.isSuccess(exit) ? level : failureLevel, line).pipe(
                Effect.annotateLogs({
                  "http.method": request.method,
                  "url.path": path,
                  "http.status": outcome,
                  "duration.ms": durationMillis,
                  attempt,
                  ...Option.match(call, { onNone: () => ({}), onSome: (c) => ({ operation: c.operationId }) })
                })
              )
            }))
        }))
  )
}

/**
 * The logging plugin as a Layer (slot `observe`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Middleware.Plugins> => Middleware.layer(plugin(options))
