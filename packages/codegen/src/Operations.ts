/**
 * Writes one module per resource: every operation as a function (path
 * parameters positional, then the body, then one options object), and for
 * list operations a Stream form that pages through everything.
 */
import { decoderName, hasDecoder } from "./Decoders.js"
import type { ModelPlan } from "./Models.js"
import { call, isListPage, variantName } from "./Models.js"
import * as Names from "./Names.js"
import type { Document, LocatedOperation, Operation, Parameter, SchemaObject } from "./OpenApi.js"
import { refName, unwrap } from "./OpenApi.js"

const listParams = ["search", "searchOn", "searchType", "sortBy", "page", "pageSize", "pageKey"] as const

/** What the generator knows of one operation. */
export interface OperationPlan {
  /** As the description names it: `Products.List`. */
  readonly operationId: string
  readonly resource: string
  readonly name: string
  readonly id: string
  readonly method: string
  readonly path: string
  readonly pathParams: ReadonlyArray<Parameter>
  readonly queryParams: ReadonlyArray<Parameter>
  readonly listKeys: ReadonlyArray<string>
  readonly filters: boolean
  readonly searchable: ReadonlyArray<string> | "any" | undefined
  readonly sortable: ReadonlyArray<string> | "any" | undefined
  readonly body: { readonly model: string; readonly variant: "write" | "patch"; readonly form: boolean } | undefined
  readonly response:
    | { readonly _tag: "None" }
    | { readonly _tag: "Model"; readonly model: string }
    | { readonly _tag: "Page"; readonly model: string; readonly facets: boolean }
  readonly auth: boolean
  readonly create: boolean
  /**
   * For a create: the path of the GET that reads the new object back
   * (`/products/{productID}`), when the description has one answering with
   * the same model.
   */
  readonly read: string | undefined
}

const refOf = (schema: SchemaObject): string | undefined => {
  const inner = unwrap(schema)
  return inner.$ref === undefined ? undefined : refName(inner.$ref)
}

const successModel = (operation: Operation): string | undefined => {
  const success = Object.entries(operation.responses).find(([code]) => code.startsWith("2"))
  const schema = success?.[1].content?.["application/json"]?.schema
  return schema === undefined ? undefined : refOf(schema)
}

/** The GET at `{path}/{param}` answering with `model`: how a created object is read back. */
const readPathOf = (document: Document, path: string, model: string | undefined): string | undefined => {
  if (model === undefined) return undefined
  return Object.keys(document.paths).find((candidate) => {
    const last = candidate.slice(path.length)
    const get = document.paths[candidate]!["get"] as Operation | undefined
    return candidate.startsWith(`${path}/`) && /^\/\{[^}/]+\}$/.test(last) && get !== undefined &&
      successModel(get) === model
  })
}

export const planOperation = (document: Document, located: LocatedOperation): OperationPlan => {
  const { method, operation, path } = located
  const { name, resource } = Names.splitOperationId(operation.operationId)
  const parameters = operation.parameters ?? []
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => {
    const parameter = parameters.find((p) => p.in === "path" && p.name === match[1])
    if (parameter === undefined) throw new Error(`${operation.operationId}: no parameter for {${match[1]}}`)
    return parameter
  })
  const isList = operation["x-ordercloud-list-item"] !== undefined
  const listKeys = isList ? listParams.filter((key) => parameters.some((p) => p.in === "query" && p.name === key)) : []
  const queryParams = parameters.filter((p) =>
    p.in === "query" && !(isList && (listParams as ReadonlyArray<string>).includes(p.name))
  )
  const bodyEntry = operation.requestBody === undefined ? undefined : Object.entries(operation.requestBody.content)[0]
  const bodyRef = bodyEntry === undefined ? undefined : refOf(bodyEntry[1].schema)
  const partial = operation.requestBody?.["x-ordercloud-partial"] === true ||
    bodyEntry?.[1].schema["x-ordercloud-partial"] === true
  const responseRef = successModel(operation)
  const create = method === "post" && name.startsWith("create")
  let response: OperationPlan["response"] = { _tag: "None" }
  if (responseRef !== undefined) {
    const schema = document.components.schemas[responseRef]!
    response = isListPage(responseRef, schema)
      ? {
        _tag: "Page",
        model: schema["x-ordercloud-list-item"] ?? operation["x-ordercloud-list-item"]!,
        facets: responseRef.startsWith("ListPageWithFacets")
      }
      : { _tag: "Model", model: responseRef }
  }
  return {
    operationId: operation.operationId,
    resource,
    name,
    id: `${resource}.${name}`,
    method: method.toUpperCase(),
    path,
    pathParams,
    queryParams,
    listKeys,
    filters: operation["x-ordercloud-filters"] === true,
    searchable: operation["x-ordercloud-searchable"],
    sortable: operation["x-ordercloud-sortable"],
    body: bodyRef === undefined
      ? undefined
      : {
        model: bodyRef,
        variant: partial ? "patch" : "write",
        form: bodyEntry![0] === "application/x-www-form-urlencoded"
      },
    response,
    auth: !(Array.isArray(operation.security) && operation.security.length === 0),
    create,
    read: create ? readPathOf(document, path, responseRef) : undefined
  }
}

