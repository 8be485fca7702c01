/**
 * Raw requests to an in-process sandbox, as any OrderCloud client sends
 * them: for what the SDK does not send (unknown keys, other tools' habits).
 */
import * as HttpApp from "@effect/platform/HttpApp"
import * as Effect from "effect/Effect"
import * as Sandbox from "../../src/Sandbox.js"
import * as Seed from "../../src/Seed.js"

export type Handler = (request: Request) => Promise<Response>

export const handlerOf = (options: Sandbox.Options = {}) =>
  Effect.map(Sandbox.make(options), (sandbox) => HttpApp.toWebHandler(sandbox.app))

/** A token from the token endpoint for these form fields. */
export const tokenOf = (handler: Handler, fields: Record<string, string>) =>
  Effect.promise(async () => {
    const response = await handler(
      new Request(`${Sandbox.defaultBaseUrl}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString()
      })
    )
    return ((await response.json()) as { access_token: string }).access_token
  })

export const sellerToken = (handler: Handler) =>
  tokenOf(handler, {
    grant_type: "client_credentials",
    client_id: Seed.adminClientID,
    client_secret: Seed.adminClientSecret,
    scope: "FullAccess"
  })

export const buyerToken = (handler: Handler) =>
  tokenOf(handler, {
    grant_type: "password",
    client_id: Seed.storefrontClientID,
    username: Seed.buyerUsername,
    password: Seed.buyerPassword,
    scope: "Shopper MeAdmin"
  })

/** `path` from the host root (`/v1/...`, `/oauth/...`); the body parsed as JSON when there is one. */
export const call = (handler: Handler, path: string, token: string | undefined, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await handler(
      new Request(`${Sandbox.defaultBaseUrl}${path}`, {
        ...init,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          "content-type": "application/json",
          ...init.headers
        }
      })
    )
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      body: text === "" ? undefined : JSON.parse(text) as unknown
    }
  })
