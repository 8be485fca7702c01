import type * as ListOptions from "@ordercloud-effect/core/ListOptions"
import * as ListPage from "@ordercloud-effect/core/ListPage"
import * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"
import type * as Session from "@ordercloud-effect/core/Session"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Pagination from "../Pagination.js"
import * as Decode from "./decode.js"
import * as XpOption from "./xpOption.js"

/** What an operation answers with. @internal */
export type Response =
  | { readonly _tag: "None" }
  | {
    readonly _tag: "Model"
    readonly schema: Schema.Schema.AnyNoContext
    /** The model's generated decoder: what the Schema gives, or `undefined` to let it decide. */
    readonly decode: Decode.Decoder<unknown> | undefined
  }
  | {
    readonly _tag: "Page"
    readonly item: Schema.Schema.AnyNoContext
    readonly facets: boolean
    /** The page's decoder, built from the item's generated one. */
    readonly decode: Decode.Decoder<unknown> | undefined
  }

/**
 * A generated operation as `operation` takes it: core's fields, the named
 * query parameters, the list options, and what it answers with (absent: no
 * body).
 * @internal
 */
export interface Definition {
  readonly id: string
  readonly method: OrderCloudClient.Method
  readonly path: string
  readonly host?: "auth"
  readonly authenticated?: false
  readonly bodyEncoding?: "form"
  readonly create?: true
  /** For a create: the path that reads the new object back. */
  readonly read?: string
  readonly idempotent?: true
  /** The named query parameters, picked out of the options object. */
  readonly queryParams?: ReadonlyArray<string>
  /** The list options it accepts (`search`, `sortBy`, `page`, `filters`, ...), when it lists. */
  readonly list?: ReadonlyArray<ListOptionKey>
  /** The values each path or query parameter with a fixed set of them may take. */
  readonly choices?: Readonly<Record<string, ReadonlyArray<string>>>
  readonly body?: Schema.Schema.AnyNoContext
  readonly response?: Response
}

/**
 * A generated operation: at once what core runs (`OrderCloudClient.Operation`)
 * and what the runtime reads of it to check options and type `xp`. One
 * constant per operation; the runtime's caches key on it.
 * @internal
 */
export interface Operation extends OrderCloudClient.Operation {
  readonly queryParams: ReadonlyArray<string>
  /** The list options it accepts, when it lists. */
  readonly list: ReadonlyArray<ListOptionKey> | undefined
  /** The values each path or query parameter with a fixed set of them may take. */
  readonly choices: Readonly<Record<string, ReadonlyArray<string>>> | undefined
  /** What it answers with: the model (or a page's item) whose `xp` the option types. */
  readonly answer: Response
}

/** @internal */
export const none: Response = { _tag: "None" }

/** A model's response; `decode`, its generated decoder, must give the Schema's type. @internal */
export const model = <S extends Schema.Schema.AnyNoContext>(
  schema: S,
  decode?: Decode.Decoder<Schema.Schema.Type<S>>
): Response => ({ _tag: "Model", schema, decode })

/** A page of a model's; `decode` is the item's generated decoder. @internal */
export const page = <S extends Schema.Schema.AnyNoContext>(
  item: S,
  facets: boolean,
  decode?: Decode.Decoder<Schema.Schema.Type<S>>
): Response => ({ _tag: "Page", item, facets, decode: decode === undefined ? undefined : Decode.page(decode, facets) })

/** @internal */
export type ListOptionKey = keyof ListOptions.ListOptions

/** The option names a generated function takes besides its query parameters and list options. */
const callOptionKeys = ["xp", "headers"] as const

/** What the options object of a function may hold: worked out on its first call, kept per operation. */
interface Accepted {
  /** The function, for messages: `Products.list`. */
  readonly fn: string
  readonly keys: ReadonlySet<string>
  /** For messages: the names in the order the operation declares them. */
  readonly names: string
}

const accepting = (fn: string, keys: ReadonlyArray<string>): Accepted => ({
  fn,
  keys: new Set(keys),
  names: keys.join(", ")
})

const memo = <A>(build: (operation: Operation) => A): (operation: Operation) => A => {
  const cache = new WeakMap<Operation, A>()
  return (operation) => {
    let found = cache.get(operation)
    if (found === undefined) cache.set(operation, found = build(operation))
    return found
  }
}

const acceptedOf = memo((operation) =>
  accepting(operation.id, [...operation.queryParams, ...(operation.list ?? []), ...callOptionKeys])
)