const ownXp = (plans: ReadonlyMap<string, ModelPlan>, model: string | undefined): boolean =>
  model !== undefined && plans.get(model)?.schema.properties?.["xp"] !== undefined

/**
 * Whether the model has `xp`, or embeds (as a field or an array's items) a
 * model that carries one: a call on it takes an `xp` option.
 */
const hasXp = (plans: ReadonlyMap<string, ModelPlan>, model: string | undefined, seen = new Set<string>()): boolean => {
  if (model === undefined || seen.has(model)) return false
  seen.add(model)
  if (ownXp(plans, model)) return true
  return Object.values(plans.get(model)?.schema.properties ?? {}).some((field) => {
    const inner = unwrap(field)
    return hasXp(plans, refOf(inner.items ?? inner), seen)
  })
}

/** Whether the model's write form has an `ID` (it is not read-only). */
const acceptsId = (plans: ReadonlyMap<string, ModelPlan>, model: string | undefined): boolean => {
  const id = model === undefined ? undefined : plans.get(model)?.schema.properties?.["ID"]
  return id !== undefined && id.readOnly !== true
}

const identifier = (name: string): string => Names.isReserved(name) ? `${name}_` : name

const valueType = (schema: SchemaObject, imports: Set<string>): string => {
  const ref = refOf(schema)
  if (ref !== undefined) {
    imports.add(ref)
    return ref
  }
  const inner = unwrap(schema)
  if (inner.enum !== undefined) return inner.enum.map((value) => JSON.stringify(value)).join(" | ")
  switch (inner.type) {
    case "boolean":
      return "boolean"
    case "integer":
    case "number":
      return "number"
    default:
      return inner.format === "date-time" ? "Date | string" : "string"
  }
}

/** The values a path or query parameter may take, when the description lists them (an enum). */
const choicesOf = (plans: ReadonlyMap<string, ModelPlan>, schema: SchemaObject): ReadonlyArray<string> | undefined => {
  const ref = refOf(schema)
  if (ref === undefined) return unwrap(schema).enum
  const plan = plans.get(ref)
  return plan?.isEnum === true ? plan.schema.enum : undefined
}

/** The list options an operation takes: its list parameters, and `filters` when it filters. */
const listOptionKeys = (plan: OperationPlan): ReadonlyArray<string> => [
  ...plan.listKeys,
  ...(plan.filters ? ["filters"] : [])
]

/**
 * OrderCloud's `depth` (how far down the category tree) is a number or
 * `"all"`, though the description says string.
 */
const queryType = (parameter: Parameter, imports: Set<string>): string =>
  parameter.name === "depth" ? `number | "all"` : valueType(parameter.schema, imports)

const fieldUnion = (fields: ReadonlyArray<string> | "any" | undefined): string =>
  fields === undefined || fields === "any" || fields.length === 0
    ? "string"
    : fields.map((field) => JSON.stringify(field)).join(" | ")

const doc = (lines: ReadonlyArray<string>): string =>
  ["/**", ...lines.map((line) => line === "" ? " *" : ` * ${line}`), " */"].join("\n")

/** `listAssignments` -> `ListAssignments`. */
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1)

/** The name of an operation's constant in its resource's internal module: `get$` (`delete$` is no reserved word). */
export const constantName = (plan: OperationPlan): string => `${plan.name}$`

