/**
 * The sandbox's listing engine: OrderCloud's list semantics (filters, search,
 * sort, paging, `Meta`) over an array of JSON objects, as a pure synchronous
 * function. The list endpoints call {@link list} with the objects of a
 * collection (in the store's insertion order), the request's query and the
 * operation's `list` entry from the operation table.
 *
 * Decisions where OrderCloud's behaviour is not documented are marked
 * `[guess]` next to the code that makes them. In short:
 *
 * - Query parameters an operation does not take are ignored, as ASP.NET
 *   ignores unknown query keys: filter keys when `filters` is false, `search`,
 *   `searchOn` and `searchType` when nothing is searchable, `sortBy` when
 *   nothing is sortable. `pageKey` is accepted and ignored (`NextPageKey` is
 *   always null). The list parameter names and the operation's own parameters
 *   are matched case-insensitively (ASP.NET binding); filter paths are not.
 * - A filter path walks into arrays: it matches when any element matches.
 *   An empty array counts as absent.
 * - `!v` and `!v*` are the complement of `v` and `v*`, so they also match
 *   objects where the value is absent or null; `!<v` (>=) and `!>v` (<=) are
 *   comparisons, which never match an absent value.
 * - Strings compare as strings even when they look numeric (as the API does:
 *   pad numeric IDs), so `ID=>last` agrees with `sortBy=ID` for the Last-ID
 *   paging method. Strings order case-insensitively first, then by code unit.
 * - An empty page has `ItemRange: [0, 0]`.
 *
 * @internal
 */

/**
 * The `list` entry of an operation in the operation table.
 *
 * @internal
 */
export interface ListSpec {
  readonly filters: boolean
  /** Fields `searchOn` accepts; `"any"`: every path, and search looks at every string field. */
  readonly searchable: ReadonlyArray<string> | "any"
  readonly sortable: ReadonlyArray<string> | "any"
  readonly facets: boolean
}

/**
 * A list request the engine refuses. Structurally the sandbox's `Failure`:
 * the router answers it as `{ Errors: [{ ErrorCode, Message, Data }] }`.
 *
 * @internal
 */
export interface ListError {
  readonly status: 400
  readonly errorCode: string
  readonly message: string
  readonly data?: unknown
}

/**
 * `Meta` of a list response. `Facets` is present (and empty) only for lists
 * with facets.
 *
 * @internal
 */
export interface ListMeta {
  readonly Page: number
  readonly PageSize: number
  readonly TotalCount: number
  readonly TotalPages: number
  /** 1-based, inclusive; `[0, 0]` when the page is empty. */
  readonly ItemRange: readonly [number, number]
  readonly NextPageKey: null
  readonly Facets?: ReadonlyArray<never>
}

/**
 * A page of items: the response body of a list operation.
 *
 * @internal
 */
export interface ListResult<A> {
  readonly Meta: ListMeta
  readonly Items: ReadonlyArray<A>
}

/**
 * The `searchType` values, `AnyTerm` being the default.
 *
 * @internal
 */
export const searchTypes = ["AnyTerm", "AllTermsAnyField", "AllTermsSameField", "ExactPhrase", "ExactPhrasePrefix"] as const

/** @internal */
export type SearchType = typeof searchTypes[number]

/**
 * The query parameters every list operation understands (lower-cased); any
 * other key that is not one of the operation's own parameters is a filter.
 *
 * @internal
 */
export const listParameters: ReadonlySet<string> = new Set([
  "page",
  "pagesize",
  "search",
  "searchon",
  "searchtype",
  "sortby",
  "pagekey"
])

/** @internal */
export const defaultPageSize = 20

/** @internal */
export const maxPageSize = 100

/**
 * Whether a `list` answer is a refusal.
 *
 * @internal
 */
export const isListError = <A>(result: ListResult<A> | ListError): result is ListError => "errorCode" in result

/**
 * Lists `items` as OrderCloud would answer `GET ...?query`: filters, then
 * search, then sort (only when asked; otherwise the given order), then the
 * page. `reserved` holds the operation's own query parameters (`catalogID`,
 * `depth`), which are not filters. The returned `Items` are the given
 * objects, not copies. Without filter, search or sort the cost is one slice
 * of the page, whatever the number of items.
 *
 * @internal
 */
