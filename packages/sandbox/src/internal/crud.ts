/**
 * Generic behaviour for every operation of the table that has no special
 * handler: create, get, upsert, patch, delete and list objects in the
 * collection the path names; save, list and delete assignments.
 * @internal
 */
import type { Entry } from "@ordercloud-effect/resources/OperationTable"
import * as SchemaAST from "effect/SchemaAST"
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

/**
 * The fields of a stored object that its write form cannot carry: what the
 * server owns (`DateCreated`, a product's `VariantCount`, a generated
 * variant's `Specs`). A PUT replaces the rest and keeps these.
 */
const readOnlyOf = (entry: Entry, existing: Json | undefined): Json => {
  if (existing === undefined || entry.body === undefined) return {}
  const writable = new Set(
    SchemaAST.getPropertySignatures(SchemaAST.encodedAST(entry.body.schema.ast)).map((p) => String(p.name))
  )
  return Object.fromEntries(Object.entries(existing).filter(([key]) => !writable.has(key)))
}

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
  exceptLast: boolean,
  checks: (segments: ReadonlyArray<string>, index: number) => boolean = () => true
): Failure | undefined => {
  const segments = path.split("/").slice(1)
  const limit = exceptLast ? segments.length - 1 : segments.length
  for (let i = 0; i < limit; i++) {
    const param = /^\{(.+)\}$/.exec(segments[i]!)
    if (param === null || isView(param[1]!) || !checks(segments, i)) continue
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

// -----------------------------------------------------------------------------
// assignments
// -----------------------------------------------------------------------------

/**
 * Assignment paths whose records live under another path: API client
 * assignments are saved and listed at `/apiclients/assignments` and deleted
 * under the buyer or supplier they name.
 */
const assignmentAliases: Readonly<Record<string, string>> = {
  "buyers/apiclients/assignments": "apiclients/assignments",
  "suppliers/apiclients/assignments": "apiclients/assignments"
}

/**
 * The collection holding the records of an assignment path (its literal
 * segments: `/catalogs/{catalogID}/assignments` and `/catalogs/assignments`
 * both name `assignments:catalogs/assignments`; IDs from the path are stored
 * in the record), or undefined for a path that is not an assignment path.
 * Saves, lists, deletes, the seed and the commerce rules all read this one
 * name.
 * @internal
 */
export const assignmentCollection = (path: string): string | undefined => {
  const { literals } = parse(path)
  if (!literals.some((literal) => literal.endsWith("assignments"))) return undefined
  const joined = literals.join("/")
  return `assignments:${assignmentAliases[joined] ?? joined}`
}

/** Fields that are what an assignment says, not what it is about: saving again replaces them. */
const payloadIds = new Set(["PriceScheduleID", "DefaultOptionID"])

const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== ""

/**
 * What identifies an assignment: the IDs it links (a save with the same IDs
 * replaces it). Null and absent IDs are the same.
 * @internal
 */
export const assignmentKey = (record: Json): string =>
  JSON.stringify(
    Object.keys(record)
      .filter((key) => /ID$/.test(key) && !payloadIds.has(key) && isSet(record[key]))
      .sort()
      .map((key) => [key, record[key]])
  )

/** OrderCloud's `PartyType` of an assignment: to a user, a user group, or a whole company. */
const levelOf = (record: Json): string =>
  isSet(record["UserID"]) ? "User" : isSet(record["UserGroupID"]) ? "Group" : "Company"

/** The `CommerceRole` an assignment applies to (security profiles). */
const commerceRoleOf = (record: Json): string =>
  isSet(record["SupplierID"]) ? "Supplier" : isSet(record["BuyerID"]) ? "Buyer" : "Seller"

const sameText = (actual: unknown, expected: string): boolean =>
  isSet(actual) && String(actual).toLowerCase() === expected.toLowerCase()

/** A buyer or supplier user, found by ID: its company and the groups it belongs to. */
const partyOf = (
  store: Store,
  userID: string
): { readonly companyID: string; readonly groups: ReadonlySet<string> } | undefined => {
  for (
    const [kind, groupsPath] of [["buyers", "buyers/usergroups/assignments"], [
      "suppliers",
      "suppliers/usergroups/assignments"
    ]] as const
  ) {
    for (const collection of store.collectionsLike(`${kind}/*/users`)) {
      if (!store.has(collection, userID)) continue
      const companyID = collection.split("/")[1]!
      const groups = store.list(`assignments:${groupsPath}`)
        .filter((a) =>
          a["UserID"] === userID && (!isSet(a["BuyerID"]) || a["BuyerID"] === companyID) &&
          (!isSet(a["SupplierID"]) || a["SupplierID"] === companyID)
        )
        .map((a) => String(a["UserGroupID"]))
      return { companyID, groups: new Set(groups) }
    }
  }
  return undefined
}

/**
 * `userID` on a list of assignments that cannot name a user (product,
 * category, promotion assignments...): the assignments that apply to that
 * user, made to one of its groups or to its whole company.
 */
const appliesTo = (store: Store, userID: string) => {
  const party = partyOf(store, userID)
  return (record: Json): boolean => {
    if (party === undefined) return false
    const company = record["BuyerID"] ?? record["SupplierID"]
    if (isSet(company) && company !== party.companyID) return false
    return isSet(record["UserGroupID"]) ? party.groups.has(String(record["UserGroupID"])) : true
  }
}

/** The IDs a path names, as record fields: `{catalogID}` -> `CatalogID`. */
const pathFields = (call: Call): ReadonlyArray<readonly [string, string]> =>
  call.entry.path.split("/").slice(1).flatMap((segment) => {
    const param = /^\{(.+)\}$/.exec(segment)
    return param === null ? [] : [[fieldOf(param[1]!), call.params[param[1]!]!] as const]
  })

/** The operation's own query parameters that were sent, with their declared names. */
const declaredQuery = (call: Call): ReadonlyArray<readonly [string, string]> => {
  const declared = new Map(call.entry.query.map((name) => [name.toLowerCase(), name]))
  return [...call.query].flatMap(([key, value]) => {
    const name = declared.get(key.toLowerCase())
    return name === undefined || value === "" ? [] : [[name, value] as const]
  })
}

/**
 * An assignment path's IDs that hold the assignments (`{buyerID}` in
 * `/buyers/{buyerID}/addresses/...`) must exist; the IDs it links
 * (`{addressID}` in `.../addresses/{addressID}/assignments`) are the
 * assignment's own fields, and a delete of a link that is not there does
 * nothing.
 */
const holdsAssignments = (segments: ReadonlyArray<string>, index: number): boolean => {
  const next = segments[index + 1]
  return next !== undefined && !next.startsWith("{") && !next.toLowerCase().endsWith("assignments")
}

const assignment = (store: Store, call: Call, collection: string): Answer | Failure => {
  const missing = missingParent(store, call.entry.path, call.params, call.userKey, false, holdsAssignments)
  if (missing !== undefined) return missing
  const fromPath = pathFields(call)
  const matchesPath = (record: Json) => fromPath.every(([field, value]) => record[field] === value)
  switch (call.entry.method) {
    case "POST":
    case "PUT": {
      const record: Json = { ...call.body, ...Object.fromEntries(fromPath) }
      store.put(collection, assignmentKey(record), record)
      return { status: 204 }
    }
    case "DELETE": {
      // Deletes exactly the assignment named: a user or group parameter left
      // out means the assignment made at the company level, not every level.
      const given = new Map(declaredQuery(call).map(([name, value]) => [fieldOf(name), value]))
      const levels = call.entry.query.map(fieldOf)
      store.removeWhere(collection, (record) =>
        matchesPath(record) &&
        levels.every((field) => given.has(field) ? record[field] === given.get(field) : !isSet(record[field])))
      return { status: 204 }
    }
    default:
      return { status: 200, body: store.list(collection) }
  }
}

/**
 * The assignments a list reads: those under the path's IDs, narrowed by
 * each of the operation's parameters that was sent (`buyerID`, `level`,
 * `commerceRole`, `userID`...). What is left the listing engine pages.
 */
const assignmentSource = (store: Store, call: Call, collection: string): ReadonlyArray<Json> | Failure => {
  const missing = missingParent(store, call.entry.path, call.params, call.userKey, false)
  if (missing !== undefined) return missing
  const item = call.entry.list?.item ?? ""
  const namesUser = assignmentModelsWithUser.has(item)
  const tests = declaredQuery(call).map(([name, value]): (record: Json) => boolean => {
    switch (name) {
      case "level":
        return (record) => levelOf(record).toLowerCase() === value.toLowerCase()
      case "commerceRole":
        return (record) => commerceRoleOf(record).toLowerCase() === value.toLowerCase()
      case "userID":
        if (!namesUser) return appliesTo(store, value)
        return (record) => sameText(record["UserID"], value)
      default: {
        const field = fieldOf(name)
        return (record) => sameText(record[field], value)
      }
    }
  })
  const fromPath = pathFields(call)
  const all = store.list(collection)
  if (fromPath.length === 0 && tests.length === 0) return all
  return all.filter((record) =>
    fromPath.every(([field, value]) => record[field] === value) && tests.every((test) => test(record))
  )
}

/** The assignment models that can name a user; on the others `userID` means "applies to the user". */
const assignmentModelsWithUser: ReadonlySet<string> = new Set([
  "AddressAssignment",
  "CreditCardAssignment",
  "SpendingAccountAssignment",
  "SecurityProfileAssignment",
  "UserGroupAssignment",
  "MessageCCListenerAssignment"
])

/** The objects a list operation reads, before filtering and paging. @internal */
export const listSource = (store: Store, call: Call): ReadonlyArray<Json> | Failure => {
  const assignments = assignmentCollection(call.entry.path)
  if (assignments !== undefined) return assignmentSource(store, call, assignments)
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
  const assignments = assignmentCollection(call.entry.path)
  if (assignments !== undefined) return assignment(store, call, assignments)

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
        const saved: Json = {
          ...readOnlyOf(call.entry, existing),
          ...call.body,
          ID: id,
          DateCreated: existing?.["DateCreated"] ?? call.now.toISOString()
        }
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
