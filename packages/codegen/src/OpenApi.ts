/**
 * The parts of an OpenAPI 3.0 document the generator reads, with the
 * OrderCloud vendor extensions the description carries.
 */

export interface SchemaObject {
  readonly type?: "string" | "integer" | "number" | "boolean" | "array" | "object"
  readonly format?: string
  readonly nullable?: boolean
  readonly readOnly?: boolean
  readonly writeOnly?: boolean
  readonly required?: ReadonlyArray<string>
  readonly properties?: Readonly<Record<string, SchemaObject>>
  readonly items?: SchemaObject
  readonly $ref?: string
  readonly allOf?: ReadonlyArray<SchemaObject>
  readonly oneOf?: ReadonlyArray<SchemaObject>
  readonly enum?: ReadonlyArray<string>
  readonly maxLength?: number
  readonly pattern?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly additionalProperties?: boolean | SchemaObject
  readonly "x-ordercloud-xp"?: boolean
  readonly "x-ordercloud-partial"?: boolean
  readonly "x-ordercloud-list-item"?: string
}

export interface Parameter {
  readonly name: string
  readonly in: "path" | "query" | "header"
  readonly required?: boolean
  readonly schema: SchemaObject
}

export interface MediaType {
  readonly schema: SchemaObject
}

export interface Operation {
  readonly operationId: string
  readonly tags: ReadonlyArray<string>
  readonly parameters?: ReadonlyArray<Parameter>
  readonly requestBody?: {
    readonly content: Readonly<Record<string, MediaType>>
    readonly "x-ordercloud-partial"?: boolean
  }
  readonly responses: Readonly<Record<string, { readonly content?: Readonly<Record<string, MediaType>> }>>
  readonly security?: ReadonlyArray<unknown>
  readonly "x-ordercloud-filters"?: boolean
  readonly "x-ordercloud-searchable"?: ReadonlyArray<string> | "any"
  readonly "x-ordercloud-sortable"?: ReadonlyArray<string> | "any"
  readonly "x-ordercloud-list-item"?: string
  readonly "x-ordercloud-base"?: "auth"
}

export interface Document {
  readonly openapi: string
  readonly info: { readonly title: string; readonly version: string }
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation | unknown>>>>
  readonly components: { readonly schemas: Readonly<Record<string, SchemaObject>> }
}

export const methods = ["get", "post", "put", "patch", "delete"] as const

export interface LocatedOperation {
  readonly path: string
  readonly method: (typeof methods)[number]
  readonly operation: Operation
}

/** Every operation, in the document's order of paths and then methods. */
export const operations = (document: Document): Array<LocatedOperation> =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method] as Operation | undefined
      return operation === undefined ? [] : [{ path, method, operation }]
    })
  )

/** The name a `$ref` points to (`#/components/schemas/Product` -> `Product`). */
export const refName = (ref: string): string => ref.slice(ref.lastIndexOf("/") + 1)

/** The schema a property stands for once `allOf: [one]` wrappers are looked through. */
export const unwrap = (schema: SchemaObject): SchemaObject =>
  schema.allOf !== undefined && schema.allOf.length === 1 ? schema.allOf[0]! : schema
