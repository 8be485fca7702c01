/**
 * Writes `generated/operationTable.ts`: every operation as an `Entry` of
 * `src/OperationTable.ts`, with references to its body and response Schemas.
 */
import { variantName } from "./Models.js"
import type { OperationPlan } from "./Operations.js"

const list = (fields: ReadonlyArray<string> | "any" | undefined): string =>
  fields === undefined ? "[]" : fields === "any" ? `"any"` : `[${fields.map((f) => JSON.stringify(f)).join(", ")}]`

export const emitTable = (plans: ReadonlyArray<OperationPlan>, header: string): string => {
  const imports = new Map<string, Set<string>>()
  const use = (model: string, name: string) => {
    const names = imports.get(model) ?? new Set<string>()
    names.add(name)
    imports.set(model, names)
    return name
  }
  const rows = plans.map((plan) => {
    const body = plan.body === undefined
      ? "undefined"
      : `{ model: ${
        JSON.stringify(plan.body.model)
      }, variant: "${plan.body.variant}", form: ${plan.body.form}, schema: ${
        use(plan.body.model, variantName(plan.body.model, plan.body.variant))
      } }`
    const response = plan.response._tag === "None"
      ? `{ _tag: "None" }`
      : plan.response._tag === "Model"
      ? `{ _tag: "Model", model: ${JSON.stringify(plan.response.model)}, schema: ${
        use(plan.response.model, plan.response.model)
      } }`
      : `{ _tag: "Page", model: ${JSON.stringify(plan.response.model)}, facets: ${plan.response.facets}, item: ${
        use(plan.response.model, plan.response.model)
      } }`
    const listEntry = plan.response._tag === "Page"
      ? `{ item: ${
        JSON.stringify(plan.response.model)
      }, facets: ${plan.response.facets}, filters: ${plan.filters}, searchable: ${list(plan.searchable)}, sortable: ${
        list(plan.sortable)
      } }`
      : "undefined"
    return [
      "  {",
      `    id: ${JSON.stringify(plan.id)},`,
      `    operationId: ${JSON.stringify(plan.operationId)},`,
      `    resource: ${JSON.stringify(plan.resource)},`,
      `    method: "${plan.method}",`,
      `    path: ${JSON.stringify(plan.path)},`,
      `    host: "${plan.path.startsWith("/oauth/") ? "auth" : "api"}",`,
      `    authenticated: ${plan.auth},`,
      `    create: ${plan.create},`,
      `    query: [${plan.queryParams.map((p) => JSON.stringify(p.name)).join(", ")}],`,
      `    list: ${listEntry},`,
      `    body: ${body},`,
      `    response: ${response}`,
      "  }"
    ].join("\n")
  })
  const importLines = [...imports.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, names]) => `import { ${[...names].sort().join(", ")} } from "./models/${model}.js"`)
  return [
    header,
    `import type { Entry } from "../OperationTable.js"`,
    ...importLines,
    "",
    "/** Every operation of the description, in its order. */",
    `export const entries: ReadonlyArray<Entry> = [\n${rows.join(",\n")}\n]`,
    ""
  ].join("\n")
}
