/**
 * The logging plugin: one line per attempt with the method, the path (no
 * query string), the status, the duration and the attempt number. Headers,
 * bodies and query values are never logged, so neither are tokens,
 * passwords or client secrets.
 *
 * @example
 * ```ts
 * import { Logging, OrderCloudClient, OrderCloudConfig } from "@ordercloud-effect/core"
 * import { Layer, LogLevel } from "effect"
 *
 * // `GET /v1/products/p1 200 12ms attempt 1` at Debug; unanswered attempts at Warning.
 * export const OrderCloudLive = OrderCloudClient.layer({
 *   middleware: [Logging.middleware({ level: LogLevel.Debug })]
 * }).pipe(Layer.provide(OrderCloudConfig.layerConfig()))
 * ```
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as LogLevel from "effect/LogLevel"
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
 * The logging middleware; it takes the innermost place, so it sees each
 * attempt's final request.
 *
 * @since 0.2.0
 * @category constructors
 */
export const middleware = (options: Options = {}): Middleware.Middleware => {
  const level = options.level ?? LogLevel.Info
  const failureLevel = options.failureLevel ?? LogLevel.Warning
  return Middleware.placed("logging", (call, request, next) =>
    Effect.flatMap(Clock.currentTimeMillis, (start) =>
      // `onExit`, not `exit`: an attempt interrupted must be logged too, and
      // an interrupted fiber skips ordinary failure handlers.
      Effect.onExit(next(request), (exit) =>
        Effect.flatMap(Clock.currentTimeMillis, (end) => {
          const durationMillis = end - start
          const path = Url.pathOf(request.url)
          const outcome = Exit.isSuccess(exit)
            ? String(exit.value.status)
            : Exit.isInterrupted(exit)
            ? "aborted"
            : exit.cause._tag === "Fail" && exit.cause.error._tag === "Timeout"
            ? "aborted"
            : "no response"
          const line = `${request.method} ${path} ${outcome} ${durationMillis}ms attempt ${call.attempt}`
          return Effect.logWithLevel(Exit.isSuccess(exit) ? level : failureLevel, line).pipe(
            Effect.annotateLogs({
              "http.method": request.method,
              "url.path": path,
              "http.status": outcome,
              "duration.ms": durationMillis,
              attempt: call.attempt,
              operation: call.operationId
            })
          )
        }))))
}
