/**
 * Every operation of the API description as data: method, path, query
 * parameters, list behaviour, and the Schemas of its body and response.
 * For tools that work across operations (the sandbox routes and validates
 * with it); programs call the resource functions instead. Importing it
 * loads every model. `Operations` gives the same operations' types by
 * name, for code that is handed an operation's name (webhook handlers).
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"
import { entries as generated } from "./generated/operationTable.js"
import type { Operations as Generated } from "./generated/operationTypes.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Entry {
  /** The function's name: `Products.list`. */
  readonly id: string
  /** The description's operation id: `Products.List`. */
  readonly operationId: string
  readonly resource: string
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  /** Relative to `/v1` (or to the auth host's root for `/oauth/...`). */
  readonly path: string
  readonly host: "api" | "auth"
  /** Whether the operation takes an access token. */
  readonly authenticated: boolean
  /** A POST that creates an object. */
  readonly create: boolean
  /** Named query parameters, list options excepted. */
  readonly query: ReadonlyArray<string>
  readonly list:
    | {
      readonly item: string
      readonly facets: boolean
      readonly filters: boolean
      /** Fields `searchOn` accepts; `"any"` for premium search lists. */
      readonly searchable: ReadonlyArray<string> | "any"
      readonly sortable: ReadonlyArray<string> | "any"
    }
    | undefined
  readonly body:
    | {
      readonly model: string
      readonly variant: "write" | "patch"
      readonly form: boolean
      readonly schema: Schema.Schema.AnyNoContext
    }
    | undefined
  readonly response:
    | { readonly _tag: "None" }
    | { readonly _tag: "Model"; readonly model: string; readonly schema: Schema.Schema.AnyNoContext }
    | {
      readonly _tag: "Page"
      readonly model: string
      readonly facets: boolean
      readonly item: Schema.Schema.AnyNoContext
    }
}

/**
 * All operations, in the description's order.
 *
 * @since 0.1.0
 * @category constants
 */
export const entries: ReadonlyArray<Entry> = generated

/**
 * Every operation's types by function name (`"Orders.submit"`): its
 * `route` template (relative to `/v1`), `verb`, and the Schemas of its
 * `body` and of a single-object `response` (`undefined` where there is
 * none, or the response is a page). A type only: nothing of it exists at
 * runtime.
 *
 * @example
 * ```ts
 * import type { OperationTable } from "@ordercloud-effect/resources"
 *
 * type Submit = OperationTable.Operations["Orders.submit"]
 * // { route: "/orders/{direction}/{orderID}/submit"; verb: "POST"; body: undefined; response: typeof Order }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Operations extends Generated {}