export const list = <A>(
  items: ReadonlyArray<A>,
  query: URLSearchParams,
  spec: ListSpec,
  reserved: ReadonlySet<string> = emptySet
): ListResult<A> | ListError => {
  const parsed = parseQuery(query, spec, reserved)
  if ("errorCode" in parsed) return parsed
  const { filters, page, pageSize, search, sort } = parsed
  const start = (page - 1) * pageSize
  const end = start + pageSize
  let total: number
  let pageItems: ReadonlyArray<A>
  if (filters.length === 0 && search === undefined && sort.length === 0) {
    total = items.length
    pageItems = items.slice(start, end)
  } else if (sort.length === 0) {
    // One pass: count every match, keep only those on the page.
    const kept: Array<A> = []
    total = 0
    for (const item of items) {
      if (!matches(item, filters, search)) continue
      if (total >= start && total < end) kept.push(item)
      total++
    }
    pageItems = kept
  } else {
    const selected = filters.length === 0 && search === undefined
      ? items
      : items.filter((item) => matches(item, filters, search))
    total = selected.length
    pageItems = sortItems(selected, sort).slice(start, end)
  }
  return { Meta: meta(spec, page, pageSize, total, pageItems.length), Items: pageItems }
}

// -----------------------------------------------------------------------------
// query
// -----------------------------------------------------------------------------

/** A leaf value test; called with every value but `undefined` (null included). */
type Test = (value: unknown) => boolean

type Alternative =
  | { readonly _tag: "Present" }
  | { readonly _tag: "Absent" }
  | { readonly _tag: "Test"; readonly test: Test; readonly negated: boolean }

interface Filter {
  /** `K1|K2` on the key side: the filter holds when it holds on any path. */
  readonly paths: ReadonlyArray<ReadonlyArray<string>>
  /** `a|b|c*` on the value side: the filter holds when any alternative holds. */
  readonly alternatives: ReadonlyArray<Alternative>
}

interface Search {
  readonly type: SearchType
  /** Lower-cased, non-empty. */
  readonly terms: ReadonlyArray<string>
  /** The terms joined by one space. */
  readonly phrase: string
  /** Paths to search; a last segment `*` means every string below. */
  readonly fields: ReadonlyArray<ReadonlyArray<string>>
}

interface SortField {
  readonly path: ReadonlyArray<string>
  readonly descending: boolean
}

interface Parsed {
  readonly page: number
  readonly pageSize: number
  readonly filters: ReadonlyArray<Filter>
  readonly search: Search | undefined
  readonly sort: ReadonlyArray<SortField>
}

const emptySet: ReadonlySet<string> = new Set()

const invalid = (errorCode: string, message: string, data: unknown): ListError => ({
  status: 400,
  errorCode,
  message,
  data
})