const invalidQuery = (detail: string) => new OrderCloudError.InvalidRequest({ reason: "Query", detail, issues: [] })

/** What a JavaScript caller passed, for a message: its kind, never its content. */
const kindOf = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
    ? "an array"
    : typeof value === "object"
    ? "an object"
    : `a ${typeof value}`

/**
 * Refuses what the types refuse, for callers without them (plain
 * JavaScript): options that are not an object, and a key the function does
 * not take, which would otherwise be dropped without a word.
 */
const checkOptions = (
  { fn, keys, names }: Accepted,
  options: unknown
): OrderCloudError.InvalidRequest | undefined => {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    return invalidQuery(`${fn} takes its options as an object (${names}); got ${kindOf(options)}`)
  }
  for (const key in options) {
    if (Object.prototype.hasOwnProperty.call(options, key) && !keys.has(key)) {
      return invalidQuery(`${fn} has no option "${key}"; it takes ${names}`)
    }
  }
  return undefined
}

/** OrderCloud's `depth` (how far down the category tree): a whole number from 1, or `"all"`. */
const checkDepth = (depth: unknown): OrderCloudError.InvalidRequest | undefined =>
  depth === "all" || (typeof depth === "number" && Number.isInteger(depth) && depth >= 1)
    ? undefined
    : invalidQuery(
      `depth must be a whole number from 1 or "all", such as depth: 2; got ${
        typeof depth === "string" ? JSON.stringify(depth) : kindOf(depth)
      }`
    )

const isOneOf = (values: ReadonlyArray<string>, value: unknown): boolean => {
  if (typeof value !== "string") return false
  const lower = value.toLowerCase()
  return values.some((one) => one.toLowerCase() === lower)
}

/**
 * A path or query value outside the fixed set its parameter takes (`level`,
 * `direction`): the types refuse it, this refuses it for callers they do not
 * reach, before anything is sent. Case is not checked: OrderCloud reads
 * these values in any case (`outgoing` is `Outgoing`).
 */
const checkChoices = (
  operation: Operation,
  path: Readonly<Record<string, string>>,
  options: Readonly<Record<string, unknown>>
): OrderCloudError.InvalidRequest | undefined => {
  const choices = operation.choices!
  for (const name in choices) {
    const inPath = name in path
    const value: unknown = inPath ? path[name] : options[name]
    const values = choices[name]!
    if (value === undefined || isOneOf(values, value)) continue
    const got = typeof value === "string" ? JSON.stringify(value) : kindOf(value)
    const allowed = values.map((one) => JSON.stringify(one)).join(", ")
    return new OrderCloudError.InvalidRequest({
      reason: inPath ? "PathParameter" : "Query",
      detail: `${operation.id}: ${name} must be one of ${allowed}; got ${got}`,
      issues: []
    }, true)
  }
  return undefined
}

const typedXp = (
  schema: Schema.Schema.AnyNoContext,
  xp: XpOption.Option | undefined,
  strict: boolean
): Either.Either<Schema.Schema.AnyNoContext, string> =>
  xp === undefined ? Either.right(schema) : XpOption.typed(schema, xp, strict)

const responseSchema = (
  response: Response,
  xp: XpOption.Option | undefined
): Either.Either<Schema.Schema.AnyNoContext | undefined, string> => {
  switch (response._tag) {
    case "None":
      return Either.right(undefined)
    case "Model":
      return typedXp(response.schema, xp, true)
    case "Page":
      return Either.map(
        typedXp(response.item, xp, true),
        (item) => response.facets ? ListPage.ListPageWithFacets(item) : ListPage.ListPage(item)
      )
  }
}

const noNames: ReadonlyArray<string> = []

/** The operation core runs and the runtime reads, built once per generated constant. @internal */
export const operation = (definition: Definition): Operation => {
  const answer = definition.response ?? none
  let schema: Schema.Schema.AnyNoContext | undefined
  let built = false
  return {
    id: definition.id,
    method: definition.method,
    path: definition.path,
    queryParams: definition.queryParams ?? noNames,
    list: definition.list,
    choices: definition.choices,
    create: definition.create,
    read: definition.read,
    host: definition.host,
    authenticated: definition.authenticated,
    idempotent: definition.idempotent,
    bodyEncoding: definition.bodyEncoding,
    body: definition.body,
    answer,
    // Built on first use: a page's Schema costs time at import that a program may never spend.
    get response() {
      if (!built) {
        schema = Either.getOrUndefined(responseSchema(answer, undefined))
        built = true
      }
      return schema
    },
    decode: answer._tag === "None" ? undefined : answer.decode
  }
}

