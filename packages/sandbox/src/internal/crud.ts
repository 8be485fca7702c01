/**
 * Generic behaviour for every operation of the table that has no special
 * handler: create, get, upsert, patch, delete and list objects in the
 * collection the path names; save, list and delete assignments.
 * @internal
 */
import type { Entry } from "@ordercloud-effect/resources/OperationTable"
import type { Failure } from "./errors.js"
import * as Errors from "./errors.js"
import type { Json, Store } from "./store.js"

/** What a handler answers: a status and a JSON body (none for 204). @internal */
export interface Answer {
  readonly status: number
  readonly body?: unknown
}

/** @internal */
export interface Call {
  readonly entry: Entry
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly body: Json | undefined
  /** Who calls: the user's key, for `/me/...` collections. */
  readonly userKey: string
  readonly now: Date
  readonly newId: () => string
}

/** `productID` -> `ProductID`; the object type of `productID` -> `Product`. */
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1)
const fieldOf = (param: string): string => pascal(param).replace(/Id$/, "ID")
const objectTypeOf = (param: string): string => pascal(param).replace(/I[Dd]$/, "")

/** Order direction is a view on one set of orders, not a place. */
const isView = (param: string): boolean => param === "direction"

/** The ID rule OrderCloud applies to writable IDs. */
const validId = /^[A-Za-z0-9_-]{1,100}$/

interface Parsed {
  readonly literals: ReadonlyArray<string>
  readonly last: { readonly literal: string } | { readonly param: string }
}

const parse = (path: string): Parsed => {
  const segments = path.split("/").slice(1)
  const last = segments[segments.length - 1]!
  const param = /^\{(.+)\}$/.exec(last)
  return {
    literals: segments.filter((s) => !s.startsWith("{")).map((s) => s.toLowerCase()),
    last: param === null ? { literal: last.toLowerCase() } : { param: param[1]! }
  }
}

/** The collection a path names (without its last segment when `dropLast`), parent IDs filled in. */
const collectionOf = (path: string, params: Readonly<Record<string, string>>, userKey: string, dropLast: boolean) => {
  const segments = path.split("/").slice(1)
  const kept = dropLast ? segments.slice(0, -1) : segments
  return kept
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment)
      if (param === null) return segment.toLowerCase() === "me" ? [`me:${userKey}`] : [segment.toLowerCase()]
      return isView(param[1]!) ? [] : [params[param[1]!]!]
    })
    .join("/")
}

/** Each parent named in the path must exist: `/buyers/{buyerID}/users` needs buyer `buyerID`. */
const missingParent = (
  store: Store,
  path: string,
  params: Readonly<Record<string, string>>,
  userKey: string,
  exceptLast: boolean
): Failure | undefined => {
  const segments = path.split("/").slice(1)
  const limit = exceptLast ? segments.length - 1 : segments.length
  for (let i = 0; i < limit; i++) {
    const param = /^\{(.+)\}$/.exec(segments[i]!)
    if (param === null || isView(param[1]!)) continue
    const collection = collectionOf(`/${segments.slice(0, i + 1).join("/")}`, params, userKey, true)
    const id = params[param[1]!]!
    if (!store.has(collection, id)) return Errors.notFound(objectTypeOf(param[1]!), id)
  }
  return undefined
}

/** The ID a create asks for in its body, or a new one. @internal */
export const chosenId = (call: Call): string => {
  const given = call.body?.["ID"]
  return typeof given === "string" && given !== "" ? given : call.newId()
}

const isPlainObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** PATCH semantics: nested objects (xp included) merge, everything else is replaced. @internal */
export const deepMerge = (target: Json, patch: Json): Json => {
  const out: Json = { ...target }
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as Json, value) : value
  }
  return out
}

const matchesCriteria = (record: Json, criteria: ReadonlyArray<readonly [string, string]>): boolean =>
  criteria.every(([field, value]) => {
    const actual = Object.entries(record).find(([key]) => key.toLowerCase() === field.toLowerCase())?.[1]
    return actual !== undefined && actual !== null && String(actual).toLowerCase() === value.toLowerCase()
  })

const identity = (record: Json): string =>
  JSON.stringify(
    Object.keys(record).filter((key) => /ID$/.test(key) || key === "Level").sort().map((key) => [key, record[key]])
  )

const assignment = (store: Store, call: Call, parsed: Parsed): Answer | Failure => {
  const collection = `assignments:${parsed.literals.join("/")}`
  const fromPath = call.entry.path.split("/").slice(1).flatMap((segment) => {
    const param = /^\{(.+)\}$/.exec(segment)
    return param === null ? [] : [[fieldOf(param[1]!), call.params[param[1]!]!] as const]
  })
  const fromQuery = [...call.query].filter(([key]) => !["page", "pageSize"].includes(key)).map(([key, value]) =>
    [fieldOf(key), value] as const
  )
  switch (call.entry.method) {
    case "POST":
    case "PUT": {
      const record: Json = { ...call.body, ...Object.fromEntries(fromPath) }
      store.put(collection, identity(record), record)
      return { status: 204 }
    }
    case "DELETE": {
      store.removeWhere(collection, (record) => matchesCriteria(record, [...fromPath, ...fromQuery]))
      return { status: 204 }
    }
    default:
      return {
        status: 200,
        body: store.list(collection).filter((record) => matchesCriteria(record, [...fromPath, ...fromQuery]))
      }
  }
}