/** Every value of a list parameter, matched case-insensitively, split on commas for the comma lists. */
const parseQuery = (query: URLSearchParams, spec: ListSpec, reserved: ReadonlySet<string>): Parsed | ListError => {
  const reservedLower = new Set<string>()
  for (const name of reserved) reservedLower.add(name.toLowerCase())
  const params = new Map<string, Array<string>>()
  const filterEntries: Array<readonly [string, string]> = []
  for (const [key, value] of query) {
    const lower = key.toLowerCase()
    if (listParameters.has(lower)) {
      const values = params.get(lower)
      if (values === undefined) params.set(lower, [value])
      else values.push(value)
    } else if (!reservedLower.has(lower) && spec.filters && key !== "") {
      // [guess] keys of operations without filters are ignored, like any unknown query key.
      filterEntries.push([key, value])
    }
  }
  const first = (name: string) => params.get(name)?.[0]
  const commaList = (name: string) =>
    (params.get(name) ?? []).flatMap((value) => value.split(",")).map((s) => s.trim()).filter((s) => s !== "")

  const page = parsePositive("page", first("page"), 1)
  if (typeof page !== "number") return page
  const pageSize = parsePositive("pageSize", first("pagesize"), defaultPageSize)
  if (typeof pageSize !== "number") return pageSize
  if (pageSize > maxPageSize) {
    return invalid(
      "List.InvalidPageSize",
      `pageSize must be a whole number from 1 to ${maxPageSize}; got "${first("pagesize")}".`,
      { Parameter: "pageSize", Value: first("pagesize"), Min: 1, Max: maxPageSize }
    )
  }

  let search: Search | undefined
  const searchable = spec.searchable
  if (searchable === "any" || searchable.length > 0) {
    const rawType = first("searchtype")
    let type: SearchType = "AnyTerm"
    if (rawType !== undefined && rawType !== "") {
      // [guess] enum values bind case-insensitively, as in ASP.NET.
      const found = searchTypes.find((t) => t.toLowerCase() === rawType.toLowerCase())
      if (found === undefined) {
        return invalid(
          "ValidationFailure",
          `searchType must be one of ${searchTypes.join(", ")}; got "${rawType}".`,
          { Parameter: "searchType", Value: rawType, Allowed: searchTypes }
        )
      }
      type = found
    }
    // searchOn is checked even without search, so a wrong field is reported early.
    const fields: Array<ReadonlyArray<string>> = []
    for (const name of commaList("searchon")) {
      const canonical = allowedField(name, searchable)
      if (canonical === undefined) {
        return invalid(
          "List.InvalidSearchProperty",
          `Cannot search on "${name}". Searchable: ${listOf(searchable)}.`,
          { Parameter: "searchOn", Value: name, Allowed: searchable }
        )
      }
      fields.push(splitPath(canonical))
    }
    const terms = (first("search") ?? "").toLowerCase().split(/\s+/).filter((t) => t !== "")
    if (terms.length > 0) {
      search = {
        type,
        terms,
        phrase: terms.join(" "),
        fields: fields.length > 0 ? fields : searchable === "any" ? [["*"]] : searchable.map(splitPath)
      }
    }
  }

  const sort: Array<SortField> = []
  const sortable = spec.sortable
  if (sortable === "any" || sortable.length > 0) {
    for (const entry of commaList("sortby")) {
      const descending = entry.startsWith("!")
      const name = descending ? entry.slice(1).trim() : entry
      const canonical = name === "" ? undefined : allowedField(name, sortable)
      if (canonical === undefined) {
        return invalid(
          "List.InvalidSortProperty",
          `Cannot sort by "${name}". Sortable: ${listOf(sortable)}.`,
          { Parameter: "sortBy", Value: entry, Allowed: sortable }
        )
      }
      sort.push({ path: splitPath(canonical), descending })
    }
  }

  const filters = filterEntries.map(([key, value]) => parseFilter(key, value))
  return { page, pageSize, filters, search, sort }
}

const parsePositive = (name: string, raw: string | undefined, fallback: number): number | ListError => {
  // [guess] an empty value is the default, as an omitted one.
  if (raw === undefined || raw === "") return fallback
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN
  if (Number.isSafeInteger(n) && n >= 1) return n
  const rule = name === "page" ? "a whole number of at least 1" : `a whole number from 1 to ${maxPageSize}`
  return invalid("ValidationFailure", `${name} must be ${rule}; got "${raw}".`, { Parameter: name, Value: raw })
}

/** The allowed spelling of `name` (case-insensitive), or `name` itself for `"any"`. */
const allowedField = (name: string, allowed: ReadonlyArray<string> | "any"): string | undefined => {
  if (allowed === "any") return name
  const lower = name.toLowerCase()
  return allowed.find((field) => field.toLowerCase() === lower)
}

const listOf = (allowed: ReadonlyArray<string> | "any") => allowed === "any" ? "any field" : allowed.join(", ")

const splitPath = (path: string): ReadonlyArray<string> => path.split(".")

// -----------------------------------------------------------------------------
// filters
// -----------------------------------------------------------------------------

const parseFilter = (key: string, value: string): Filter => ({
  paths: key.split("|").map(splitPath),
  alternatives: value.split("|").map(parseAlternative)
})

