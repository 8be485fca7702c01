import * as ApiError from "@ordercloud-effect/core/ApiError"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
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

/** Why `roles` (the option `field`) is not a list of role names; `undefined` when it is one, or absent. */
const checkRoles = (field: string, roles: unknown): string | undefined => {
  if (roles === undefined) return undefined
  if (!Array.isArray(roles)) {
    const given = typeof roles === "string"
      ? `the string ${JSON.stringify(roles)}`
      : roles === null
      ? "null"
      : typeof roles === "object"
      ? "an object"
      : `a ${typeof roles}`
    return `${field} must be an array of role names, such as ${field}: ["Shopper"]; got ${given}`
  }
  return roles.every((role) => typeof role === "string") ? undefined : `${field} must hold only strings`
}

/**
 * Refuses `scope` or `customRoles` that is not a list of role names: plain
 * JavaScript can pass one string, which spread letter by letter would ask
 * for the roles `S h o p p e r`.
 * @internal
 */
export const invalidRoles = (
  options: { readonly scope?: unknown; readonly customRoles?: unknown },
  reason: "Body" | "Url"
): OrderCloudError.InvalidRequest | undefined => {
  const detail = checkRoles("scope", options.scope) ?? checkRoles("customRoles", options.customRoles)
  return detail === undefined ? undefined : new OrderCloudError.InvalidRequest({ reason, detail, issues: [] })
}

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
 * The form fields, in order, with secrets unwrapped: the one place where a
 * password or client secret leaves its `Redacted`, to be written into the
 * request body. Empty values are dropped.
 * @internal
 */
export const formFields = (fields: ReadonlyArray<Field>): Record<string, string> => {
  const form: Record<string, string> = {}
  for (const [name, value] of fields) {
    if (value === undefined) continue
    const plain = typeof value === "string" ? value : Redacted.value(value)
    if (plain !== "") form[name] = plain
  }
  return form
}

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

/**
 * Reads a token endpoint error. 4xx other than 429: the endpoint refused the
 * grant, `AuthenticationFailed` with OrderCloud's error code. 429, 5xx and
 * anything else: the status error, so a caller can tell "try again later"
 * from "wrong credentials".
 * @internal
 */
export const readTokenError = (failure: OrderCloudClient.StatusFailure): OrderCloudError.OrderCloudError => {
  const { method, status, text, url } = failure
  const errors = ApiError.fromBody(text)
  if (status >= 400 && status < 500 && status !== 429) {
    return new OrderCloudError.AuthenticationFailed({
      status,
      url,
      oauthError: oauthErrorOf(text),
      errors,
      errorCode: errors[0]?.ErrorCode ?? undefined
    })
  }
  return OrderCloudError.fromStatus({ status, method, url, errors })
}

/**
 * `POST {authUrl}/oauth/token`: an operation like any other, with no
 * session, a form body, and OAuth errors read as such. Asking again for a
 * token has no side effect, so retry may resend it.
 * @internal
 */
export const tokenOperation = OrderCloudClient.operation({
  id: "Auth.token",
  method: "POST",
  path: "/oauth/token",
  host: "auth",
  authenticated: false,
  idempotent: true,
  bodyEncoding: "form",
  readError: readTokenError,
  body: Schema.Record({ key: Schema.String, value: Schema.String }),
  response: TokenResponse
})

/**
 * Asks for a token through the client's middleware (retry, logging) and
 * transport, as its own call with its own deadline.
 * @internal
 */
export const requestToken = (
  client: OrderCloudClient.Service,
  grantType: string,
  fields: ReadonlyArray<Field>
): Effect.Effect<TokenResponse, OrderCloudError.OrderCloudError> =>
  client.execute(tokenOperation, { body: formFields([["grant_type", grantType], ...fields]) }).pipe(
    Effect.withSpan("Session.requestToken", {
      kind: "client",
      captureStackTrace: false,
      attributes: { "oauth.grant_type": grantType }
    })
  )
