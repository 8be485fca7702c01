/**
 * Plans and writes one module per model of the description: the model as
 * OrderCloud returns it, and, where request bodies need them, its write
 * form (read-only fields left out, required fields required, limits
 * checked) and its patch form (every field optional, nested objects partial).
 */
import * as Names from "./Names.js"
import type { Document, SchemaObject } from "./OpenApi.js"
import { operations, refName, unwrap } from "./OpenApi.js"

export type Variant = "read" | "write" | "patch"

export interface ModelPlan {
  readonly name: string
  readonly schema: SchemaObject
  readonly isEnum: boolean
  readonly variants: Set<Variant>
}

/** List page envelopes come from core's `ListPage`, not from generated models. */
export const isListPage = (name: string, schema: SchemaObject): boolean =>
  name === "ListPage" || name === "ListPageWithFacets" || schema["x-ordercloud-list-item"] !== undefined

export const variantName = (model: string, variant: Variant): string =>
  variant === "read" ? model : `${model}${variant === "write" ? "Write" : "Patch"}`

const refOf = (schema: SchemaObject): string | undefined => {
  const inner = unwrap(schema)
  return inner.$ref === undefined ? undefined : refName(inner.$ref)
}

export const planModels = (document: Document): Map<string, ModelPlan> => {
  const schemas = document.components.schemas
  const plans = new Map<string, ModelPlan>()
  for (const [name, schema] of Object.entries(schemas)) {
    if (isListPage(name, schema)) continue
    plans.set(name, { name, schema, isEnum: schema.enum !== undefined, variants: new Set(["read"]) })
  }
  const need = (name: string, variant: Variant): void => {
    const plan = plans.get(name)
    if (plan === undefined || plan.isEnum || plan.variants.has(variant)) return
    plan.variants.add(variant)
    for (const property of Object.values(plan.schema.properties ?? {})) {
      if (property.readOnly === true) continue
      const inner = unwrap(property)
      const ref = refOf(property)
      if (ref !== undefined) {
        need(ref, variant === "patch" || property["x-ordercloud-partial"] === true ? "patch" : "write")
      } else if (inner.type === "array" && inner.items !== undefined) {
        // Arrays are replaced whole, in a PATCH too: their items are complete.
        const item = refOf(inner.items)
        if (item !== undefined) need(item, "write")
      }
    }
  }
  for (const { operation } of operations(document)) {
    const body = operation.requestBody
    if (body === undefined) continue
    for (const media of Object.values(body.content)) {
      const ref = refOf(media.schema)
      if (ref !== undefined) {
        need(
          ref,
          body["x-ordercloud-partial"] === true || media.schema["x-ordercloud-partial"] === true ? "patch" : "write"
        )
      }
    }
  }
  return plans
}

/** Every call is marked pure so bundlers drop the schemas a program does not use. */
export const call = (callee: string, ...args: ReadonlyArray<string>): string =>
  `/* @__PURE__ */ ${callee}(${args.join(", ")})`

interface Emit {
  readonly imports: Map<string, Set<string>>
  usesFields: boolean
}

const schemaExpression = (
  schema: SchemaObject,
  variant: Variant,
  emit: Emit,
  plans: ReadonlyMap<string, ModelPlan>
): string => {
  const inner = unwrap(schema)
  const ref = refOf(schema)
  if (ref !== undefined) {
    const plan = plans.get(ref)
    const name = plan === undefined || plan.isEnum ? ref : variantName(ref, variant)
    const names = emit.imports.get(ref) ?? new Set<string>()
    names.add(name)
    emit.imports.set(ref, names)
    return name
  }
  const writing = variant !== "read"
  if (inner.oneOf !== undefined) {
    return call("Schema.Union", ...inner.oneOf.map((option) => schemaExpression(option, variant, emit, plans)))
  }
  switch (inner.type) {
    case "string": {
      if (inner.enum !== undefined) return call("Schema.Literal", ...inner.enum.map((value) => JSON.stringify(value)))
      if (inner.format === "date-time") {
        emit.usesFields = true
        return "Fields.DateTime"
      }
      const checks: Array<string> = []
      if (writing && inner.maxLength !== undefined) checks.push(call("Schema.maxLength", String(inner.maxLength)))
      if (writing && inner.pattern !== undefined) {
        checks.push(call("Schema.pattern", call("new RegExp", JSON.stringify(inner.pattern))))
      }
      return checks.length === 0 ? "Schema.String" : call("Schema.String.pipe", ...checks)
    }
    case "integer":
    case "number": {
      // JSON has no NaN or Infinity (JSON.stringify would send null): a body
      // refuses them. A response cannot hold them, so reading skips the check,
      // which would cost a third more on a 100-item page's decode.
      const base = !writing ? "Schema.Number" : inner.type === "integer" ? "Schema.Int" : "Schema.Finite"
      const checks: Array<string> = []
      if (writing && inner.minimum !== undefined) {
        checks.push(call("Schema.greaterThanOrEqualTo", String(inner.minimum)))
      }
      if (writing && inner.maximum !== undefined) checks.push(call("Schema.lessThanOrEqualTo", String(inner.maximum)))
      return checks.length === 0 ? base : call(`${base}.pipe`, ...checks)
    }
    case "boolean":
      return "Schema.Boolean"
    case "array":
      return call(
        "Schema.Array",
        inner.items === undefined
          ? "Schema.Unknown"
          : schemaExpression(inner.items, variant === "patch" ? "write" : variant, emit, plans)
      )
    case "object":
      if (inner["x-ordercloud-xp"] === true && writing) {
        emit.usesFields = true
        return "Fields.Xp"
      }
      return "Schema.Unknown"
    default:
      return "Schema.Unknown"
  }
}