const parseAlternative = (raw: string): Alternative => {
  if (raw === "*") return { _tag: "Present" }
  if (raw === "!*") return { _tag: "Absent" }
  if (raw.startsWith("!<")) return { _tag: "Test", test: rangeTest(raw.slice(2), ">="), negated: false }
  if (raw.startsWith("!>")) return { _tag: "Test", test: rangeTest(raw.slice(2), "<="), negated: false }
  if (raw.startsWith(">")) return { _tag: "Test", test: rangeTest(raw.slice(1), ">"), negated: false }
  if (raw.startsWith("<")) return { _tag: "Test", test: rangeTest(raw.slice(1), "<"), negated: false }
  const negated = raw.startsWith("!")
  const operand = negated ? raw.slice(1) : raw
  return { _tag: "Test", test: operand.includes("*") ? wildcardTest(operand) : equalsTest(operand), negated }
}

const matches = (item: unknown, filters: ReadonlyArray<Filter>, search: Search | undefined): boolean => {
  for (const filter of filters) {
    if (!filterHolds(item, filter)) return false
  }
  return search === undefined || searchHolds(item, search)
}

const filterHolds = (item: unknown, filter: Filter): boolean => {
  for (const path of filter.paths) {
    for (const alternative of filter.alternatives) {
      if (alternativeHolds(item, path, alternative)) return true
    }
  }
  return false
}

const isPresent: Test = (value) => value !== null

const alternativeHolds = (item: unknown, path: ReadonlyArray<string>, alternative: Alternative): boolean => {
  switch (alternative._tag) {
    case "Present":
      return someLeaf(item, path, 0, isPresent)
    case "Absent":
      return !someLeaf(item, path, 0, isPresent)
    case "Test":
      return someLeaf(item, path, 0, alternative.test) !== alternative.negated
  }
}

/**
 * Whether `test` holds for a value at `path` below `value`. Arrays met on
 * the way or at the end are walked element by element (any match counts);
 * `undefined` (absent) is never tested.
 */
const someLeaf = (value: unknown, path: ReadonlyArray<string>, index: number, test: Test): boolean => {
  if (Array.isArray(value)) {
    for (const element of value) {
      if (someLeaf(element, path, index, test)) return true
    }
    return false
  }
  if (index === path.length) return value !== undefined && test(value)
  if (value === null || typeof value !== "object") return false
  const key = path[index]!
  return Object.hasOwn(value, key) && someLeaf((value as Record<string, unknown>)[key], path, index + 1, test)
}

/** `v`: strings case-insensitively (or as the same instant when both are dates), numbers numerically, booleans as "true"/"false". */
const equalsTest = (raw: string): Test => {
  const lower = raw.toLowerCase()
  const number = parseNumber(raw)
  const date = parseDate(raw)
  return (value) => {
    switch (typeof value) {
      case "string":
        return value.toLowerCase() === lower || (date !== undefined && parseDate(value) === date)
      case "number":
        return value === number
      case "boolean":
        return (value ? "true" : "false") === lower
      default:
        return false
    }
  }
}

/** `v*`, `*v`, `*v*`, `a*b`: `*` is any run of characters; case-insensitive; numbers and booleans as their text. */
const wildcardTest = (raw: string): Test => {
  const pattern = new RegExp(
    `^${raw.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`,
    "is"
  )
  return (value) => {
    switch (typeof value) {
      case "string":
        return pattern.test(value)
      case "number":
      case "boolean":
        return pattern.test(String(value))
      default:
        return false
    }
  }
}

type RangeOperator = ">" | "<" | ">=" | "<="

const holds = (operator: RangeOperator, order: number): boolean => {
  switch (operator) {
    case ">":
      return order > 0
    case "<":
      return order < 0
    case ">=":
      return order >= 0
    case "<=":
      return order <= 0
  }
}

/**
 * `>v`, `<v`, `!<v`, `!>v`. Numbers against a numeric `v`; strings as
 * instants when both parse as dates, else in the sort's string order;
 * booleans with false < true. Anything else (null, objects) never matches.
 */
const rangeTest = (raw: string, operator: RangeOperator): Test => {
  const number = parseNumber(raw)
  const date = parseDate(raw)
  const lower = raw.toLowerCase()
  const flag = lower === "true" ? 1 : lower === "false" ? 0 : undefined
  return (value) => {
    switch (typeof value) {
      case "number":
        return number !== undefined && holds(operator, compareNumbers(value, number))
      case "string": {
        if (date !== undefined) {
          const instant = parseDate(value)
          if (instant !== undefined) return holds(operator, compareNumbers(instant, date))
        }
        return holds(operator, compareStrings(value.toLowerCase(), value, lower, raw))
      }
      case "boolean":
        return flag !== undefined && holds(operator, (value ? 1 : 0) - flag)
      default:
        return false
    }
  }
}