/** The internal module holding a resource's operation constants, relative to `generated/`. */
export const operationsModule = (resource: string): string => `operations/${resource}`

/** `a`, `b` and `c`: items in prose. */
const prose = (items: ReadonlyArray<string>): string =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`

type Use = "ListOptions" | "ListPage" | "Stream" | "Xp" | "Session"

interface Emitted {
  /** Blocks of the resource module. */
  readonly blocks: Array<string>
  /** Blocks of the resource's internal module of operation constants. */
  readonly constants: Array<string>
  /** Entries of the resource's `withXp` object: functions with `xp` bound. */
  readonly bound: Array<string>
  /** Models (and their variants) the constants hold: value imports of the internal module. */
  readonly schemaImports: Map<string, Set<string>>
  /** Models (and their variants) the signatures name: type imports of the resource module. */
  readonly typeImports: Map<string, Set<string>>
  /** Models (enums) the path and query parameters are typed by: type imports of the resource module. */
  readonly valueImports: Set<string>
  /** Models whose decoder the constants hold. */
  readonly decoderImports: Set<string>
  readonly uses: Set<Use>
}

const add = (imports: Map<string, Set<string>>, model: string, name: string): void => {
  const names = imports.get(model) ?? new Set<string>()
  names.add(name)
  imports.set(model, names)
}

/** `name: (path..., body?, options) => fn(path..., body?, { ...options, xp })`. */
const boundEntry = (
  name: string,
  fn: string,
  params: ReadonlyArray<[string, string]>,
  optionsType: string,
  required: boolean
): string => {
  const args = params.map(([arg]) => arg)
  const options = `options: Omit<${optionsType}, "xp">${required ? "" : " = {}"}`
  return `  ${name}: (${[...params.map(([arg, type]) => `${arg}: ${type}`), options].join(", ")}) =>\n    ${fn}(${
    [...args, "{ ...options, xp }"].join(", ")
  })`
}

/** The doc comment of a query parameter's option. */
const queryDoc = (parameter: Parameter): string => {
  const required = parameter.required === true ? " (required)" : ""
  return parameter.name === "depth"
    ? `How far down the category tree: a whole number from 1, or \`"all"\`${required}.`
    : `The \`${parameter.name}\` query parameter${required}.`
}

