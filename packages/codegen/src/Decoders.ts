/**
 * Writes one decoder module per model (`generated/decoders/<Model>.ts`): a
 * straight-line function that returns exactly what decoding with the read
 * model's Schema returns (`errors: "all"`, `onExcessProperty: "ignore"`), or
 * `undefined` wherever the Schema would refuse the input or the function
 * cannot be sure. Core tries it before the Schema, and runs the Schema (which
 * reports the issues) only when it gives `undefined`; a property test holds
 * each decoder to its Schema.
 */
import type { ModelPlan } from "./Models.js"
import type { SchemaObject } from "./OpenApi.js"
import { refName, unwrap } from "./OpenApi.js"

/** `Product` -> `decodeProduct`. */
export const decoderName = (model: string): string => `decode${model}`

/** Whether `model` has a decoder module (enums have none: their checks are written inline). */
export const hasDecoder = (plans: ReadonlyMap<string, ModelPlan>, model: string): boolean =>
  plans.get(model)?.isEnum === false

/**
 * What `Object.prototype` holds: `key in input` finds these on every object,
 * so for them the decoder asks for an own key instead.
 */
const inherited: ReadonlySet<string> = new Set([
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf"
])

const refOf = (schema: SchemaObject): string | undefined => {
  const inner = unwrap(schema)
  return inner.$ref === undefined ? undefined : refName(inner.$ref)
}

interface Emit {
  readonly plans: ReadonlyMap<string, ModelPlan>
  /** Decoder modules imported, by model name. */
  readonly imports: Set<string>
  /** Module-level decoders, built once: name -> expression. */
  readonly hoisted: Map<string, string>
}

/** A module-level constant for `expression` (one per distinct expression). */
const hoist = (emit: Emit, hint: string, expression: string): string => {
  for (const [name, existing] of emit.hoisted) {
    if (existing === expression) return name
  }
  let name = `${hint}$`
  for (let n = 2; emit.hoisted.has(name); n++) name = `${hint}$${n}`
  emit.hoisted.set(name, expression)
  return name
}

const literals = (values: ReadonlyArray<string>, value: string): string =>
  values.map((literal) => `${value} === ${JSON.stringify(literal)}`).join(" || ")

const enumValues = (schema: SchemaObject, plans: ReadonlyMap<string, ModelPlan>): ReadonlyArray<string> | undefined => {
  const ref = refOf(schema)
  if (ref !== undefined) {
    const plan = plans.get(ref)
    return plan?.isEnum === true ? plan.schema.enum : undefined
  }
  const inner = unwrap(schema)
  return inner.type === "string" ? inner.enum : undefined
}

/** Whether the Schema is `Schema.Unknown`: anything, `undefined` included, passed through as is. */
const isUnknown = (schema: SchemaObject): boolean => {
  const inner = unwrap(schema)
  return refOf(schema) === undefined && inner.oneOf === undefined &&
    (inner.type === undefined || inner.type === "object")
}

/**
 * A condition on `value` that holds exactly when the Schema accepts it and
 * decodes it to itself (strings, numbers, booleans, literals).
 */
const guard = (schema: SchemaObject, value: string, plans: ReadonlyMap<string, ModelPlan>): string | undefined => {
  const values = enumValues(schema, plans)
  if (values !== undefined) return literals(values, value)
  const inner = unwrap(schema)
  if (refOf(schema) !== undefined || inner.oneOf !== undefined) return undefined
  switch (inner.type) {
    case "string":
      return inner.format === "date-time" ? undefined : `typeof ${value} === "string"`
    case "integer":
    case "number":
      // The read form is `Schema.Number`: any number (JSON holds no NaN or Infinity).
      return `typeof ${value} === "number"`
    case "boolean":
      return `typeof ${value} === "boolean"`
    default:
      return undefined
  }
}

/**
 * An expression of type `Decoder<A>` for the Schema, or `undefined` where
 * there is no fast path (the Schema then decides).
 */
const decoder = (schema: SchemaObject, hint: string, emit: Emit): string | undefined => {
  const ref = refOf(schema)
  const values = enumValues(schema, emit.plans)
  if (values !== undefined) {
    return hoist(emit, hint, `/* @__PURE__ */ D.literal(${values.map((v) => JSON.stringify(v)).join(", ")})`)
  }
  if (ref !== undefined) {
    if (!emit.plans.has(ref)) return undefined
    emit.imports.add(ref)
    return decoderName(ref)
  }
  const inner = unwrap(schema)
  if (inner.oneOf !== undefined) {
    // Members are tried in the Schema's order; the first that decodes wins,
    // which is the Schema's answer only when no value satisfies two members.
    // Models could overlap (all their fields are optional): not those.
    if (inner.oneOf.some((member) => refOf(member) !== undefined && enumValues(member, emit.plans) === undefined)) {
      return undefined
    }
    const members = inner.oneOf.map((member, i) => decoder(member, `${hint}${i}`, emit))
    if (members.some((member) => member === undefined)) return undefined
    return hoist(emit, hint, `/* @__PURE__ */ D.union(${members.join(", ")})`)
  }
  switch (inner.type) {
    case "string":
      return inner.format === "date-time" ? "D.date" : "D.string"
    case "integer":
    case "number":
      return "D.number"
    case "boolean":
      return "D.boolean"
    case "array": {
      const items = arrayCall(inner, "input", `${hint}Item`, emit)
      return items === undefined ? undefined : hoist(emit, hint, `(input: unknown) => ${items}`)
    }
    default:
      // `Schema.Unknown` accepts `undefined`, which a decoder cannot return.
      return undefined
  }
}