const compareNumbers = (a: number, b: number): number => a < b ? -1 : a > b ? 1 : 0

/** Case-insensitive first, then by code unit, so the order is total and agrees with equality's case-insensitivity. */
const compareStrings = (aLower: string, a: string, bLower: string, b: string): number =>
  aLower < bLower ? -1 : aLower > bLower ? 1 : a < b ? -1 : a > b ? 1 : 0

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

const parseNumber = (raw: string): number | undefined => numberPattern.test(raw) ? Number(raw) : undefined

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i
const usPattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/**
 * Milliseconds since the epoch of an ISO 8601 date or date-time (`2024-01-05`,
 * `2024-01-05T10:00:00Z`, `...+02:00`, up to 7 fraction digits as .NET writes
 * them) or of `M/D/YYYY` (one OrderCloud doc uses it). [guess] Without a zone
 * the time is UTC, as OrderCloud stores it; a date alone is its midnight UTC.
 *
 * @internal
 */
export const parseDate = (raw: string): number | undefined => {
  const first = raw.charCodeAt(0)
  if (raw.length < 8 || first < 48 || first > 57) return undefined
  const iso = isoPattern.exec(raw)
  if (iso !== null) {
    const [, y, mo, d, h, mi, s, fraction, zone] = iso
    let offset = 0
    if (zone !== undefined && zone.toUpperCase() !== "Z") {
      const digits = zone.replace(":", "")
      const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || "0")
      offset = zone.startsWith("-") ? -minutes : minutes
    }
    const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000)
    return instant(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms, offset)
  }
  const us = usPattern.exec(raw)
  if (us !== null) return instant(Number(us[3]), Number(us[1]), Number(us[2]), 0, 0, 0, 0, 0)
  return undefined
}

const instant = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number
): number | undefined => {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms))
  if (date.getUTCDate() !== day) return undefined // 2024-02-30
  return date.getTime() - offsetMinutes * 60_000
}

// -----------------------------------------------------------------------------
// search
// -----------------------------------------------------------------------------

/**
 * Case-insensitive substring search, classic OrderCloud search (no stemming,
 * no ranking: matches keep their order). [guess] The phrase types respect
 * word boundaries, which is what tells them apart from substring search:
 * `ExactPhrase` needs the phrase to start and end on word boundaries,
 * `ExactPhrasePrefix` only to start on one (its last word may be partial).
 */
const searchHolds = (item: unknown, search: Search): boolean => {
  const found = search.type === "AllTermsAnyField" ? new Array<boolean>(search.terms.length).fill(false) : undefined
  let remaining = search.terms.length
  const visit = (text: string): boolean => {
    const lower = text.toLowerCase()
    switch (search.type) {
      case "AnyTerm":
        return search.terms.some((term) => lower.includes(term))
      case "AllTermsSameField":
        return search.terms.every((term) => lower.includes(term))
      case "AllTermsAnyField":
        search.terms.forEach((term, i) => {
          if (!found![i] && lower.includes(term)) {
            found![i] = true
            remaining--
          }
        })
        return remaining === 0
      case "ExactPhrase":
        return containsPhrase(lower.replace(/\s+/g, " "), search.phrase, true)
      case "ExactPhrasePrefix":
        return containsPhrase(lower.replace(/\s+/g, " "), search.phrase, false)
    }
  }
  for (const path of search.fields) {
    if (someString(item, path, 0, visit)) return true
  }
  return false
}

const wordCharacter = /[\p{L}\p{N}]/u

/** Whether the character at `index` is not part of a word (outside the text counts as not). */
const isBoundary = (text: string, index: number): boolean =>
  index < 0 || index >= text.length || !wordCharacter.test(text[index]!)

const containsPhrase = (text: string, phrase: string, wholeLastWord: boolean): boolean => {
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    const startsWord = isBoundary(text, at - 1)
    const endsWord = !wholeLastWord || isBoundary(text, at + phrase.length)
    if (startsWord && endsWord) return true
  }
  return false
}