const fieldExpression = (
  name: string,
  property: SchemaObject,
  required: boolean,
  variant: Variant,
  emit: Emit,
  plans: ReadonlyMap<string, ModelPlan>
): string => {
  const own = property["x-ordercloud-partial"] === true && variant === "write" ? "patch" : variant
  const base = schemaExpression(property, own, emit, plans)
  const nullable = property.nullable === true || unwrap(property).nullable === true
  if (variant === "write" && required) return base
  const shared = sharedFields.get(base)
  if (shared !== undefined) {
    emit.usesFields = true
    return `Fields.Optional${nullable ? "Nullable" : ""}${shared}`
  }
  return call("Schema.optional", nullable ? call("Schema.NullOr", base) : base)
}

/**
 * The field Schemas most models share, by the name `internal/fields.ts`
 * gives them (`Fields.OptionalNullableString`): declared once there, not
 * built again for every field.
 */
export const sharedFields: ReadonlyMap<string, string> = new Map([
  ["Schema.String", "String"],
  ["Schema.Number", "Number"],
  ["Schema.Int", "Int"],
  ["Schema.Finite", "Finite"],
  ["Schema.Boolean", "Boolean"],
  ["Schema.Unknown", "Unknown"],
  ["Fields.DateTime", "DateTime"],
  ["Fields.Xp", "Xp"]
])

const docs: Record<Variant, (name: string) => string> = {
  read: (name) => `${name}, as OrderCloud returns it. Fields the API may leave out are optional.`,
  write: (name) =>
    `The body that creates or replaces a ${name}: read-only fields left out, required fields required, ` +
    `lengths, ID characters and ranges checked before anything is sent.`,
  patch: (name) =>
    `The body of a PATCH on a ${name}: every field optional and nested objects partial too, with the same ` +
    `checks as the write form.`
}

const fieldsOf = (plan: ModelPlan, variant: Variant): Array<[string, SchemaObject]> =>
  Object.entries(plan.schema.properties ?? {}).filter(([, property]) =>
    variant === "read" ? property.writeOnly !== true : property.readOnly !== true
  )

/** One model module; `header` is the generated-file banner. */
export const emitModel = (plan: ModelPlan, plans: ReadonlyMap<string, ModelPlan>, header: string): string => {
  const emit: Emit = { imports: new Map(), usesFields: false }
  const blocks: Array<string> = []
  if (plan.isEnum) {
    blocks.push(
      [
        `/**`,
        ` * The values of ${plan.name}.`,
        ` *`,
        ` * @since 0.1.0`,
        ` * @category models`,
        ` */`,
        `export const ${plan.name} = ${
          call("Schema.Literal", ...plan.schema.enum!.map((value) => JSON.stringify(value)))
        }`,
        ``,
        `/**`,
        ` * @since 0.1.0`,
        ` * @category models`,
        ` */`,
        `export type ${plan.name} = typeof ${plan.name}.Type`
      ].join("\n")
    )
  } else {
    const required = new Set(plan.schema.required ?? [])
    for (const variant of ["read", "write", "patch"] as const) {
      if (!plan.variants.has(variant)) continue
      const name = variantName(plan.name, variant)
      const fields = fieldsOf(plan, variant).map(([field, property]) =>
        `  ${Names.key(field)}: ${fieldExpression(field, property, required.has(field), variant, emit, plans)}`
      )
      blocks.push(
        [
          `/**`,
          ` * ${docs[variant](plan.name)}`,
          ` *`,
          ` * @since 0.1.0`,
          ` * @category models`,
          ` */`,
          `export const ${name} = /* @__PURE__ */ Schema.Struct({${
            fields.length === 0 ? "" : `\n${fields.join(",\n")}\n`
          }})`,
          ``,
          `/**`,
          ` * @since 0.1.0`,
          ` * @category models`,
          ` */`,
          `export interface ${name} extends Schema.Schema.Type<typeof ${name}> {}`
        ].join("\n")
      )
    }
  }
  emit.imports.delete(plan.name)
  const imports = [
    `import * as Schema from "effect/Schema"`,
    ...(emit.usesFields ? [`import * as Fields from "../../internal/fields.js"`] : []),
    ...[...emit.imports.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([module, names]) => `import { ${[...names].sort().join(", ")} } from "./${module}.js"`)
  ]
  return `${header}\n${imports.join("\n")}\n\n${blocks.join("\n\n")}\n`
}
