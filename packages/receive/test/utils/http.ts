import { Signature } from "@ordercloud-effect/receive"
import { Effect, Redacted } from "effect"

/** POSTs bytes with a header set, returning status and parsed body. */
export const post = (
  handler: (request: Request) => Promise<Response>,
  url: string,
  body: string,
  headers: Record<string, string> = {}
) =>
  Effect.promise(async () => {
    const response = await handler(
      new Request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } })
    )
    const text = await response.text()
    const json: unknown = response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : undefined
    return { status: response.status, text, json, headers: response.headers }
  })

/** POSTs a JSON value signed with `key` (as OrderCloud does). */
export const postSigned = (
  handler: (request: Request) => Promise<Response>,
  url: string,
  value: unknown,
  key: string,
  headerName = "X-oc-hash"
) =>
  Effect.flatMap(
    Effect.succeed(JSON.stringify(value)),
    (body) =>
      Effect.flatMap(
        Signature.sign(body, Redacted.make(key)),
        (hash) => post(handler, url, body, { [headerName]: hash })
      )
  )
