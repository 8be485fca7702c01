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
 * - The operation's own query parameters (`catalogID`, `depth`...) are
 *   parameters, never filters (CONVENTIONS 6).
 * - [guess] A filter on a field the item model does not have (`depth=all`
 *   on `/products`, which does not take `depth`) is ignored, not an empty
 *   list and not a 400. CONVENTIONS leaves unknown filter keys open
 *   (Unknowns 7), but OrderCloud's own seeding tool sends `depth=all` on
 *   every list and works against the live API, so such a key neither
 *   fails nor empties a list. `xp.*` paths always filter (xp has no
 *   schema: an absent xp value is a value that does not match), and so do
 *   nested paths under a known field (`BillingAddress.City`).
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
  /**
   * The item model's top-level property names, lower-cased. When given, a
   * filter key whose first segment names none of them is ignored (see
   * {@link list}).
   */
  readonly fields?: ReadonlySet<string> | undefined
  /** Premium-search facets to count over the matching items (lists with `facets` only). */
  readonly facetDefinitions?: ReadonlyArray<FacetDefinition> | undefined
}

/**
 * A `ProductFacet`: what to count (`XpPath`, below `xp`; a leading `xp.`
 * is accepted) and the fewest matches a value needs to be listed.
 *
 * @internal
 */
export interface FacetDefinition {
  readonly Name: string
  readonly XpPath: string
  readonly MinCount: number
  readonly xp: unknown
}

/**
 * A facet of `Meta.Facets` (CONVENTIONS 6): each value with how many
 * matching items have it.
 *
 * @internal
 */
export interface ListFacet {
  readonly Name: string
  readonly XpPath: string
  readonly Values: ReadonlyArray<{ readonly Value: string; readonly Count: number }>
  readonly xp: unknown
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
  readonly Facets?: ReadonlyArray<ListFacet>
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
export const searchTypes = [
  "AnyTerm",
  "AllTermsAnyField",
  "AllTermsSameField",
  "ExactPhrase",
  "ExactPhrasePrefix"
] as const

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
 * of the page, whatever the number of items. With `memo` (kept per source
 * array by the caller), a filtered or sorted selection is computed once and
 * each later page of it is a slice too.
 *
 * @internal
 */
export const list = <A>(
  items: ReadonlyArray<A>,
  query: URLSearchParams,
  spec: ListSpec,
  reserved: ReadonlySet<string> = emptySet,
  memo?: Map<string, ReadonlyArray<A>>
): ListResult<A> | ListError => {
  const parsed = parseQuery(query, spec, reserved)
  if ("errorCode" in parsed) return parsed
  const { page, pageSize, sort } = parsed
  const keep = predicate(parsed.filters, parsed.search)
  const start = (page - 1) * pageSize
  const end = start + pageSize
  let total: number
  let pageItems: ReadonlyArray<A>
  if (keep === undefined && sort.length === 0) {
    total = items.length
    pageItems = items.slice(start, end)
  } else if (memo !== undefined) {
    // Paging through one filtered, sorted list selects it once: later pages slice it.
    const key = selectionKey(query)
    let selected = memo.get(key)
    if (selected === undefined) {
      const kept = keep === undefined ? items : items.filter(keep)
      selected = sort.length === 0 ? kept : sortItems(kept, sort, 0, kept.length)
      memo.set(key, selected)
    }
    total = selected.length
    pageItems = selected.slice(start, end)
  } else if (sort.length === 0) {
    // One pass: count every match, keep only those on the page.
    const kept: Array<A> = []
    total = 0
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!
      if (!keep!(item)) continue
      if (total >= start && total < end) kept.push(item)
      total++
    }
    pageItems = kept
  } else {
    const selected = keep === undefined ? items : items.filter(keep)
    total = selected.length
    pageItems = sortItems(selected, sort, start, end)
  }
  const base = meta(page, pageSize, total, pageItems.length)
  if (!spec.facets) return { Meta: base, Items: pageItems }
  const definitions = spec.facetDefinitions ?? []
  const matching = definitions.length === 0 || keep === undefined
    ? items
    : memo?.get(selectionKey(query)) ?? items.filter(keep)
  return { Meta: { ...base, Facets: facets(matching, definitions) }, Items: pageItems }
}

/**
 * Counts each facet's values over the matching items (not only the page):
 * every distinct value at `xp.<XpPath>` (each element of an array; case
 * kept as stored, absent and null not counted), listed when at least
 * `MinCount` items have it. [guess] Values are ordered by count, most
 * first, then by value; a facet with no value listed keeps an empty list.
 */
