import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Middleware from "../Middleware.js"
import { InvalidRequest, Timeout } from "../OrderCloudError.js"
import * as Url from "./url.js"

const badToken = () =>
  new InvalidRequest({
    reason: "Header",
    detail: "the session's access token is empty or has a line break; nothing was sent",
    issues: []
  }, true)

/**
 * The built-in `auth` position: asks the call's session for a token on every
 * attempt and, when OrderCloud answers 401, lets the session drop it and
 * sends the request once more if it can offer another token. Never more
 * than once. Calls with no session pass through.
 * @internal
 */
export const middleware: Middleware.Middleware = (call, request, next) => {
  const session = call.session
  if (session === undefined) return next(request)
  const token = session.tokenWithin === undefined
    ? session.token
    : session.tokenWithin(call.deadline, () =>
      new Timeout({
        method: request.method,
        url: Url.mask(request.url),
        timeoutMillis: call.timeoutMillis
      }, true))
  const sendWithToken = Effect.flatMap(token, (token) => {
    const value = Redacted.value(token)
    if (value === "" || !Url.isSafeHeaderValue(value)) return Effect.fail(badToken())
    return Effect.map(
      next({ ...request, headers: { ...request.headers, authorization: `Bearer ${value}` } }),
      (response) => [response, token] as const
    )
  })
  return Effect.flatMap(sendWithToken, ([response, token]) =>
    response.status !== 401
      ? Effect.succeed(response)
      : Effect.flatMap(
        session.invalidate(token),
        (renewable) => renewable ? Effect.map(sendWithToken, ([again]) => again) : Effect.succeed(response)
      ))
}