/** `D.array(value, item)` for an array Schema, or `undefined` where there is no fast path. */
const arrayCall = (array: SchemaObject, value: string, hint: string, emit: Emit): string | undefined => {
  if (array.items === undefined || isUnknown(array.items)) return `D.unknowns(${value})`
  const item = decoder(array.items, hint, emit)
  return item === undefined ? undefined : `D.array(${value}, ${item})`
}

const access = (name: string): string =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`

/** The statements for one optional field of a read model: `Schema.optional(S)` or `Schema.optional(Schema.NullOr(S))`. */
const fieldStatements = (name: string, property: SchemaObject, emit: Emit): string => {
  const key = JSON.stringify(name)
  const own = inherited.has(name)
  const read = own ? `Object.hasOwn(input, ${key}) ? input${access(name)} : undefined` : `input${access(name)}`
  const has = own ? `Object.hasOwn(input, ${key})` : `${key} in input`
  const target = `out${access(name)}`
  const nullable = property.nullable === true || unwrap(property).nullable === true
  const hint = name.replace(/[^A-Za-z0-9_$]/g, "_")
  if (isUnknown(property)) {
    return [`v = ${read}`, `if (v !== undefined || ${has}) ${target} = v`].join("\n")
  }
  let body: string
  const check = guard(property, "v", emit.plans)
  if (check !== undefined) {
    const refuse = nullable
      ? `!(v === null || ${check})`
      : /^typeof v === "\w+"$/.test(check)
      ? check.replace(" === ", " !== ")
      : `!(${check})`
    body = [`if (${refuse}) return undefined`, `${target} = v`].join("\n")
  } else {
    const inner = unwrap(property)
    let call: string | undefined
    if (refOf(property) === undefined && inner.type === "array") {
      call = arrayCall(inner, "v", hint, emit)
    } else {
      const decode = decoder(property, hint, emit)
      call = decode === undefined ? undefined : `${decode}(v)`
    }
    body = call === undefined
      // No fast path: a present value goes to the Schema.
      ? "return undefined"
      : [
        `const d = ${nullable ? "v === null ? null : " : ""}${call}`,
        `if (d === undefined) return undefined`,
        `${target} = d`
      ].join("\n")
  }
  return [`v = ${read}`, `if (v !== undefined) {`, body, `} else if (${has}) ${target} = undefined`].join("\n")
}

/** The fields of the read form, as Models.ts emits them. */
const readFields = (plan: ModelPlan): Array<[string, SchemaObject]> =>
  Object.entries(plan.schema.properties ?? {}).filter(([, property]) => property.writeOnly !== true)

/** One decoder module for a model that is not an enum; `header` is the generated-file banner. */
export const emitDecoder = (plan: ModelPlan, plans: ReadonlyMap<string, ModelPlan>, header: string): string => {
  const emit: Emit = { plans, imports: new Set(), hoisted: new Map() }
  const name = decoderName(plan.name)
  const fields = readFields(plan)
  const docs = [
    `/**`,
    ` * Decodes a ${plan.name} as \`Schema.decodeUnknown(${plan.name})\` does (excess keys dropped),`,
    ` * or gives \`undefined\` where the Schema would refuse the input or this function cannot be`,
    ` * sure: the Schema then decides and reports the issues.`,
    ` * @internal`,
    ` */`
  ].join("\n")
  let fn: string
  if (fields.length === 0) {
    // `Schema.Struct({})` accepts anything but null and undefined, and gives the input itself.
    fn = `${docs}\nexport const ${name} = (input: unknown): ${plan.name} | undefined =>\n` +
      `  input === null || input === undefined ? undefined : input`
  } else {
    const statements = fields.map(([field, property]) => fieldStatements(field, property, emit))
    // One field reads one value: a constant, not a variable reused field after field.
    const single = statements.length === 1
    fn = [
      docs,
      `export const ${name} = (input: unknown): ${plan.name} | undefined => {`,
      `if (!D.isObject(input)) return undefined`,
      `const out: D.Mutable<${plan.name}> = {}`,
      ...(single ? [`const ${statements[0]!}`] : [`let v: unknown`, ...statements]),
      `return out`,
      `}`
    ].join("\n")
  }
  emit.imports.delete(plan.name)
  const imports = [
    ...(fields.length === 0 ? [] : [`import * as D from "../../internal/decode.js"`]),
    `import type { ${plan.name} } from "../models/${plan.name}.js"`,
    ...[...emit.imports].sort().map((model) => `import { ${decoderName(model)} } from "./${model}.js"`)
  ]
  const hoisted = [...emit.hoisted].map(([constant, expression]) => `const ${constant} = ${expression}`)
  return `${header}\n${imports.join("\n")}\n\n${[...hoisted, fn].join("\n\n")}\n`
}
