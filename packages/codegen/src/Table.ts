/**
 * Writes `generated/operationTable.ts`: every operation as an `Entry` of
 * `src/OperationTable.ts`, built from the operation constants the resource
 * modules run (`generated/operations/*`) and the few facts only the table
 * holds: the description's operation id, model names, and the fields a list
 * searches and sorts on.
 */
import type { OperationPlan } from "./Operations.js"
import { constantName, operationsModule } from "./Operations.js"

const list = (fields: ReadonlyArray<string> | "any"): string =>
  fields === "any" ? `"any"` : `[${fields.map((f) => JSON.stringify(f)).join(", ")}]`

/** What the table says of an operation beyond its constant, as `internal/table.ts`'s `Facts`. */
const facts = (plan: OperationPlan): string => {
  const fields = [
    ...(plan.create ? ["create: true"] : []),
    ...(plan.response._tag === "None" ? [] : [`model: ${JSON.stringify(plan.response.model)}`]),
    ...(plan.body === undefined
      ? []
      : [`body: { model: ${JSON.stringify(plan.body.model)}, variant: "${plan.body.variant}" }`]),
    ...(plan.searchable === undefined || plan.response._tag !== "Page" ? [] : [`searchable: ${list(plan.searchable)}`]),
    ...(plan.sortable === undefined || plan.response._tag !== "Page" ? [] : [`sortable: ${list(plan.sortable)}`])
  ]
  return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`
}

export const emitTable = (plans: ReadonlyArray<OperationPlan>, header: string): string => {
  const resources = [...new Set(plans.map((plan) => plan.resource))].sort()
  const rows = plans.map((plan) =>
    `  entry(${plan.resource}.${constantName(plan)}, ${JSON.stringify(plan.operationId)}, ${facts(plan)})`
  )
  return [
    header,
    `import type { Entry } from "../OperationTable.js"`,
    `import { entry } from "../internal/table.js"`,
    ...resources.map((resource) => `import * as ${resource} from "./${operationsModule(resource)}.js"`),
    "",
    "/** Every operation of the description, in its order. */",
    `export const entries: ReadonlyArray<Entry> = [\n${rows.join(",\n")}\n]`,
    ""
  ].join("\n")
}