const emitOperation = (plan: OperationPlan, plans: ReadonlyMap<string, ModelPlan>, out: Emitted): void => {
  const fn = identifier(plan.name)
  const constant = constantName(plan)
  const responseModel = plan.response._tag === "None" ? undefined : plan.response.model
  const bodyModel = plan.body === undefined ? undefined : variantName(plan.body.model, plan.body.variant)
  const xp = hasXp(plans, responseModel) || (plan.body !== undefined && hasXp(plans, plan.body.model))
  if (xp) out.uses.add("Xp")
  const isList = plan.listKeys.length > 0

  // The constant
  let responseExpr: string | undefined
  let responseType = "void"
  if (plan.response._tag !== "None") {
    add(out.schemaImports, plan.response.model, plan.response.model)
    add(out.typeImports, plan.response.model, plan.response.model)
    const itemType = hasXp(plans, plan.response.model)
      ? `Xp.Model<typeof ${plan.response.model}, X>`
      : plan.response.model
    // The model's generated decoder runs before its Schema (which decides when the decoder cannot).
    const decode: Array<string> = []
    if (hasDecoder(plans, plan.response.model)) {
      out.decoderImports.add(plan.response.model)
      decode.push(decoderName(plan.response.model))
    }
    if (plan.response._tag === "Page") {
      out.uses.add("ListPage")
      responseExpr = call("Runtime.page", plan.response.model, String(plan.response.facets), ...decode)
      responseType = `ListPage.${plan.response.facets ? "ListPageWithFacets" : "ListPage"}<${itemType}>`
    } else {
      responseExpr = call("Runtime.model", plan.response.model, ...decode)
      responseType = itemType
    }
  }
  if (plan.body !== undefined) {
    add(out.schemaImports, plan.body.model, bodyModel!)
    add(out.typeImports, plan.body.model, bodyModel!)
  }
  // Checked before sending, for callers the types do not reach (plain JavaScript).
  const choices = [...plan.pathParams, ...plan.queryParams].flatMap((parameter) => {
    const values = choicesOf(plans, parameter.schema)
    return values === undefined
      ? []
      : [`${Names.key(parameter.name)}: [${values.map((value) => JSON.stringify(value)).join(", ")}]`]
  })
  // Core may give a create an ID of the client's, and resend it, only when its body can name one.
  const createsWithId = plan.create && acceptsId(plans, plan.body?.model)
  const fields = [
    `id: ${JSON.stringify(plan.id)}`,
    `method: ${JSON.stringify(plan.method)}`,
    `path: ${JSON.stringify(plan.path)}`,
    ...(plan.path.startsWith("/oauth/") ? [`host: "auth"`] : []),
    // Asking again for a token has no side effect: retry may resend this POST.
    ...(plan.path === "/oauth/token" ? [`idempotent: true`] : []),
    ...(plan.auth ? [] : [`authenticated: false`]),
    ...(plan.body?.form === true ? [`bodyEncoding: "form"`] : []),
    ...(createsWithId ? [`create: true`] : []),
    ...(createsWithId && plan.read !== undefined ? [`read: ${JSON.stringify(plan.read)}`] : []),
    ...(plan.queryParams.length > 0
      ? [`queryParams: [${plan.queryParams.map((p) => JSON.stringify(p.name)).join(", ")}]`]
      : []),
    ...(isList ? [`list: [${listOptionKeys(plan).map((key) => JSON.stringify(key)).join(", ")}]`] : []),
    ...(choices.length > 0 ? [`choices: { ${choices.join(", ")} }`] : []),
    ...(bodyModel === undefined ? [] : [`body: ${bodyModel}`]),
    ...(responseExpr === undefined ? [] : [`response: ${responseExpr}`])
  ]
  const route = `${plan.method} ${plan.path.startsWith("/oauth/") ? "" : "/v1"}${plan.path}`
  out.constants.push(
    [
      doc([`\`${plan.id}\`, \`${route}\`.`, "@internal"]),
      `export const ${constant} = ${call("Runtime.operation", `{\n  ${fields.join(",\n  ")}\n}`)}`
    ].join("\n")
  )

  // `X` is checked against the model the option types: the answer's, else the body's. Without
  // an xp of its own (a worksheet), the default leaves every embedded xp unknown.
  const [xpModel, xpSchema] = hasXp(plans, responseModel)
    ? [responseModel, responseModel]
    : [plan.body?.model, bodyModel]
  const generic = xp
    ? `<X extends Xp.Option<typeof ${xpSchema}> = ${ownXp(plans, xpModel) ? "Xp.Unknown" : "Xp.None"}>`
    : ""
  const typeArgs = xp ? "<X>" : ""

  // The options type
  const optionsName = `${pascal(plan.name)}Options`
  const bases = [`Runtime.CallOptions${typeArgs}`]
  if (isList) {
    out.uses.add("ListOptions")
    const keys = listOptionKeys(plan).map((key) => JSON.stringify(key)).join(" | ")
    // Filters typed by the list item (its xp by `X`), so a misspelt field does not compile.
    const filters = plan.filters && plan.response._tag === "Page"
      ? `, CoreListOptions.FiltersFor<${
        hasXp(plans, plan.response.model) ? `Xp.Model<typeof ${plan.response.model}, X>` : plan.response.model
      }>`
      : ""
    bases.push(
      `Pick<CoreListOptions.ListOptions<${fieldUnion(plan.searchable)}, ${
        fieldUnion(plan.sortable)
      }${filters}>, ${keys}>`
    )
  }
  const members = plan.queryParams.map((p) =>
    `  /** ${queryDoc(p)} */\n  readonly ${Names.key(p.name)}${p.required === true ? "" : "?"}: ${
      queryType(p, out.valueImports)
    }${p.required === true ? "" : " | undefined"}`
  )
  const holds = [
    ...(plan.queryParams.length > 0 ? ["query parameters"] : []),
    ...(isList ? ["list options"] : []),
    ...(xp ? ["`xp`"] : []),
    "`headers`"
  ]
  out.blocks.push(
    [
      doc([`The options of \`${plan.id}\`: ${prose(holds)}.`, "", "@since 0.1.0", "@category options"]),
      `export interface ${optionsName}${generic} extends ${bases.join(", ")} {${
        members.length === 0 ? "" : `\n${members.join("\n")}\n`
      }}`
    ].join("\n")
  )

  // The function
  const pathParams: Array<[string, string]> = plan.pathParams.map((p) => [
    identifier(p.name),
    valueType(p.schema, out.valueImports)
  ])
  const params: Array<[string, string]> = [...pathParams]
  if (bodyModel !== undefined) {
    params.push(["body", hasXp(plans, plan.body!.model) ? `Xp.Model<typeof ${bodyModel}, X>` : bodyModel])
  }
  const requiredOptions = plan.queryParams.some((p) => p.required === true)
  const requirements = plan.auth ? "Requirements" : "OrderCloudClient.OrderCloudClient"
  const pathRecord = plan.pathParams.length === 0
    ? "{}"
    : `{ ${
      plan.pathParams.map((p) => identifier(p.name) === p.name ? p.name : `${Names.key(p.name)}: ${identifier(p.name)}`)
        .join(", ")
    } }`
  const verb = isList ? "Lists, one page at a time:" : "Runs"
  out.blocks.push(
    [
      doc([
        `${verb} \`${plan.id}\`, \`${route}\`.`,
        ...(xp
          ? [
            "",
            "Pass `xp` (a Schema, or an object of them for embedded models) to check and type extended properties."
          ]
          : []),
        "",
        "@since 0.1.0",
        `@category ${isList ? "list" : plan.method === "GET" ? "read" : "write"}`
      ]),
      `${fn === plan.name ? "export " : ""}const ${fn} = ${generic}(\n  ${
        [
          ...params.map(([name, type]) => `${name}: ${type}`),
          `options: ${optionsName}${typeArgs}${requiredOptions ? "" : " = {}"}`
        ].join(",\n  ")
      }\n): Effect.Effect<${responseType}, OrderCloudError.OrderCloudError, ${requirements}> =>`,
      `  Runtime.execute(${constant}, ${pathRecord}, ${bodyModel === undefined ? "undefined" : "body"}, options)`
    ].join("\n")
  )
  if (fn !== plan.name) out.blocks.push(`export { ${fn} as ${plan.name} }`)
  // A resource's `withXp` binds one Schema: for the models with an xp of their own.
  const bindable = xp && ownXp(plans, xpModel)
  if (bindable) out.bound.push(boundEntry(plan.name, fn, params, `${optionsName}<X>`, requiredOptions))

  if (plan.response._tag === "Page") {
    out.uses.add("Stream")
    const allName = plan.name === "list" ? "listAll" : `listAll${plan.name.slice("list".length)}`
    const allOptions = `${pascal(allName)}Options`
    const itemType = hasXp(plans, plan.response.model)
      ? `Xp.Model<typeof ${plan.response.model}, X>`
      : plan.response.model
    const lastId = plan.filters && plan.sortable !== undefined &&
      (plan.sortable === "any" || plan.sortable.includes("ID"))
    out.blocks.push(
      [
        doc([
          `The options of \`${plan.resource}.${allName}\`: those of \`${plan.name}\` less the page it asks for,`,
          `and how it pages.`,
          "",
          "@since 0.1.0",
          "@category options"
        ]),
        `export interface ${allOptions}${generic} extends Omit<${optionsName}${typeArgs}, "page" | "pageKey">, Runtime.${
          lastId ? "LastIdPaging" : "Paging"
        } {}`
      ].join("\n")
    )
    out.blocks.push(
      [
        doc([
          `Every item of \`${plan.id}\` as a Stream, fetching pages as they are consumed`,
          `(at most one page held)${lastId ? `; \`paging: "lastId"\` pages by ID for deep lists` : ""}.`,
          "",
          "@since 0.1.0",
          "@category list"
        ]),
        `export const ${allName} = ${generic}(\n  ${
          [
            ...pathParams.map(([name, type]) => `${name}: ${type}`),
            `options: ${allOptions}${typeArgs}${requiredOptions ? "" : " = {}"}`
          ].join(",\n  ")
        }\n): Stream.Stream<${itemType}, OrderCloudError.OrderCloudError | Pagination.PaginationError, ${requirements}> =>`,
        `  Runtime.${lastId ? "allByPageOrLastId" : "allByPage"}(${constant}, (request) => ${fn}${typeArgs}(${
          [...pathParams.map(([name]) => name), "request"].join(", ")
        }), options)`
      ].join("\n")
    )
    if (bindable) out.bound.push(boundEntry(allName, allName, pathParams, `${allOptions}<X>`, requiredOptions))
  }
}

const importLines = (
  imports: ReadonlyMap<string, ReadonlySet<string>>,
  from: string,
  typeOnly: boolean
): Array<string> =>
  [...imports.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, names]) =>
      `import ${typeOnly ? "type " : ""}{ ${[...names].sort().join(", ")} } from "${from}/${model}.js"`
    )

export interface ResourceFiles {
  /** The public module: the functions and their options types. */
  readonly module: string
  /** The internal module of operation constants, shared with the operation table. */
  readonly operations: string
}

/** One resource: its public module and its internal module of operation constants. */
export const emitResource = (
  resource: string,
  operations: ReadonlyArray<OperationPlan>,
  plans: ReadonlyMap<string, ModelPlan>,
  header: string
): ResourceFiles => {
  const out: Emitted = {
    blocks: [],
    constants: [],
    bound: [],
    schemaImports: new Map(),
    typeImports: new Map(),
    valueImports: new Set(),
    decoderImports: new Set(),
    uses: new Set()
  }
  for (const plan of operations) emitOperation(plan, plans, out)
  if (out.bound.length > 0) {
    out.blocks.push(
      [
        doc([
          `The functions of ${resource} that read or write \`xp\`, with one xp Schema bound for all of them:`,
          `\`const Typed = ${resource}.withXp(MyXp)\`, then \`Typed.${out.bound[0]!.trim().split(":")[0]}(...)\`.`,
          "",
          "@since 0.1.0",
          "@category xp"
        ]),
        `export const withXp = <X extends Xp.Any>(xp: X) => ({\n${out.bound.join(",\n")}\n})`
      ].join("\n")
    )
  }
  for (const model of out.valueImports) add(out.typeImports, model, model)
  const needsSession = operations.some((plan) => plan.auth)
  const imports = [
    `import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"`,
    `import type * as OrderCloudError from "@ordercloud-effect/core/OrderCloudError"`,
    ...(needsSession ? [`import type * as Session from "@ordercloud-effect/core/Session"`] : []),
    // Aliased: a resource's `ListOptions` is the options of its `list`.
    ...(out.uses.has("ListOptions")
      ? [`import type * as CoreListOptions from "@ordercloud-effect/core/ListOptions"`]
      : []),
    ...(out.uses.has("ListPage") ? [`import type * as ListPage from "@ordercloud-effect/core/ListPage"`] : []),
    `import type * as Effect from "effect/Effect"`,
    ...(out.uses.has("Stream") ? [`import type * as Stream from "effect/Stream"`] : []),
    `import * as Runtime from "../internal/runtime.js"`,
    ...(out.uses.has("Stream") ? [`import type * as Pagination from "../Pagination.js"`] : []),
    ...(out.uses.has("Xp") ? [`import type * as Xp from "../Xp.js"`] : []),
    `import { ${operations.map(constantName).sort().join(", ")} } from "./${operationsModule(resource)}.js"`,
    ...importLines(out.typeImports, "./models", true)
  ]
  const module = [
    header,
    doc([`${resource}: every operation of the OrderCloud \`${resource}\` resource.`, "", "@since 0.1.0"]),
    imports.join("\n"),
    "",
    ...(needsSession ? ["type Requirements = OrderCloudClient.OrderCloudClient | Session.Session", ""] : []),
    out.blocks.join("\n\n"),
    ""
  ].join("\n")
  const constants = [
    header,
    doc([
      `The operations of \`${resource}\`, one constant each: what core runs, and what the runtime reads to check`,
      `options and type \`xp\`. The resource module and the operation table share them.`,
      "",
      "@internal"
    ]),
    [
      `import * as Runtime from "../../internal/runtime.js"`,
      ...[...out.decoderImports].sort().map((model) =>
        `import { ${decoderName(model)} } from "../decoders/${model}.js"`
      ),
      ...importLines(out.schemaImports, "../models", false)
    ].join("\n"),
    "",
    out.constants.join("\n\n"),
    ""
  ].join("\n")
  return { module, operations: constants }
}
