import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as ApiError from "@ordercloud-effect/core/ApiError"
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { TokenResponse } from "../AccessToken.js"

/**
 * One form field of a token request. Secrets stay `Redacted` until the body
 * is built; `undefined` and empty values are dropped.
 * @internal
 */
export type Field = readonly [name: string, value: string | Redacted.Redacted<string> | undefined]

/**
 * The `scope` field: roles, then custom roles, space-separated. `undefined`
 * (so the field is dropped) when both are empty: never the JS SDK's
 * `scope=undefined ...`.
 * @internal
 */
export const scope = (
  roles: ReadonlyArray<string> | undefined,
  customRoles: ReadonlyArray<string> | undefined
): string | undefined => {
  const all = [...(roles ?? []), ...(customRoles ?? [])].map((role) => role.trim()).filter((role) => role !== "")
  return all.length === 0 ? undefined : all.join(" ")
}

/**
 * The form body, in field order, each value `encodeURIComponent`-encoded.
 * The one place where a password or client secret is unwrapped.
 * @internal
 */
export const formBody = (fields: ReadonlyArray<Field>): string =>
  fields.flatMap(([name, value]) => {
    if (value === undefined) return []
    const plain = typeof value === "string" ? value : Redacted.value(value)
    return plain === "" ? [] : [`${name}=${encodeURIComponent(plain)}`]
  }).join("&")

/** JSON after an optional UTF-8 BOM, or `undefined`. */
const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch {
    return undefined
  }
}

/** The OAuth `error` field the token endpoint adds next to `Errors`. */
const oauthErrorOf = (text: string): string | undefined => {
  const json = parseJson(text)
  const error = typeof json === "object" && json !== null ? (json as { readonly error?: unknown }).error : undefined
  return typeof error === "string" ? error : undefined
}

const decodeTokenResponse = Schema.decodeUnknown(TokenResponse)

/**
 * Reads a token endpoint answer. 2xx: the token fields (a body that is not
 * one fails with `ResponseDecodeError`). 4xx other than 429: the endpoint
 * refused the grant, `AuthenticationFailed` with OrderCloud's error code.
 * 429, 5xx and anything else: the status error, so a caller can tell "try
 * again later" from "wrong credentials".
 * @internal
 */
export const readTokenResponse = (
  method: string,
  url: string,
  status: number,
  text: string
): Effect.Effect<TokenResponse, OrderCloudError.OrderCloudError> => {
  if (status >= 200 && status < 300) {
    const decodeError = (detail: string, issues: ReadonlyArray<OrderCloudError.Issue>) =>
      new OrderCloudError.ResponseDecodeError({ status, method, url, detail, issues })
    const json = parseJson(text)
    if (json === undefined) {
      return Effect.fail(
        decodeError(text === "" ? "the token response is empty" : "the token response is not JSON", [])
      )
    }
    return Effect.mapError(
      decodeTokenResponse(json, { errors: "all", onExcessProperty: "ignore" }),
      (error) => decodeError("the token response does not have the token fields", OrderCloudError.issuesOf(error))
    )
  }
  const errors = ApiError.fromBody(text)
  if (status >= 400 && status < 500 && status !== 429) {
    return Effect.fail(
      new OrderCloudError.AuthenticationFailed({
        status,
        url,
        oauthError: oauthErrorOf(text),
        errors,
        errorCode: errors[0]?.ErrorCode ?? undefined
      })
    )
  }
  return Effect.fail(OrderCloudError.fromStatus({ status, method, url, errors }))
}

/**
 * `POST {authUrl}/oauth/token` with a form body, through the client's
 * middleware stack (deadline, retry, logging) with no session.
 * @internal
 */
export const requestToken = (
  client: OrderCloudClient.Service,
  grantType: string,
  fields: ReadonlyArray<Field>
): Effect.Effect<TokenResponse, OrderCloudError.OrderCloudError> => {
  const url = `${client.config.authUrl}/oauth/token`
  const request = HttpClientRequest.post(url).pipe(
    HttpClientRequest.acceptJson,
    HttpClientRequest.bodyText(formBody([["grant_type", grantType], ...fields]), "application/x-www-form-urlencoded")
  )
  // Asking again for a token has no side effect, so retry may resend it.
  return client.send(request, { operationId: "Auth.token", idempotent: true }).pipe(
    Effect.flatMap((response) =>
      response.text.pipe(
        Effect.mapError((error) => new OrderCloudError.TransportError({ method: "POST", url, cause: error.cause })),
        Effect.flatMap((text) => readTokenResponse("POST", url, response.status, text))
      )
    ),
    Effect.withSpan("Session.requestToken", { kind: "client", attributes: { "oauth.grant_type": grantType } })
  )
}