const facets = <A>(items: ReadonlyArray<A>, definitions: ReadonlyArray<FacetDefinition>): ReadonlyArray<ListFacet> =>
  definitions.map((definition) => {
    const path = ["xp", ...splitPath(definition.XpPath.replace(/^xp\./i, ""))]
    const counts = new Map<string, number>()
    for (const item of items) {
      // An item counts once per value, however often it holds it.
      for (const value of new Set(leaves(item, path, 0))) counts.set(value, (counts.get(value) ?? 0) + 1)
    }
    const minCount = Math.max(1, definition.MinCount)
    const values = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .map(([Value, Count]) => ({ Value, Count }))
    return { Name: definition.Name, XpPath: definition.XpPath, Values: values, xp: definition.xp }
  })

/** The scalar values at `path`, through arrays, as strings. */
const leaves = (value: unknown, path: ReadonlyArray<string>, index: number): ReadonlyArray<string> => {
  if (Array.isArray(value)) return value.flatMap((element) => leaves(element, path, index))
  if (index === path.length) {
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? [String(value)] : []
  }
  if (value === null || typeof value !== "object") return []
  return leaves(child(value, path[index]!), path, index + 1)
}

/** What identifies a selection: the query less its paging parameters. */
const selectionKey = (query: URLSearchParams): string =>
  JSON.stringify([...query].filter(([key]) => !["page", "pagesize", "pagekey"].includes(key.toLowerCase())))

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

/** Splits the query into list parameters and filters and checks them; the first problem found is the answer. */
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

  const filters = filterEntries.flatMap(([key, value]) => {
    const filter = parseFilter(key, value)
    const fields = spec.fields
    if (fields === undefined) return [filter]
    const paths = filter.paths.filter((path) => path[0] === "xp" || fields.has(path[0]!.toLowerCase()))
    return paths.length === 0 ? [] : [{ ...filter, paths }]
  })
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

type Predicate = (item: unknown) => boolean

/** Whether an item passes every filter and the search; undefined when nothing is asked. */
const predicate = (filters: ReadonlyArray<Filter>, search: Search | undefined): Predicate | undefined => {
  if (filters.length === 0 && search === undefined) return undefined
  const searched = search === undefined ? undefined : searchMatcher(search)
  return (item) => {
    for (let i = 0; i < filters.length; i++) {
      if (!filterHolds(item, filters[i]!)) return false
    }
    return searched === undefined || searched(item)
  }
}

