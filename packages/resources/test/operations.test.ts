/**
 * Every operation of the API description, called through its generated
 * function against an in-process recorder: the method, the path (each
 * parameter percent-encoded), the query and the body must be what the
 * description says. Expectations come from the description, not from the
 * generator.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import * as Resources from "../src/index.js"
import { authUrl, baseUrl, json, recorder, token } from "./utils/server.js"

interface SchemaObject {
  readonly type?: string
  readonly format?: string
  readonly $ref?: string
  readonly allOf?: ReadonlyArray<SchemaObject>
  readonly enum?: ReadonlyArray<string>
  readonly required?: ReadonlyArray<string>
  readonly properties?: Record<string, SchemaObject & { readonly readOnly?: boolean }>
  readonly minimum?: number
  readonly maxLength?: number
  readonly "x-ordercloud-partial"?: boolean
  readonly "x-ordercloud-list-item"?: string
}
interface Parameter {
  readonly name: string
  readonly in: string
  readonly required?: boolean
  readonly schema: SchemaObject
}
interface Operation {
  readonly operationId: string
  readonly parameters?: ReadonlyArray<Parameter>
  readonly requestBody?: {
    readonly content: Record<string, { readonly schema: SchemaObject }>
    readonly "x-ordercloud-partial"?: boolean
  }
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema: SchemaObject }> }>
  readonly security?: ReadonlyArray<unknown>
  readonly "x-ordercloud-filters"?: boolean
  readonly "x-ordercloud-list-item"?: string
}
interface Document {
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: { readonly schemas: Record<string, SchemaObject> }
}

// The description the generated code comes from, kept in the repository.
const document: Document = JSON.parse(
  readFileSync(new URL("../../../spec/ordercloud/openapi.json", import.meta.url), "utf8")
)

const listParams = new Set(["search", "searchOn", "searchType", "sortBy", "page", "pageSize", "pageKey"])

const resolve = (schema: SchemaObject): SchemaObject => schema.allOf?.length === 1 ? resolve(schema.allOf[0]!) : schema

const refName = (schema: SchemaObject): string | undefined => {
  const ref = resolve(schema).$ref
  return ref === undefined ? undefined : ref.slice(ref.lastIndexOf("/") + 1)
}

/** The smallest body the description accepts: required fields with plain values. */
const example = (schema: SchemaObject, doc: Document, partial: boolean): unknown => {
  const name = refName(schema)
  if (name !== undefined) return example(doc.components.schemas[name]!, doc, partial)
  const inner = resolve(schema)
  if (inner.enum !== undefined) return inner.enum[0]
  switch (inner.type) {
    case "string":
      return inner.format === "date-time"
        ? new Date("2024-01-02T03:04:05.000Z")
        : "value-1".slice(0, inner.maxLength ?? Infinity)
    case "integer":
      return Math.max(1, inner.minimum ?? 1)
    case "number":
      return 1.5
    case "boolean":
      return true
    case "array":
      return []
    case "object": {
      if (inner.properties === undefined) return {}
      const writable = Object.entries(inner.properties).filter(([, p]) => p.readOnly !== true)
      // A PATCH body: one plain field, to see it sent; a write body: every required field.
      const chosen = partial
        ? writable.filter(([, p]) => resolve(p).type === "string" && resolve(p).format === undefined).slice(0, 1)
        : writable.filter(([field]) => inner.required?.includes(field))
      return Object.fromEntries(chosen.map(([field, p]) => [field, example(p, doc, false)]))
    }
    default:
      return {}
  }
}

const pathValue = (parameter: Parameter, doc: Document): string => {
  const name = refName(parameter.schema)
  return name === undefined ? `${parameter.name} 1/./?#%` : doc.components.schemas[name]!.enum![0]!
}

const queryValue = (parameter: Parameter, doc: Document): [unknown, string] => {
  const name = refName(parameter.schema)
  const schema = name === undefined ? parameter.schema : doc.components.schemas[name]!
  if (schema.enum !== undefined) return [schema.enum[0], schema.enum[0]!]
  // The description says string; OrderCloud takes a number or "all", as the functions do.
  if (parameter.name === "depth") return [2, "2"]
  switch (schema.type) {
    case "boolean":
      return [false, "false"]
    case "integer":
      return [3, "3"]
    default:
      return schema.format === "date-time"
        ? [new Date("2024-05-06T07:08:09.000Z"), "2024-05-06T07:08:09.000Z"]
        : [`${parameter.name} & more`, `${parameter.name} & more`]
  }
}

const cases = Object.entries(document.paths).flatMap(([path, item]) =>
  (["get", "post", "put", "patch", "delete"] as const).flatMap((method) =>
    item[method] === undefined ? [] : [{ path, method, operation: item[method] }]
  )
)

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1)

