/**
 * Captures what a program lets out, to search it for secrets: every log
 * line (message, annotations and cause), every span (name, attributes,
 * events), and the renderings of an error a user may print.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Tracer from "effect/Tracer"

/**
 * Every log line at any level, rendered as `message | annotations | cause`
 * (the cause with `Cause.pretty`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const logs = (): { readonly lines: Array<string>; readonly layer: Layer.Layer<never> } => {
  const lines: Array<string> = []
  const logger = Logger.make(({ annotations, cause, message }) => {
    lines.push(
      [
        (Array.isArray(message) ? message : [message])
          .map((part) => typeof part === "string" ? part : Inspectable.format(part))
          .join(" "),
        Inspectable.format(Object.fromEntries(annotations)),
        Cause.isEmpty(cause) ? "" : Cause.pretty(cause, { renderErrorCause: true })
      ].join(" | ")
    )
  })
  const layer = Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All))
  return { lines, layer }
}

/**
 * Every span made through the current tracer, recorded as it is created;
 * `render` gives one line per span: name, attributes and events.
 *
 * @since 0.1.0
 * @category constructors
 */
export const spans = (): { readonly layer: Layer.Layer<never>; readonly render: () => Array<string> } => {
  const made: Array<Tracer.Span> = []
  const layer = Layer.unwrapEffect(Effect.map(Effect.tracer, (native) =>
    Layer.setTracer(Tracer.make({
      span: (...args) => {
        const span = native.span(...args)
        made.push(span)
        return span
      },
      context: (f, fiber) => native.context(f, fiber)
    }))))
  const render = () =>
    made.map((span) =>
      [
        span.name,
        Inspectable.format(Object.fromEntries(span.attributes)),
        ...((span as { readonly events?: ReadonlyArray<readonly [string, bigint, Record<string, unknown>]> }).events ??
          [])
          .map(([name, , attributes]) => `${name} ${Inspectable.format(attributes)}`)
      ].join(" ")
    )
  return { layer, render }
}

/**
 * The ways a user prints an error: `String`, `message`, JSON, inspect and
 * `Cause.pretty`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const renderings = (error: unknown): Array<string> => [
  String(error),
  error instanceof Error ? error.message : "",
  JSON.stringify(error) ?? "",
  Inspectable.format(error),
  Cause.pretty(Cause.fail(error), { renderErrorCause: true })
]