/**
 * The operation with xp typed, or what is wrong with the xp option (checked
 * against the answer's model, or the body's when there is no answer).
 */
const typedOperation = (
  operation: Operation,
  xp: XpOption.Option
): Either.Either<OrderCloudClient.Operation, string> =>
  Either.map(
    Either.all([
      operation.body === undefined
        ? Either.right(undefined)
        : typedXp(operation.body, xp, operation.answer._tag === "None"),
      responseSchema(operation.answer, xp)
    ]),
    // A typed xp is checked by its Schema: the generated decoders pass xp through unchecked.
    ([body, response]): OrderCloudClient.Operation => ({
      id: operation.id,
      method: operation.method,
      path: operation.path,
      queryParams: operation.queryParams,
      create: operation.create,
      read: operation.read,
      host: operation.host,
      authenticated: operation.authenticated,
      idempotent: operation.idempotent,
      bodyEncoding: operation.bodyEncoding,
      body,
      response
    })
  )

// One typed operation per operation and xp option (options of the same
// Schemas are one, see `XpOption.canonical`), so a typed xp is compiled once, not per call.
const byXp = new WeakMap<object, WeakMap<Operation, Either.Either<OrderCloudClient.Operation, string>>>()

/** The operation with xp typed as the option says, built once per operation and option. @internal */
export const withXp = (
  operation: Operation,
  xp: XpOption.Option
): Either.Either<OrderCloudClient.Operation, string> => {
  const key = XpOption.canonical(xp)
  if (key === undefined) return typedOperation(operation, xp)
  let operations = byXp.get(key)
  if (operations === undefined) byXp.set(key, operations = new WeakMap())
  let typed = operations.get(operation)
  if (typed === undefined) operations.set(operation, typed = typedOperation(operation, xp))
  return typed
}

/**
 * Options every generated function takes: a Schema for `xp` (where the
 * operation's model has one) and extra request headers.
 * @internal
 */