/** Whether `visit` returns true for a string at `path` (or, at a `*` segment, anywhere below). */
const someString = (
  value: unknown,
  path: ReadonlyArray<string>,
  index: number,
  visit: (text: string) => boolean
): boolean => {
  if (Array.isArray(value)) {
    for (const element of value) {
      if (someString(element, path, index, visit)) return true
    }
    return false
  }
  const everything = index === path.length - 1 && path[index] === "*"
  if (typeof value === "string") return (index === path.length || everything) && visit(value)
  if (value === null || typeof value !== "object" || index === path.length) return false
  const record = value as Record<string, unknown>
  const key = path[index]!
  if (everything) {
    for (const child in record) {
      if (Object.hasOwn(record, child) && someString(record[child], path, index, visit)) return true
    }
    return false
  }
  return Object.hasOwn(record, key) && someString(record[key], path, index + 1, visit)
}

// -----------------------------------------------------------------------------
// sort
// -----------------------------------------------------------------------------

/**
 * A precomputed sort key. Kinds order: absent/null < boolean < number < date
 * string < other string < objects (objects tie). Ascending puts null first
 * [guess] (SQL Server's order); descending reverses, so null comes last.
 * Ties keep the given order, in both directions.
 */
interface SortKey {
  readonly kind: number
  readonly number: number
  readonly lower: string
  readonly text: string
}

const nullKey: SortKey = { kind: 0, number: 0, lower: "", text: "" }

const sortKey = (item: unknown, path: ReadonlyArray<string>): SortKey => {
  const value = firstLeaf(item, path, 0)
  switch (typeof value) {
    case "boolean":
      return { kind: 1, number: value ? 1 : 0, lower: "", text: "" }
    case "number":
      return { kind: 2, number: value, lower: "", text: "" }
    case "string": {
      const date = parseDate(value)
      return date !== undefined
        ? { kind: 3, number: date, lower: "", text: "" }
        : { kind: 4, number: 0, lower: value.toLowerCase(), text: value }
    }
    case "object":
      return value === null ? nullKey : { kind: 5, number: 0, lower: "", text: "" }
    default:
      return nullKey
  }
}

/** The value at `path`; [guess] an array sorts by its first element. */
const firstLeaf = (value: unknown, path: ReadonlyArray<string>, index: number): unknown => {
  if (Array.isArray(value)) return value.length === 0 ? undefined : firstLeaf(value[0], path, index)
  if (index === path.length) return value
  if (value === null || typeof value !== "object") return undefined
  const key = path[index]!
  return Object.hasOwn(value, key) ? firstLeaf((value as Record<string, unknown>)[key], path, index + 1) : undefined
}

const compareKeys = (a: SortKey, b: SortKey): number => {
  if (a.kind !== b.kind) return a.kind - b.kind
  if (a.kind === 4) return compareStrings(a.lower, a.text, b.lower, b.text)
  return compareNumbers(a.number, b.number)
}

const sortItems = <A>(items: ReadonlyArray<A>, fields: ReadonlyArray<SortField>): Array<A> => {
  // Keys are computed once per item; Array.prototype.sort is stable (ES2019), so ties keep the given order.
  const decorated = items.map((item) => ({ item, keys: fields.map((f) => sortKey(item, f.path)) }))
  decorated.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const order = compareKeys(a.keys[i]!, b.keys[i]!)
      if (order !== 0) return fields[i]!.descending ? -order : order
    }
    return 0
  })
  return decorated.map((entry) => entry.item)
}

// -----------------------------------------------------------------------------
// Meta
// -----------------------------------------------------------------------------

const meta = (spec: ListSpec, page: number, pageSize: number, total: number, count: number): ListMeta => {
  const first = (page - 1) * pageSize + 1
  const base = {
    Page: page,
    PageSize: pageSize,
    TotalCount: total,
    TotalPages: Math.ceil(total / pageSize),
    // [guess] an empty page (no match, or past the last page) has [0, 0].
    ItemRange: count === 0 ? [0, 0] as const : [first, first + count - 1] as const,
    NextPageKey: null
  }
  return spec.facets ? { ...base, Facets: [] } : base
}
