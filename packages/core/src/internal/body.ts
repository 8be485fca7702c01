import * as Either from "effect/Either"
import type { Issue } from "../OrderCloudError.js"
import { formatPath } from "./issues.js"

/** JSON.parse after a leading UTF-8 BOM, which some servers send. */
const stripBom = (text: string): string => text.charCodeAt(0) === 0xfeff ? text.slice(1) : text

/** @internal */
export const parseJson = (text: string): { readonly ok: true; readonly json: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, json: JSON.parse(stripBom(text)) }
  } catch {
    return { ok: false }
  }
}

/** Thrown from the replacer to stop at the first value JSON cannot carry. */
const unsendable: unique symbol = Symbol()

/** A Date whose time is NaN: its `toJSON` answers `null` instead of a date. */
const isInvalidDate = (value: unknown): boolean => value instanceof Date && Number.isNaN(value.getTime())

/**
 * Marks what `JSON.stringify` would drop or change without a word: a
 * non-finite number becomes `null`, so does an invalid Date, a function or
 * symbol vanishes (or becomes `null` in an array), and so does `undefined`
 * in an array. A BigInt would make it throw.
 */
function check(this: unknown, key: string, value: unknown): unknown {
  // The replacer sees the value after toJSON; the holder still has the Date.
  if (value === null && typeof this === "object" && this !== null && isInvalidDate(Reflect.get(this, key))) {
    throw unsendable
  }
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw unsendable
      break
    case "bigint":
    case "function":
    case "symbol":
      throw unsendable
    case "undefined":
      if (Array.isArray(this)) throw unsendable
  }
  return value
}

/**
 * The JSON text of an encoded body, or, when JSON cannot carry it, where and
 * why. One native `JSON.stringify` does the work; only a refused body is
 * walked again, to name each offending location.
 * @internal
 */
export const stringify = (value: unknown): Either.Either<string, Array<Issue>> => {
  let text: string | undefined
  try {
    text = JSON.stringify(value, check)
  } catch {
    // A cycle, a getter or toJSON that threw, or the replacer's own stop.
    return Either.left(locate(value, "could not be written as JSON"))
  }
  return text === undefined
    ? Either.left([{ path: formatPath([]), message: "is not a JSON value" }])
    : Either.right(text)
}

type Read = { readonly ok: true; readonly value: unknown } | { readonly ok: false }

const get = (holder: object, key: string): Read => {
  try {
    return { ok: true, value: Reflect.get(holder, key) }
  } catch {
    return { ok: false }
  }
}

/** A field's value as `JSON.stringify` sees it: after `toJSON`, which it calls on objects and BigInts alike. */
const asJson = (value: unknown, key: string): Read => {
  try {
    if ((typeof value === "object" && value !== null) || typeof value === "bigint") {
      const toJSON: unknown = Reflect.get(Object(value), "toJSON")
      if (typeof toJSON === "function") return { ok: true, value: toJSON.call(value, key) }
    }
    return { ok: true, value }
  } catch {
    return { ok: false }
  }
}

const keysOf = (value: object): ReadonlyArray<string> | undefined => {
  try {
    return Array.isArray(value) ? Array.from(value, (_, index) => String(index)) : Object.keys(value)
  } catch {
    return undefined
  }
}

/** Deeper than this, the walk stops: no OrderCloud body nests so far, and the stack must hold. */
const maxDepth = 1000

/**
 * Walks a value the way `JSON.stringify` does and lists each location it
 * cannot carry. Messages name the kind of problem, never the value (it may
 * be a secret). A thrown error is not quoted either. Never throws; when it
 * finds nothing (a getter that threw only once), `otherwise` is said at the
 * root.
 * @internal
 */
export const locate = (root: unknown, otherwise: string): Array<Issue> => {
  const issues: Array<Issue> = []
  const ancestors: Array<object> = []
  let tooDeep = false
  const refuse = (path: ReadonlyArray<PropertyKey>, message: string) => {
    issues.push({ path: formatPath(path), message })
  }
  const visit = (holder: object, key: string, path: ReadonlyArray<PropertyKey>, inArray: boolean): void => {
    const raw = get(holder, key)
    if (raw.ok && isInvalidDate(raw.value)) return refuse(path, "is an invalid Date (JSON would send null)")
    const got = raw.ok ? asJson(raw.value, key) : raw
    if (!got.ok) return refuse(path, "could not be read: a getter or toJSON threw")
    const value = got.value
    switch (typeof value) {
      case "number":
        if (!Number.isFinite(value)) refuse(path, "must be a finite number (JSON has no NaN or Infinity)")
        return
      case "bigint":
        return refuse(path, "is a BigInt, which JSON cannot carry")
      case "function":
      case "symbol":
        return refuse(path, `is a ${typeof value}, which JSON cannot carry`)
      case "undefined":
        if (inArray) refuse(path, "is undefined inside an array (JSON would send null)")
        return
      case "object": {
        if (value === null) return
        if (ancestors.includes(value)) return refuse(path, "refers back to an object that contains it (a cycle)")
        if (ancestors.length >= maxDepth) {
          tooDeep = true
          return
        }
        const keys = keysOf(value)
        if (keys === undefined) return refuse(path, "could not be read: listing its fields threw")
        const array = Array.isArray(value)
        ancestors.push(value)
        for (const inner of keys) visit(value, inner, [...path, array ? Number(inner) : inner], array)
        ancestors.pop()
        return
      }
    }
  }
  visit({ "": root }, "", [], false)
  if (issues.length > 0) return issues
  return [{ path: formatPath([]), message: tooDeep ? `is nested more than ${maxDepth} levels deep` : otherwise }]
}

/**
 * A form body from an encoded object: its fields in order, each value
 * percent-encoded; absent, null and empty values left out. Only strings,
 * finite numbers and booleans have a form encoding.
 * @internal
 */
export const formEncode = (encoded: unknown): Either.Either<string, Array<Issue>> => {
  const issues: Array<Issue> = []
  const pairs: Array<string> = []
  const fields = typeof encoded === "object" && encoded !== null ? encoded : {}
  for (const name of Object.keys(fields)) {
    const got = get(fields, name)
    if (!got.ok) {
      issues.push({ path: formatPath([name]), message: "could not be read: a getter threw" })
      continue
    }
    const value = got.value
    if (value === undefined || value === null || value === "") continue
    if (
      typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))
    ) {
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    } else {
      issues.push({ path: formatPath([name]), message: "must be a string, a finite number or a boolean in a form" })
    }
  }
  return issues.length > 0 ? Either.left(issues) : Either.right(pairs.join("&"))
}