/** The objects a list operation reads, before filtering and paging. @internal */
export const listSource = (store: Store, call: Call): ReadonlyArray<Json> | Failure => {
  const missing = missingParent(store, call.entry.path, call.params, call.userKey, false)
  if (missing !== undefined) return missing
  return store.list(collectionOf(call.entry.path, call.params, call.userKey, false))
}

const userCollection = /^(adminusers|buyers\/[^/]+\/users|suppliers\/[^/]+\/users)$/

/** Usernames are unique across every organisation of the marketplace. */
const usernameTaken = (store: Store, collection: string, id: string, value: Json): Failure | undefined => {
  const username = value["Username"]
  if (!userCollection.test(collection) || typeof username !== "string") return undefined
  const places = [
    "adminusers",
    ...store.collectionsLike("buyers/*/users"),
    ...store.collectionsLike("suppliers/*/users")
  ]
  const clash = places.some((place) =>
    store.list(place).some((user) =>
      !(place === collection && user["ID"] === id) &&
      typeof user["Username"] === "string" && user["Username"].toLowerCase() === username.toLowerCase()
    )
  )
  return clash ? Errors.failure(409, "User.UsernameMustBeUnique", `Username ${username} is already taken.`) : undefined
}

/** Runs an operation generically. Lists answer their source; the caller pages it. @internal */
export const run = (store: Store, call: Call): Answer | Failure => {
  const parsed = parse(call.entry.path)
  const method = call.entry.method
  if (parsed.literals.some((literal) => literal.endsWith("assignments"))) return assignment(store, call, parsed)

  if ("param" in parsed.last) {
    const missing = missingParent(store, call.entry.path, call.params, call.userKey, true)
    if (missing !== undefined) return missing
    const collection = collectionOf(call.entry.path, call.params, call.userKey, true)
    const id = call.params[parsed.last.param]!
    const objectType = objectTypeOf(parsed.last.param)
    const existing = store.get(collection, id)
    switch (method) {
      case "GET":
        return existing === undefined ? Errors.notFound(objectType, id) : { status: 200, body: existing }
      case "DELETE":
        return store.remove(collection, id) ? { status: 204 } : Errors.notFound(objectType, id)
      case "PUT": {
        if (!validId.test(id)) return Errors.validation(`ID "${id}" may only hold A-Z a-z 0-9 - _ (at most 100)`)
        const saved: Json = { ...call.body, ID: id, DateCreated: existing?.["DateCreated"] ?? call.now.toISOString() }
        const taken = usernameTaken(store, collection, id, saved)
        if (taken !== undefined) return taken
        store.replace(collection, id, id, saved)
        return { status: 200, body: saved }
      }
      case "PATCH": {
        if (existing === undefined) return Errors.notFound(objectType, id)
        const merged = deepMerge(existing, call.body ?? {})
        const newId = typeof merged["ID"] === "string" && merged["ID"] !== "" ? merged["ID"] : id
        if (newId !== id && store.has(collection, newId)) {
          return Errors.idExists(objectType, newId)
        }
        const taken = usernameTaken(store, collection, id, merged)
        if (taken !== undefined) return taken
        store.replace(collection, id, newId, { ...merged, ID: newId })
        return { status: 200, body: { ...merged, ID: newId } }
      }
      default:
        return existing === undefined ? Errors.notFound(objectType, id) : { status: 200, body: existing }
    }
  }

  const missing = missingParent(store, call.entry.path, call.params, call.userKey, false)
  if (missing !== undefined) return missing
  if (method === "POST" && call.entry.create) {
    const collection = collectionOf(call.entry.path, call.params, call.userKey, false)
    const id = chosenId(call)
    if (!validId.test(id)) return Errors.validation(`ID "${id}" may only hold A-Z a-z 0-9 - _ (at most 100)`)
    const objectType = call.entry.response._tag === "Model" ? call.entry.response.model : "Object"
    if (store.has(collection, id)) {
      return Errors.idExists(objectType, id)
    }
    const created: Json = { ...call.body, ID: id, DateCreated: call.now.toISOString() }
    const taken = usernameTaken(store, collection, id, created)
    if (taken !== undefined) return taken
    store.put(collection, id, created)
    return { status: 201, body: created }
  }
  // Actions and singletons (`/me`, `.../submit`, `.../shipto`): the object the path
  // ends on, updated with the body where one is sent.
  const owner = ownerOf(store, call)
  if (owner === undefined) return { status: call.entry.response._tag === "None" ? 204 : 200, body: call.body ?? {} }
  if (call.body !== undefined && (method === "PUT" || method === "PATCH")) {
    const field = pascal(parsed.literals[parsed.literals.length - 1]!)
    const updated = { ...owner.value, [field]: call.body }
    store.put(owner.collection, owner.id, updated)
  }
  return call.entry.response._tag === "None"
    ? { status: 204 }
    : { status: method === "POST" ? 201 : 200, body: store.get(owner.collection, owner.id) }
}

/** The last object named by a path parameter, if any. */
const ownerOf = (store: Store, call: Call): { collection: string; id: string; value: Json } | undefined => {
  const segments = call.entry.path.split("/").slice(1)
  for (let i = segments.length - 1; i >= 0; i--) {
    const param = /^\{(.+)\}$/.exec(segments[i]!)
    if (param === null || isView(param[1]!)) continue
    const collection = collectionOf(`/${segments.slice(0, i + 1).join("/")}`, call.params, call.userKey, true)
    const id = call.params[param[1]!]!
    const value = store.get(collection, id)
    return value === undefined ? undefined : { collection, id, value }
  }
  return undefined
}