type AnyFunction = (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown, never>

describe("every operation of the API description", () => {
  it("has a generated function, and the counts match", () => {
    assert.strictEqual(cases.length, 620)
    for (const { operation } of cases) {
      const [resource, name] = operation.operationId.split(".") as [string, string]
      const module = (Resources as unknown as Record<string, Record<string, unknown>>)[resource]
      assert.isFunction(module?.[camel(name)], operation.operationId)
    }
  })

  it("the operation table lists each of them with its method, path and whether it takes a token", () => {
    const table = Resources.OperationTable.entries
    assert.deepStrictEqual(
      table.map((entry) => `${entry.operationId} ${entry.method} ${entry.path} ${entry.authenticated}`),
      cases.map(({ method, operation, path }) =>
        `${operation.operationId} ${method.toUpperCase()} ${path} ${!(Array.isArray(operation.security) &&
          operation.security.length === 0)}`
      )
    )
    const products = table.find((entry) => entry.id === "Products.list")!
    assert.strictEqual(products.list?.item, "Product")
    assert.strictEqual(products.response._tag, "Page")
  })

  for (const { method, operation, path } of cases) {
    it.effect(`${operation.operationId}: ${method.toUpperCase()} ${path}`, () => {
      const [resource, name] = operation.operationId.split(".") as [string, string]
      const fn = (Resources as unknown as Record<string, Record<string, AnyFunction>>)[resource]![camel(name)]!
      const parameters = operation.parameters ?? []
      const isList = operation["x-ordercloud-list-item"] !== undefined

      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) =>
        parameters.find((p) => p.in === "path" && p.name === m[1])!
      )
      const pathValues = pathParams.map((p) => pathValue(p, document))
      const expectedPath = pathParams.reduce(
        (acc, p, i) => acc.replace(`{${p.name}}`, encodeURIComponent(pathValues[i]!)),
        path
      )

      const options: Record<string, unknown> = {}
      const expectedQuery: Array<[string, string]> = []
      if (isList) {
        options.page = 2
        options.pageSize = 5
        expectedQuery.push(["page", "2"], ["pageSize", "5"])
        if (operation["x-ordercloud-filters"] === true) {
          options.filters = { xp: { Color: "red|blue" } }
        }
      }
      for (const parameter of parameters.filter((p) => p.in === "query" && !(isList && listParams.has(p.name)))) {
        const [value, sent] = queryValue(parameter, document)
        options[parameter.name] = value
        expectedQuery.push([parameter.name, sent])
      }
      if (options.filters !== undefined) expectedQuery.push(["xp.Color", "red|blue"])

      const bodyEntry = operation.requestBody === undefined
        ? undefined
        : Object.entries(operation.requestBody.content)[0]
      const partial = operation.requestBody?.["x-ordercloud-partial"] === true ||
        bodyEntry?.[1].schema["x-ordercloud-partial"] === true
      const body = bodyEntry === undefined ? undefined : example(bodyEntry[1].schema, document, partial)

      const success = Object.entries(operation.responses).find(([code]) => code.startsWith("2"))!
      const responseRef = success[1].content === undefined
        ? undefined
        : refName(success[1].content["application/json"]!.schema)
      const isPage = responseRef !== undefined &&
        document.components.schemas[responseRef]!["x-ordercloud-list-item"] !== undefined
      const srv = recorder(() =>
        responseRef === undefined
          ? new Response(null, { status: 204 })
          : isPage
          ? json(200, { Meta: { Page: 2, PageSize: 5, TotalCount: 0, TotalPages: 0, ItemRange: [0, 0] }, Items: [] })
          : json(Number(success[0]), {})
      )

      const args = [...pathValues, ...(bodyEntry === undefined ? [] : [body]), options]
      return Effect.gen(function*() {
        yield* fn(...args)
        assert.strictEqual(srv.requests.length, 1)
        const sent = srv.requests[0]!
        assert.strictEqual(sent.method, method.toUpperCase())
        const origin = path.startsWith("/oauth/") ? authUrl : baseUrl
        assert.strictEqual(
          `${sent.url.origin}${sent.url.pathname}`,
          `${origin}${path.startsWith("/oauth/") ? "" : "/v1"}${expectedPath}`
        )
        assert.deepStrictEqual([...sent.url.searchParams].sort(), expectedQuery.sort())
        if (options.filters !== undefined) assert.include(sent.url.search, "xp.Color=red%7Cblue")
        if (bodyEntry === undefined) {
          assert.strictEqual(sent.body, "")
        } else if (bodyEntry[0] === "application/x-www-form-urlencoded") {
          assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(sent.body)), body)
        } else {
          assert.deepStrictEqual(JSON.parse(sent.body), JSON.parse(JSON.stringify(body)))
        }
        const unauthenticated = Array.isArray(operation.security) && operation.security.length === 0
        assert.strictEqual(sent.headers.get("authorization"), unauthenticated ? null : `Bearer ${token}`)
      }).pipe(Effect.provide(srv.layer))
    })
  }
})
