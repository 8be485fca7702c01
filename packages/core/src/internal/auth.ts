import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Middleware from "../Middleware.js"
import { InvalidRequest } from "../OrderCloudError.js"
import type * as Session from "../Session.js"
import * as Tunnel from "./tunnel.js"
import * as Url from "./url.js"

const currentSession: FiberRef.FiberRef<Option.Option<Session.Service>> = FiberRef.unsafeMake(Option.none())

/** Runs `effect` with `session` answering for the token. @internal */
export const withSession = (session: Session.Service) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.locally(effect, currentSession, Option.some(session))

/**
 * Runs `effect` with no session answering for the token: for requests that
 * are not calls of the current session (the token request a session makes
 * itself), which would otherwise ask that session for a token again.
 * @internal
 */
export const withoutSession = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.locally(effect, currentSession, Option.none())

/**
 * First in the `auth` slot: asks the session for a token on every attempt
 * and, when OrderCloud answers 401, lets the session drop it and sends the
 * request once more if it can offer another token. Never more than once.
 * @internal
 */
export const sessionPlugin: Middleware.Plugin = Middleware.make(
  "session",
  "auth",
  (client) =>
    HttpClient.transform(client, (effect, request) =>
      Effect.flatMap(FiberRef.get(currentSession), (current) => {
        if (Option.isNone(current)) return effect
        const session = current.value
        const sendWithToken = Effect.flatMap(
          Effect.mapError(withoutSession(session.token), (error) => Tunnel.fail(request, error)),
          (token) => {
            const value = Redacted.value(token)
            if (value === "" || !Url.isSafeHeaderValue(value)) {
              return Effect.fail(Tunnel.fail(
                request,
                new InvalidRequest({
                  reason: "Header",
                  detail: "the session's access token is empty or has a line break; nothing was sent",
                  issues: []
                })
              ))
            }
            return Effect.map(
              client.execute(HttpClientRequest.bearerToken(request, token)),
              (response) => [response, token] as const
            )
          }
        )
        return Effect.flatMap(sendWithToken, ([response, token]) =>
          response.status !== 401
            ? Effect.succeed(response)
            : Effect.flatMap(
              withoutSession(session.invalidate(token)),
              (renewable) => renewable ? Effect.map(sendWithToken, ([again]) => again) : Effect.succeed(response)
            ))
      }))
)
