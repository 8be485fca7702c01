/**
 * The API description the sandbox is built from, as an OpenAPI 3.1
 * document (`GET /v1/openapi/v3`, where OrderCloud serves its own).
 *
 * Built from the operation table and its model Schemas, not read from
 * `spec/ordercloud/openapi.json`: the sandbox already holds both (it
 * routes and validates with them), so the document costs no bytes in a
 * bundle beyond Effect's `JSONSchema`, and it describes exactly what this
 * sandbox answers. It is built on the first request (a few hundred
 * milliseconds) and kept by the sandbox.
 *
 * What it carries: every operation (method, path, `operationId`, tag, path
 * and query parameters, the list options of list operations, the body and
 * the response as JSON Schema components named after OrderCloud's models,
 * OrderCloud's error body for every other status), the bearer scheme, and
 * the `/oauth/*` operations on the host root. What it lacks next to
 * OrderCloud's: prose, and the `x-ordercloud-*` extensions.
 * @internal
 */
import type { Entry } from "@ordercloud-effect/resources/OperationTable"
import * as JSONSchema from "effect/JSONSchema"
import type * as Schema from "effect/Schema"

type Json = Record<string, unknown>

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` })

const listParameters = (entry: Entry): ReadonlyArray<Json> => {
  const list = entry.list
  if (list === undefined) return []
  const query = (name: string, schema: Json) => ({ name, in: "query", required: false, schema })
  const parameters: Array<Json> = [
    query("page", { type: "integer", minimum: 1, default: 1 }),
    query("pageSize", { type: "integer", minimum: 1, maximum: 100, default: 20 })
  ]
  if (list.searchable === "any" || list.searchable.length > 0) {
    parameters.push(
      query("search", { type: "string" }),
      { ...query("searchOn", { type: "array", items: { type: "string" } }), style: "form", explode: false },
      query("searchType", {
        type: "string",
        enum: ["AnyTerm", "AllTermsAnyField", "AllTermsSameField", "ExactPhrase", "ExactPhrasePrefix"]
      })
    )
  }
  if (list.sortable === "any" || list.sortable.length > 0) {
    parameters.push({ ...query("sortBy", { type: "array", items: { type: "string" } }), style: "form", explode: false })
  }
  if (list.filters) {
    // Free-form `Field=value` and `xp.Path=value` filters.
    parameters.push({
      name: "filters",
      in: "query",
      required: false,
      style: "form",
      explode: true,
      schema: { type: "object", additionalProperties: { type: "string" } }
    })
  }
  return parameters
}

const parametersOf = (entry: Entry): ReadonlyArray<Json> => [
  ...[...entry.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: name === "direction" ? { type: "string", enum: ["Incoming", "Outgoing", "All"] } : { type: "string" }
  })),
  ...entry.query.map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
  ...listParameters(entry)
]

/** @internal */
export const build = (entries: ReadonlyArray<Entry>, baseUrl: string): Json => {
  const schemas: Record<string, unknown> = {}
  // Where JSONSchema puts models that carry an identifier; none do today.
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  const model = (name: string, schema: Schema.Schema.AnyNoContext): string => {
    if (!(name in schemas)) {
      schemas[name] = JSONSchema.fromAST(schema.ast, {
        definitions,
        definitionPath: "#/components/schemas/",
        target: "openApi3.1",
        topLevelReferenceStrategy: "skip",
        // OrderCloud adds fields over time; a client ignores those it does not know.
        additionalPropertiesStrategy: "allow"
      })
    }
    return name
  }
  const page = (item: string, facets: boolean): string => {
    const name = `ListPage${facets ? "WithFacets" : ""}${item}`
    schemas[name] ??= {
      type: "object",
      required: ["Meta", "Items"],
      properties: {
        Meta: schemaRef(facets ? "MetaWithFacets" : "Meta"),
        Items: { type: "array", items: schemaRef(item) }
      }
    }
    return name
  }
  const components: Components = { model, page }
  const meta = {
    Page: { type: "integer" },
    PageSize: { type: "integer" },
    TotalCount: { type: "integer" },
    TotalPages: { type: "integer" },
    ItemRange: { type: "array", items: { type: "integer" } },
    NextPageKey: { type: ["string", "null"] }
  }
  schemas["Meta"] = { type: "object", properties: meta }
  schemas["MetaWithFacets"] = {
    type: "object",
    properties: {
      ...meta,
      Facets: {
        type: "array",
        items: {
          type: "object",
          properties: {
            Name: { type: "string" },
            XpPath: { type: "string" },
            Values: {
              type: "array",
              items: { type: "object", properties: { Value: { type: "string" }, Count: { type: "integer" } } }
            },
            xp: {}
          }
        }
      }
    }
  }
  schemas["ApiError"] = {
    type: "object",
    required: ["Errors"],
    properties: {
      Errors: {
        type: "array",
        items: {
          type: "object",
          properties: { ErrorCode: { type: "string" }, Message: { type: "string" }, Data: {} }
        }
      }
    }
  }

  const paths: Record<string, Json> = {}
  for (const entry of entries) {
    const operation: Json = {
      operationId: entry.operationId,
      tags: [entry.resource],
      parameters: parametersOf(entry),
      responses: responsesOf(entry, components)
    }
    if (!entry.authenticated) operation["security"] = []
    if (entry.body !== undefined) {
      const name = components.model(
        `${entry.body.model}${entry.body.variant === "patch" ? "Patch" : "Write"}`,
        entry.body.schema
      )
      const type = entry.body.form ? "application/x-www-form-urlencoded" : "application/json"
      operation["requestBody"] = { required: true, content: { [type]: { schema: schemaRef(name) } } }
    }
    const item: Json = paths[entry.path] ??= entry.host === "auth" ? { servers: [{ url: baseUrl }] } : {}
    item[entry.method.toLowerCase()] = operation
  }
  return {
    openapi: "3.1.0",
    info: { title: "OrderCloud (sandbox)", version: "1.0" },
    servers: [{ url: `${baseUrl}/v1` }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: { ...definitions, ...schemas },
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } }
    }
  }
}

interface Components {
  /** The component named `name` for `schema`, added on first use. */
  readonly model: (name: string, schema: Schema.Schema.AnyNoContext) => string
  /** `ListPage<Item>`: `Meta` (with `Facets` where the list has them) and the items. */
  readonly page: (item: string, facets: boolean) => string
}

const responsesOf = (entry: Entry, components: Components): Json => {
  const errors = {
    default: {
      description: "OrderCloud's error body",
      content: { "application/json": { schema: schemaRef("ApiError") } }
    }
  }
  const json = (schema: Json) => ({ content: { "application/json": { schema } } })
  const response = entry.response
  switch (response._tag) {
    case "None":
      return { "204": { description: "Done" }, ...errors }
    case "Model":
      return {
        [entry.method === "POST" ? "201" : "200"]: {
          description: response.model,
          ...json(schemaRef(components.model(response.model, response.schema)))
        },
        ...errors
      }
    case "Page": {
      const page = components.page(components.model(response.model, response.item), response.facets)
      return { "200": { description: page, ...json(schemaRef(page)) }, ...errors }
    }
  }
}
