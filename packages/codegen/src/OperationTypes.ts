/**
 * Writes `generated/operationTypes.ts`: every operation's route, verb and
 * the Schemas of its body and response as one flat interface keyed by the
 * function's name (`"Orders.submit"`). Type imports only, so it costs
 * nothing at runtime; code that is given an operation's name (webhook
 * handlers) looks its types up here. A flat interface, not a conditional
 * type over the table: the compiler resolves only the entries a program
 * names.
 */
import { variantName } from "./Models.js"
import type { OperationPlan } from "./Operations.js"

export const path = "generated/operationTypes.ts"

export const emitOperationTypes = (plans: ReadonlyArray<OperationPlan>, header: string): string => {
  const imports = new Map<string, Set<string>>()
  const use = (model: string, name: string) => {
    const names = imports.get(model) ?? new Set<string>()
    names.add(name)
    imports.set(model, names)
    return `typeof ${name}`
  }
  const rows = plans.map((plan) => {
    const body = plan.body === undefined
      ? "undefined"
      : use(plan.body.model, variantName(plan.body.model, plan.body.variant))
    const response = plan.response._tag === "Model" ? use(plan.response.model, plan.response.model) : "undefined"
    return [
      `  readonly ${JSON.stringify(plan.id)}: {`,
      `    readonly route: ${JSON.stringify(plan.path)}`,
      `    readonly verb: "${plan.method}"`,
      `    readonly body: ${body}`,
      `    readonly response: ${response}`,
      "  }"
    ].join("\n")
  })
  const importLines = [...imports.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, names]) => `import type { ${[...names].sort().join(", ")} } from "./models/${model}.js"`)
  return [
    header,
    ...importLines,
    "",
    "/**",
    " * Every operation of the description by its function name: its route",
    " * (relative to `/v1`), verb, and the Schemas of its body and of a",
    " * single-object response; `undefined` where there is none (or the",
    " * response is a page).",
    " */",
    `export interface Operations {\n${rows.join("\n")}\n}`,
    ""
  ].join("\n")
}