const filterHolds = (item: unknown, filter: Filter): boolean => {
  const { alternatives, paths } = filter
  for (let p = 0; p < paths.length; p++) {
    for (let a = 0; a < alternatives.length; a++) {
      if (alternativeHolds(item, paths[p]!, alternatives[a]!)) return true
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
  return someLeaf(child(value, path[index]!), path, index + 1, test)
}

/**
 * The property `key` of a JSON object. Faster than `Object.hasOwn` and as
 * safe for JSON data: what objects inherit is a function (treated as absent),
 * except `__proto__`, which never names a property here.
 */
const child = (value: object, key: string): unknown => {
  if (key === "__proto__") return undefined
  const found = (value as Record<string, unknown>)[key]
  return typeof found === "function" ? undefined : found
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

const usPattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/**
 * Milliseconds since the epoch of an ISO 8601 date or date-time (`2024-01-05`,
 * `2024-01-05T10:00:00Z`, `...+02:00`, up to 7 fraction digits as .NET writes
 * them) or of `M/D/YYYY` (one OrderCloud doc uses it). [guess] Without a zone
 * the time is UTC, as OrderCloud stores it; a date alone is its midnight UTC.
 * Hand-written (no regex, no Date object) because sorting by a date field
 * parses every item's value.
 *
 * @internal
 */
export const parseDate = (raw: string): number | undefined => {
  const length = raw.length
  if (length < 8 || !isDigit(raw.charCodeAt(0))) return undefined
  if (raw.charCodeAt(4) !== 45 /* - */) {
    const us = usPattern.exec(raw)
    return us === null ? undefined : instant(Number(us[3]), Number(us[1]), Number(us[2]), 0, 0, 0, 0, 0)
  }
  if (length < 10 || raw.charCodeAt(7) !== 45) return undefined
  const year = digits(raw, 0, 4)
  const month = digits(raw, 5, 2)
  const day = digits(raw, 8, 2)
  let hour = 0
  let minute = 0
  let second = 0
  let ms = 0
  let at = 10
  const separator = raw.charCodeAt(at)
  if (separator === 84 /* T */ || separator === 116 /* t */ || separator === 32 /* space */) {
    if (raw.charCodeAt(at + 3) !== 58 /* : */) return undefined
    hour = digits(raw, at + 1, 2)
    minute = digits(raw, at + 4, 2)
    at += 6
    if (raw.charCodeAt(at) === 58) {
      second = digits(raw, at + 1, 2)
      at += 3
      if (raw.charCodeAt(at) === 46 /* . */) {
        const from = ++at
        while (at < length && isDigit(raw.charCodeAt(at))) at++
        if (at === from) return undefined
        ms = digits(raw, from, Math.min(3, at - from)) * (at - from >= 3 ? 1 : at - from === 2 ? 10 : 100)
      }
    }
  }
  let offset = 0
  if (at < length) {
    const zone = raw.charCodeAt(at)
    if ((zone === 90 /* Z */ || zone === 122 /* z */) && at + 1 === length) {
      // UTC
    } else if (zone === 43 /* + */ || zone === 45 /* - */) {
      const rest = length - at - 1
      const colon = raw.charCodeAt(at + 3) === 58 ? 1 : 0
      if (rest !== 2 && rest !== 4 + colon) return undefined
      const minutes = digits(raw, at + 1, 2) * 60 + (rest === 2 ? 0 : digits(raw, at + 3 + colon, 2))
      offset = zone === 45 ? -minutes : minutes
    } else {
      return undefined
    }
  }
  if (Number.isNaN(year + month + day + hour + minute + second + ms + offset)) return undefined
  return instant(year, month, day, hour, minute, second, ms, offset)
}

const isDigit = (code: number) => code >= 48 && code <= 57

/** The decimal number of `count` digits at `from`; NaN when one is not a digit. */
const digits = (raw: string, from: number, count: number): number => {
  let value = 0
  for (let i = from; i < from + count; i++) {
    const code = raw.charCodeAt(i)
    if (!isDigit(code)) return NaN
    value = value * 10 + code - 48
  }
  return value
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
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined // 2024-02-30
  if (hour > 23 || minute > 59 || second > 59) return undefined
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000
}

const daysIn = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
    : month === 4 || month === 6 || month === 9 || month === 11
    ? 30
    : 31

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
const searchMatcher = (search: Search): Predicate => {
  const { fields, phrase, terms } = search
  // AllTermsAnyField: which terms the current item has shown so far.
  const found = new Array<boolean>(terms.length)
  let remaining = 0
  const includesAny = (text: string) => {
    for (let t = 0; t < terms.length; t++) {
      if (text.includes(terms[t]!)) return true
    }
    return false
  }
  const visit: (text: string) => boolean = (() => {
    switch (search.type) {
      case "AnyTerm":
        return (text) => includesAny(text.toLowerCase())
      case "AllTermsSameField":
        return (text) => {
          const lower = text.toLowerCase()
          return terms.every((term) => lower.includes(term))
        }
      case "AllTermsAnyField":
        return (text) => {
          const lower = text.toLowerCase()
          for (let t = 0; t < terms.length; t++) {
            if (!found[t] && lower.includes(terms[t]!)) {
              found[t] = true
              remaining--
            }
          }
          return remaining === 0
        }
      case "ExactPhrase":
        return (text) => containsPhrase(text.toLowerCase().replace(/\s+/g, " "), phrase, true)
      case "ExactPhrasePrefix":
        return (text) => containsPhrase(text.toLowerCase().replace(/\s+/g, " "), phrase, false)
    }
  })()
  return (item) => {
    found.fill(false)
    remaining = terms.length
    for (let f = 0; f < fields.length; f++) {
      if (someString(item, fields[f]!, 0, visit)) return true
    }
    return false
  }
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
    for (const name in record) {
      if (someString(child(record, name), path, index, visit)) return true
    }
    return false
  }
  return someString(child(record, key), path, index + 1, visit)
}

// -----------------------------------------------------------------------------
// sort
// -----------------------------------------------------------------------------

/**
 * The sort keys of one field for every item, in columns. Kinds order:
 * absent/null < boolean < number < date string < other string < objects
 * (objects tie). Ascending puts null first [guess] (SQL Server's order);
 * descending reverses, so null comes last. Ties keep the given order in
 * both directions.
 */
interface Column {
  readonly descending: boolean
  readonly kinds: Uint8Array
  /** Booleans as 0/1, numbers, dates as epoch milliseconds. */
  readonly numbers: Float64Array
  /** Set only for kind 4 (strings that are not dates). */
  readonly lower: Array<string>
  readonly text: Array<string>
}

const column = (items: ReadonlyArray<unknown>, field: SortField): Column => {
  const n = items.length
  const kinds = new Uint8Array(n)
  const numbers = new Float64Array(n)
  const lower = new Array<string>(n)
  const text = new Array<string>(n)
  for (let i = 0; i < n; i++) {
    const value = firstLeaf(items[i], field.path, 0)
    switch (typeof value) {
      case "boolean":
        kinds[i] = 1
        numbers[i] = value ? 1 : 0
        break
      case "number":
        kinds[i] = 2
        numbers[i] = value
        break
      case "string": {
        const date = parseDate(value)
        if (date !== undefined) {
          kinds[i] = 3
          numbers[i] = date
        } else {
          kinds[i] = 4
          lower[i] = value.toLowerCase()
          text[i] = value
        }
        break
      }
      case "object":
        kinds[i] = value === null ? 0 : 5
        break
      default:
        kinds[i] = 0
    }
  }
  return { descending: field.descending, kinds, numbers, lower, text }
}

/** The value at `path`; [guess] an array sorts by its first element. */
const firstLeaf = (value: unknown, path: ReadonlyArray<string>, index: number): unknown => {
  if (Array.isArray(value)) return value.length === 0 ? undefined : firstLeaf(value[0], path, index)
  if (index === path.length) return value
  if (value === null || typeof value !== "object") return undefined
  return firstLeaf(child(value, path[index]!), path, index + 1)
}

/**
 * Items `start` to `end` (exclusive) of `items` in `fields` order. Keys are
 * computed once per item; positions break ties, so the order is total and
 * stable. When the page lies in the first quarter, a bounded max-heap keeps
 * the first `end` positions (about n log(end) instead of n log n).
 */
const sortItems = <A>(
  items: ReadonlyArray<A>,
  fields: ReadonlyArray<SortField>,
  start: number,
  end: number
): Array<A> => {
  const n = items.length
  const limit = Math.min(end, n)
  if (start >= limit) return []
  const columns = fields.map((field) => column(items, field))
  const compare = (a: number, b: number): number => {
    for (let c = 0; c < columns.length; c++) {
      const { descending, kinds, lower, numbers, text } = columns[c]!
      const ka = kinds[a]!
      const kb = kinds[b]!
      const order = ka !== kb
        ? ka - kb
        : ka === 4
        ? compareStrings(lower[a]!, text[a]!, lower[b]!, text[b]!)
        : compareNumbers(numbers[a]!, numbers[b]!)
      if (order !== 0) return descending ? -order : order
    }
    return a - b
  }
  let order: Array<number>
  if (limit * 4 < n) {
    order = firstPositions(n, limit, compare)
  } else {
    order = new Array<number>(n)
    for (let i = 0; i < n; i++) order[i] = i
  }
  order.sort(compare)
  const page = new Array<A>(limit - start)
  for (let i = start; i < limit; i++) page[i - start] = items[order[i]!]!
  return page
}

/** The `k` least positions of `0..n-1` under `compare`, unordered (a max-heap of size `k`). */
const firstPositions = (n: number, k: number, compare: (a: number, b: number) => number): Array<number> => {
  const heap: Array<number> = []
  for (let i = 0; i < n; i++) {
    if (heap.length < k) {
      let at = heap.push(i) - 1
      while (at > 0) {
        const parent = (at - 1) >> 1
        if (compare(heap[parent]!, heap[at]!) >= 0) break
        ;[heap[parent], heap[at]] = [heap[at]!, heap[parent]!]
        at = parent
      }
    } else if (compare(i, heap[0]!) < 0) {
      heap[0] = i
      let at = 0
      for (;;) {
        const left = at * 2 + 1
        const right = left + 1
        let largest = at
        if (left < k && compare(heap[left]!, heap[largest]!) > 0) largest = left
        if (right < k && compare(heap[right]!, heap[largest]!) > 0) largest = right
        if (largest === at) break
        ;[heap[largest], heap[at]] = [heap[at]!, heap[largest]!]
        at = largest
      }
    }
  }
  return heap
}

// -----------------------------------------------------------------------------
// Meta
// -----------------------------------------------------------------------------

const meta = (page: number, pageSize: number, total: number, count: number): ListMeta => {
  const first = (page - 1) * pageSize + 1
  return {
    Page: page,
    PageSize: pageSize,
    TotalCount: total,
    TotalPages: Math.ceil(total / pageSize),
    // [guess] an empty page (no match, or past the last page) has [0, 0].
    ItemRange: count === 0 ? [0, 0] as const : [first, first + count - 1] as const,
    NextPageKey: null
  }
}
