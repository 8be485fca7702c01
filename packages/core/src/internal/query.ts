import * as Either from "effect/Either"
import type { Filters, FilterValue, ListOptions } from "../ListOptions.js"
import { InvalidRequest } from "../OrderCloudError.js"
import { isWellFormed } from "./url.js"

/** @internal */
export type Params = ReadonlyArray<readonly [string, string]>

/** @internal */
export const listOptionNames: ReadonlySet<string> = new Set([
  "search",
  "searchOn",
  "searchType",
  "sortBy",
  "page",
  "pageSize",
  "pageKey"
])

const searchTypes: ReadonlySet<string> = new Set([
  "AnyTerm",
  "AllTermsAnyField",
  "AllTermsSameField",
  "ExactPhrase",
  "ExactPhrasePrefix"
])

class QueryFailure {
  constructor(readonly detail: string) {}
}

const fail = (detail: string): never => {
  throw new QueryFailure(detail)
}

const run = <A>(body: () => A): Either.Either<A, InvalidRequest> => {
  try {
    return Either.right(body())
  } catch (error) {
    if (error instanceof QueryFailure) {
      return Either.left(new InvalidRequest({ reason: "Query", detail: error.detail, issues: [] }))
    }
    throw error
  }
}

/** Percent-encodes a key or value the way `encodeURIComponent` does. @internal */
export const encode = (params: Params): string =>
  params.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&")

/** @internal */
export const mapEncode = (result: Either.Either<Params, InvalidRequest>): Either.Either<string, InvalidRequest> =>
  Either.map(result, encode)

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)

const scalar = (key: string, value: unknown): string | undefined => {
  switch (typeof value) {
    case "string":
      if (!isWellFormed(value)) return fail(`"${key}" has a lone UTF-16 surrogate and cannot be percent-encoded`)
      return value === "" ? undefined : value
    case "boolean":
      return String(value)
    case "number":
      return Number.isFinite(value) ? String(value) : fail(`"${key}" must be a finite number`)
    case "undefined":
      return undefined
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? fail(`"${key}" is an invalid Date`) : value.toISOString()
  }
  if (value === null) {
    return fail(
      `filter "${key}" is null; OrderCloud has no null filter value: use "!*" to match a missing or null value, ` +
        `or "*" to match any value`
    )
  }
  return fail(`"${key}" must be a string, number, boolean or Date`)
}

const flattenFilters = (
  filters: Filters,
  prefix: string,
  reserved: ReadonlySet<string>,
  out: Array<readonly [string, string]>
): void => {
  for (const [name, value] of Object.entries(filters)) {
    if (name === "") fail(`a filter key is empty${prefix ? ` under "${prefix}"` : ""}`)
    if (!isWellFormed(name)) fail("a filter key has a lone UTF-16 surrogate and cannot be percent-encoded")
    const key = prefix === "" ? name : `${prefix}.${name}`
    // OrderCloud binds query names case-insensitively: `PageSize` would shadow `pageSize`.
    if (prefix === "" && reserved.has(key.toLowerCase())) {
      fail(`"${key}" is a parameter of this operation, not a filter; pass it as an option`)
    }
    if (isPlainObject(value)) {
      flattenFilters(value as Filters, key, reserved, out)
    } else if (Array.isArray(value)) {
      for (const item of value as ReadonlyArray<unknown>) {
        if (Array.isArray(item) || isPlainObject(item)) fail(`filter "${key}" may only list plain values`)
        const encoded = scalar(key, item as FilterValue)
        if (encoded !== undefined) out.push([key, encoded])
      }
    } else {
      const encoded = scalar(key, value)
      if (encoded !== undefined) out.push([key, encoded])
    }
  }
}

const wholeNumber = (name: string, value: number | undefined, min: number, max: number): string | undefined => {
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`${name} must be a whole number from ${min} to ${max === Infinity ? "up" : max}, got ${value}`)
  }
  return String(value)
}

const fieldExamples: Readonly<Record<string, string>> = {
  searchOn: `["Name", "ID"]`,
  sortBy: `["Name", "!ID"]`
}

/** What a JavaScript caller passed, for a message: its kind, never its content. */
const describe = (value: unknown): string =>
  value === null ? "null" : typeof value === "object" ? "an object" : `a ${typeof value}`

const fieldList = (name: string, fields: ReadonlyArray<string> | undefined): string | undefined => {
  if (fields === undefined) return undefined
  if (!Array.isArray(fields)) {
    const given = typeof fields === "string" ? `the string ${JSON.stringify(fields)}` : describe(fields)
    return fail(
      `${name} must be an array of field names, such as ${name}: ${fieldExamples[name] ?? "[...]"}; got ${given}`
    )
  }
  for (const field of fields) {
    if (typeof field !== "string" || field === "" || field === "!" || field.includes(",") || !isWellFormed(field)) {
      fail(`${name} has an invalid field name: ${JSON.stringify(field)}`)
    }
  }
  return fields.length === 0 ? undefined : fields.join(",")
}

/**
 * Serializes list options; `reserved` also names the operation's own query
 * parameters, which a filter must not shadow.
 * @internal
 */
export const listOptionsToParams = (
  options: ListOptions,
  reserved: ReadonlySet<string>
): Either.Either<Params, InvalidRequest> =>
  run(() => {
    const out: Array<readonly [string, string]> = []
    const push = (key: string, value: string | undefined) => {
      if (value !== undefined) out.push([key, value])
    }
    if (options.searchType !== undefined && !searchTypes.has(options.searchType)) {
      fail(`searchType must be one of ${[...searchTypes].join(", ")}`)
    }
    push("search", scalar("search", options.search))
    push("searchOn", fieldList("searchOn", options.searchOn))
    push("searchType", options.searchType)
    push("sortBy", fieldList("sortBy", options.sortBy))
    push("page", wholeNumber("page", options.page, 1, Infinity))
    push("pageSize", wholeNumber("pageSize", options.pageSize, 1, 100))
    push("pageKey", scalar("pageKey", options.pageKey))
    if (options.filters !== undefined) {
      if (!isPlainObject(options.filters)) fail("filters must be an object")
      flattenFilters(options.filters, "", new Set([...reserved].map((name) => name.toLowerCase())), out)
    }
    return out
  })

/** A named query parameter of an operation (not a filter). @internal */
export type ParamValue = string | number | boolean | Date | ReadonlyArray<string> | undefined

/**
 * Serializes an operation's own query parameters: arrays are comma-joined
 * (OpenAPI `form`, `explode: false`), `undefined` and `""` dropped.
 * @internal
 */
export const paramsToPairs = (params: Readonly<Record<string, ParamValue>>): Either.Either<Params, InvalidRequest> =>
  run(() => {
    const out: Array<readonly [string, string]> = []
    for (const [key, value] of Object.entries(params)) {
      if (!isWellFormed(key)) fail("a query parameter name has a lone UTF-16 surrogate and cannot be percent-encoded")
      if (value === null) fail(`query parameter "${key}" is null; leave it out instead`)
      const encoded = Array.isArray(value) ? fieldList(key, value) : scalar(key, value)
      if (encoded !== undefined) out.push([key, encoded])
    }
    return out
  })