export interface CallOptions<X = never> {
  /**
   * A Schema for the model's `xp` (or an object of them for embedded
   * models): checks the extended properties and types them.
   */
  readonly xp?: X | undefined
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/** Options of a generated `listAll`. @internal */
export interface Paging {
  /** Items per request, 1..100. Default 100. */
  readonly pageSize?: number | undefined
}

/** Options of a generated `listAll` whose list can also page by ID. @internal */
export interface LastIdPaging extends Paging {
  /**
   * `pages` (default) asks for page 1, 2, ...; `lastId` asks for items
   * sorted by ID after the last one seen, which stays fast however deep the
   * list goes.
   */
  readonly paging?: "pages" | "lastId" | undefined
}

/**
 * What `listAll` adds to the list options of each request when paging by ID:
 * the caller's filters `F` (typed by the list item), with `ID` after the last
 * one seen.
 * @internal
 */
export interface ByIdRequest<F extends ListOptions.Filters = ListOptions.Filters> extends Pagination.PageRequest {
  readonly sortBy?: ReadonlyArray<"ID">
  readonly filters?: ByIdFilters<F>
}

/** The caller's filters with `ID` after the last one seen. @internal */
export type ByIdFilters<F> = F & { readonly ID?: ReadonlyArray<ListOptions.FilterValue> }

/** What `listAll` takes: the list's options less the page it asks for, and its paging options. */
const acceptedAllOf = (lastId: boolean) =>
  memo((operation) =>
    accepting(operation.id.replace(/\.list/, ".listAll"), [
      ...operation.queryParams,
      ...(operation.list ?? []).filter((key) => key !== "page" && key !== "pageKey"),
      ...callOptionKeys,
      ...(lastId ? ["paging"] : [])
    ])
  )

const acceptedByPage = acceptedAllOf(false)
const acceptedByPageOrLastId = acceptedAllOf(true)

/**
 * All items of a list, page by page: `list` gets the caller's options with
 * each page's request.
 * @internal
 */
export const allByPage = <O extends Paging, A, E, R>(
  operation: Operation,
  list: (request: O & Pagination.PageRequest) => Effect.Effect<ListPage.ListPage<A>, E, R>,
  options: O
): Stream.Stream<A, E | OrderCloudError.InvalidRequest | Pagination.PaginationError, R> => {
  const refused = checkOptions(acceptedByPage(operation), options)
  return refused !== undefined
    ? Stream.fail(refused)
    : Pagination.items((request) => list({ ...options, ...request }), { pageSize: options.pageSize ?? 100 })
}

/** `ID > afterId`, AND-ed with an ID filter of the caller's (a repeated key is AND). */
const afterFilter = (
  own: ListOptions.Filters[string],
  afterId: string
): ReadonlyArray<ListOptions.FilterValue> => {
  const after = `>${afterId}`
  if (own === undefined) return [after]
  if (Array.isArray(own)) return [...own, after]
  return typeof own === "object" && !(own instanceof Date) ? [after] : [own as ListOptions.FilterValue, after]
}

/**
 * All items of a list, by page or by last ID: `list` gets the caller's
 * options (less `paging`) with each page's request.
 * @internal
 */
export const allByPageOrLastId = <
  O extends LastIdPaging & { readonly filters?: F | undefined },
  A extends { readonly ID?: string | null | undefined },
  E,
  R,
  F extends ListOptions.Filters = ListOptions.Filters
>(
  operation: Operation,
  list: (
    request: Omit<O, "paging"> & (Pagination.PageRequest | ByIdRequest<F>)
  ) => Effect.Effect<ListPage.ListPage<A>, E, R>,
  options: O
): Stream.Stream<A, E | OrderCloudError.InvalidRequest | Pagination.PaginationError, R> => {
  const refused = checkOptions(acceptedByPageOrLastId(operation), options)
  if (refused !== undefined) return Stream.fail(refused)
  const { paging, ...rest } = options
  const pageSize = options.pageSize ?? 100
  if (paging !== "lastId") return Pagination.items((request) => list({ ...rest, ...request }), { pageSize })
  return Pagination.itemsByLastId(
    ({ afterId, pageSize }) =>
      list({
        ...rest,
        page: 1,
        pageSize,
        sortBy: ["ID"],
        // Still the caller's filters: every key of `F` is optional, and `ID`
        // is a string field of every item paged by ID.
        filters: (afterId === undefined
          ? { ...options.filters }
          : { ...options.filters, ID: afterFilter(options.filters?.ID, afterId) }) as ByIdFilters<F>
      }),
    { pageSize }
  )
}

/**
 * Runs a generated operation: path values positional, the body, and one
 * options object holding the operation's query parameters, list options,
 * `xp` and headers. `A` is the response type the generated signature
 * declares (the response Schema, `xp` included, guarantees it), `R` what the
 * operation requires (no `Session` for the few that take no token).
 * @internal
 */
export const execute = <A, R = OrderCloudClient.OrderCloudClient | Session.Session>(
  operation: Operation,
  path: Readonly<Record<string, string>>,
  body: unknown,
  callOptions: CallOptions<unknown> = {}
): Effect.Effect<A, OrderCloudError.OrderCloudError, R> => {
  // One options object holds query parameters, list options, xp and headers.
  const refused = checkOptions(acceptedOf(operation), callOptions)
  if (refused !== undefined) return Effect.fail(refused)
  const options = callOptions as CallOptions<unknown> & Readonly<Record<string, unknown>>
  if (operation.choices !== undefined) {
    const refusedValue = checkChoices(operation, path, options)
    if (refusedValue !== undefined) return Effect.fail(refusedValue)
  }
  if (options.depth !== undefined && operation.queryParams.includes("depth")) {
    const depth = checkDepth(options.depth)
    if (depth !== undefined) return Effect.fail(depth)
  }
  const query: Record<string, OrderCloudClient.QueryValue> = {}
  for (const name of operation.queryParams) {
    if (options[name] !== undefined) query[name] = options[name] as OrderCloudClient.QueryValue
  }
  let list: Record<string, unknown> | undefined
  if (operation.list !== undefined) {
    for (const key of operation.list) {
      if (options[key] !== undefined) (list ??= {})[key] = options[key]
    }
  }
  let op: OrderCloudClient.Operation = operation
  if (options.xp !== undefined) {
    const typed = withXp(operation, options.xp as XpOption.Option)
    if (Either.isLeft(typed)) {
      return Effect.fail(
        new OrderCloudError.InvalidRequest({ reason: "Option", detail: typed.left, issues: [] }, true)
      )
    }
    op = typed.right
  }
  return OrderCloudClient.execute(op, {
    path,
    query,
    list: list as ListOptions.ListOptions | undefined,
    body: body as never,
    headers: options.headers
  }) as Effect.Effect<A, OrderCloudError.OrderCloudError, R>
}
