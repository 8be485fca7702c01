/**
 * Builds the operation table's entries from the operation constants the
 * resource modules run, so an operation is described once.
 */
import type { Entry } from "../OperationTable.js"
import type * as Runtime from "./runtime.js"

/**
 * What the table says of an operation beyond its constant.
 * @internal
 */
export interface Facts {
  /** Any POST that creates an object (the constant marks only those whose body may choose the ID). */
  readonly create?: true
  /** The model it answers with, or a page of. */
  readonly model?: string
  readonly body?: { readonly model: string; readonly variant: "write" | "patch" }
  readonly searchable?: ReadonlyArray<string> | "any"
  readonly sortable?: ReadonlyArray<string> | "any"
}

const none: ReadonlyArray<string> = []

/** @internal */
export const entry = (operation: Runtime.Operation, operationId: string, facts: Facts): Entry => {
  const { answer } = operation
  const model = facts.model ?? ""
  return {
    id: operation.id,
    operationId,
    resource: operation.id.slice(0, operation.id.indexOf(".")),
    method: operation.method,
    path: operation.path,
    host: operation.host ?? "api",
    authenticated: operation.authenticated !== false,
    create: facts.create === true,
    query: operation.queryParams,
    list: answer._tag === "Page"
      ? {
        item: model,
        facets: answer.facets,
        filters: operation.list?.includes("filters") === true,
        searchable: facts.searchable ?? none,
        sortable: facts.sortable ?? none
      }
      : undefined,
    body: operation.body === undefined || facts.body === undefined
      ? undefined
      : { ...facts.body, form: operation.bodyEncoding === "form", schema: operation.body },
    response: answer._tag === "None"
      ? { _tag: "None" }
      : answer._tag === "Model"
      ? { _tag: "Model", model, schema: answer.schema }
      : { _tag: "Page", model, facets: answer.facets, item: answer.item }
  }
}
