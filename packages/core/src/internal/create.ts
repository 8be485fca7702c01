/**
 * What makes a create safe to resend: an `ID` chosen by the client before
 * the first attempt, and a way to tell whether an object found under that
 * ID holds what the call sent.
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as Transport from "../Transport.js"
import * as Body from "./body.js"

type Fields = Readonly<Record<string, unknown>>

const isRecord = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")

/**
 * A new ID in OrderCloud's own shape: 16 random bytes (a GUID's worth) as 22
 * characters of URL-safe base64, which the ID rule `^[A-Za-z0-9_-]*$` allows.
 * @internal
 */
export const newId: Effect.Effect<string> = Effect.sync(() => base64url(crypto.getRandomValues(new Uint8Array(16))))

/** A create as it will be sent: its request, the fields of its body and the `ID` they name. @internal */
export interface Prepared {
  readonly request: Transport.Request
  readonly fields: Fields
  readonly id: string
}

/** The JSON object a request's body carries, if it carries one. */
const fieldsOf = (request: Transport.Request): Fields | undefined => {
  const body = request.body
  if (body === undefined || !request.headers["content-type"]?.startsWith("application/json")) return undefined
  const parsed = Body.parseJson(body)
  return parsed.ok && isRecord(parsed.json) ? parsed.json : undefined
}

/**
 * The create with the `ID` its body names; when it names none (absent, null
 * or empty: the server would choose one) and `assign` is set, with a new ID
 * written into the body. `undefined` when the create has no ID to go by.
 * @internal
 */
export const prepare = (
  request: Transport.Request,
  assign: boolean
): Effect.Effect<Prepared | undefined> => {
  const fields = fieldsOf(request)
  if (fields === undefined) return Effect.succeed(undefined)
  const named = fields["ID"]
  if (typeof named === "string" && named !== "") return Effect.succeed({ request, fields, id: named })
  if (!assign) return Effect.succeed(undefined)
  return Effect.map(newId, (id) => {
    const withId = { ...fields, ID: id }
    return {
      request: { ...request, body: JSON.stringify(withId) },
      fields: withId,
      id
    }
  })
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/**
 * Whether an object read back holds what was sent: every sent field equal,
 * nested objects compared field by field, arrays item by item, dates as
 * instants (the server may write another offset or fraction). A field the
 * read-back does not return (write-only, such as a user's `Password`) cannot
 * be compared and is skipped; fields the server adds are ignored.
 * @internal
 */
export const holds = (found: unknown, sent: unknown): boolean => {
  if (isRecord(sent)) {
    return isRecord(found) && Object.entries(sent).every(([key, value]) => !(key in found) || holds(found[key], value))
  }
  if (Array.isArray(sent)) {
    return Array.isArray(found) && found.length === sent.length && sent.every((value, i) => holds(found[i], value))
  }
  if (typeof sent === "string" && typeof found === "string" && sent !== found) {
    return isoInstant.test(sent) && isoInstant.test(found) && Date.parse(sent) === Date.parse(found)
  }
  return sent === found
}
