import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { defaultSource } from "../src/Cli.js"
import { compare, generate, header } from "../src/Generate.js"
import { sharedFields } from "../src/Models.js"
import * as Names from "../src/Names.js"
import type { Document } from "../src/OpenApi.js"
import { operations } from "../src/OpenApi.js"

const description: Document = JSON.parse(readFileSync(defaultSource, "utf8"))

/** The block of one operation constant in a resource's internal module. */
const constant = (files: ReadonlyMap<string, string>, resource: string, name: string): string => {
  const module = files.get(`generated/operations/${resource}.ts`)!
  const start = module.indexOf(`export const ${name} = `)
  return module.slice(start, module.indexOf("\n})", start))
}

/** A description small enough to read the output of. */
const tiny: Document = {
  openapi: "3.0.3",
  info: { title: "tiny", version: "1.2.3" },
  components: {
    schemas: {
      Widget: {
        type: "object",
        required: ["Name"],
        properties: {
          ID: { type: "string", nullable: true, pattern: "^[A-Za-z0-9_-]*$" },
          Name: { type: "string", nullable: true, maxLength: 100 },
          Count: { type: "integer", readOnly: true },
          Secret: { type: "string", writeOnly: true },
          xp: { type: "object", additionalProperties: true, "x-ordercloud-xp": true, nullable: true }
        }
      },
      Gadget: {
        type: "object",
        properties: {
          ID: { type: "string", readOnly: true },
          Name: { type: "string", nullable: true }
        }
      },
      ListPageWidget: {
        type: "object",
        properties: { Items: { type: "array", items: { $ref: "#/components/schemas/Widget" } } },
        "x-ordercloud-list-item": "Widget"
      }
    }
  },
  paths: {
    "/widgets": {
      get: {
        operationId: "Widgets.List",
        tags: ["Widgets"],
        parameters: [
          { name: "page", in: "query", schema: { type: "integer" } },
          { name: "sortBy", in: "query", schema: { type: "array" } },
          { name: "depth", in: "query", schema: { type: "string" } }
        ],
        "x-ordercloud-filters": true,
        "x-ordercloud-sortable": ["ID", "Name"],
        "x-ordercloud-list-item": "Widget",
        responses: {
          "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/ListPageWidget" } } } }
        }
      },
      post: {
        operationId: "Widgets.Create",
        tags: ["Widgets"],
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } } },
        responses: { "201": { content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } } } }
      }
    },
    "/widgets/{widgetID}": {
      get: {
        operationId: "Widgets.Get",
        tags: ["Widgets"],
        parameters: [{ name: "widgetID", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } } } }
      },
      delete: {
        operationId: "Widgets.Delete",
        tags: ["Widgets"],
        parameters: [{ name: "widgetID", in: "path", required: true, schema: { type: "string" } }],
        responses: { "204": {} }
      }
    },
    "/gadgets": {
      post: {
        operationId: "Gadgets.Create",
        tags: ["Gadgets"],
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Gadget" } } } },
        responses: { "201": { content: { "application/json": { schema: { $ref: "#/components/schemas/Gadget" } } } } }
      }
    },
    "/gadgets/{gadgetID}": {
      get: {
        operationId: "Gadgets.Get",
        tags: ["Gadgets"],
        parameters: [{ name: "gadgetID", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Gadget" } } } } }
      }
    }
  }
}

describe("generate", () => {
  it("is deterministic: the same description gives the same bytes", () => {
    const first = generate(tiny)
    const second = generate(structuredClone(tiny))
    assert.deepStrictEqual([...first.files], [...second.files])
  })

  it("puts the generated-file header, naming the command and the description's version, on every file", () => {
    const { files } = generate(tiny)
    assert.include(header(tiny), "pnpm codegen")
    assert.include(header(tiny), "1.2.3")
    for (const [path, content] of files) assert.isTrue(content.startsWith(header(tiny)), path)
  })

  it("writes the read, write and patch forms a model needs, with the description's rules", () => {
    const widget = generate(tiny).files.get("generated/models/Widget.ts")!
    // read: read-only kept, write-only left out, everything optional
    assert.match(widget, /export const Widget = [^]*Count: Fields\.Optional/)
    assert.notMatch(widget.slice(0, widget.indexOf("export const WidgetWrite")), /Secret/)
    // write: read-only left out, the required name required and limited, the ID rule checked
    const write = widget.slice(widget.indexOf("export const WidgetWrite"))
    assert.notInclude(write, "Count:")
    assert.include(write, "Secret:")
    assert.include(write, "Name: /* @__PURE__ */ Schema.String.pipe(/* @__PURE__ */ Schema.maxLength(100))")
    assert.include(write, `new RegExp("^[A-Za-z0-9_-]*$")`)
    assert.include(write, "xp: Fields.OptionalNullableXp")
  })

  it("names functions in camelCase, exports reserved words under their own name, and types sortBy and filters", () => {
    const widgets = generate(tiny).files.get("generated/Widgets.ts")!
    assert.include(widgets, "export const list = ")
    assert.include(widgets, "export const listAll = ")
    assert.include(widgets, "export const create = ")
    assert.include(widgets, "const delete_ = (\n  widgetID: string,")
    assert.include(widgets, "export { delete_ as delete }")
    assert.include(
      widgets,
      `CoreListOptions.ListOptions<string, "ID" | "Name", CoreListOptions.FiltersFor<Xp.Model<typeof Widget, X>>>`
    )
    assert.include(widgets, "`DELETE /v1/widgets/{widgetID}`")
  })

  it("types depth as OrderCloud takes it, a number or \"all\", though the description says string", () => {
    const widgets = generate(tiny).files.get("generated/Widgets.ts")!
    assert.include(widgets, `readonly depth?: number | "all" | undefined`)
  })

  it("lists in each list operation the list options it takes, for the runtime to refuse others", () => {
    const list = constant(generate(tiny).files, "Widgets", "list$")
    assert.include(list, `queryParams: ["depth"]`)
    assert.include(list, `list: ["sortBy", "page", "filters"]`)
  })

  it("lists the values of each path or query parameter that has a fixed set, for the runtime to refuse others", () => {
    const files = generate(description).files
    assert.include(constant(files, "Orders", "list$"), `choices: { direction: ["Incoming", "Outgoing", "All"] }`)
    assert.include(constant(files, "Products", "listAssignments$"), `choices: { level: ["Group", "Company"] }`)
    assert.notInclude(constant(files, "Products", "get$"), "choices")
  })

  it("marks the token request safe to resend: asking again for a token has no side effect", () => {
    const files = generate(description).files
    assert.include(constant(files, "Auth", "token$"), "idempotent: true")
    assert.include(constant(files, "Certs", "getPublicKey$"), "/oauth/certs")
    assert.notInclude(constant(files, "Certs", "getPublicKey$"), "idempotent")
  })

  it("marks a create whose body can name its ID, with the GET that reads the new object back", () => {
    const create = constant(generate(tiny).files, "Widgets", "create$")
    assert.include(create, "create: true")
    assert.include(create, `read: "/widgets/{widgetID}"`)
  })

  it("leaves a create unmarked when its model's ID is read-only: the server always chooses it", () => {
    const create = constant(generate(tiny).files, "Gadgets", "create$")
    assert.notInclude(create, "create: true")
    assert.notInclude(create, "read:")
  })

  it("describes each operation once: one constant, which the resource module runs and the table lists", () => {
    const { files } = generate(tiny)
    const operations = files.get("generated/operations/Widgets.ts")!
    assert.strictEqual(operations.match(/= \/\* @__PURE__ \*\/ Runtime\.operation\(/g)?.length, 4)
    const widgets = files.get("generated/Widgets.ts")!
    assert.notInclude(widgets, "Runtime.operation(")
    assert.include(widgets, `import { create$, delete$, get$, list$ } from "./operations/Widgets.js"`)
    assert.include(widgets, "Runtime.execute(get$, { widgetID }, undefined, options)")
    assert.include(widgets, "Runtime.allByPageOrLastId(list$, (request) => list<X>(request), options)")
    // The resource module names models in types only: their Schemas load with the constants.
    assert.include(widgets, `import type { Widget, WidgetWrite } from "./models/Widget.js"`)
    const table = files.get("generated/operationTable.ts")!
    assert.include(table, `import * as Widgets from "./operations/Widgets.js"`)
    assert.include(
      table,
      `entry(Widgets.create$, "Widgets.Create", { create: true, model: "Widget", body: { model: "Widget", variant: "write" } })`
    )
    assert.include(table, `entry(Widgets.list$, "Widgets.List", { model: "Widget", sortable: ["ID", "Name"] })`)
    assert.notInclude(table, "./models/")
  })

  it("names each function's options type, the list's and listAll's included, with a documented property per query parameter", () => {
    const widgets = generate(tiny).files.get("generated/Widgets.ts")!
    assert.include(
      widgets,
      "export interface ListOptions<X extends Xp.Option<typeof Widget> = Xp.Unknown> extends Runtime.CallOptions<X>, Pick<"
    )
    assert.include(
      widgets,
      "  /** How far down the category tree: a whole number from 1, or `\"all\"`. */\n  readonly depth?:"
    )
    assert.include(widgets, "options: ListOptions<X> = {}")
    assert.include(
      widgets,
      `export interface ListAllOptions<X extends Xp.Option<typeof Widget> = Xp.Unknown> extends Omit<ListOptions<X>, "page" | "pageKey">, Runtime.LastIdPaging {}`
    )
    assert.include(widgets, "options: ListAllOptions<X> = {}")
    assert.include(
      widgets,
      "export interface GetOptions<X extends Xp.Option<typeof Widget> = Xp.Unknown> extends Runtime.CallOptions<X> {}"
    )
    assert.include(widgets, "export interface DeleteOptions extends Runtime.CallOptions {}")
    assert.notInclude(widgets, "Pick<ListOptions")
    assert.notInclude(widgets, "Parameters<typeof")
  })

  it("takes the fields models share from internal/fields.ts, which declares each the generator can name", () => {
    const widget = generate(tiny).files.get("generated/models/Widget.ts")!
    assert.include(widget, "Name: Fields.OptionalNullableString,")
    assert.include(widget, "Count: Fields.OptionalNumber,")
    assert.include(widget, "xp: Fields.OptionalNullableUnknown")
    assert.notInclude(widget.slice(0, widget.indexOf("export const WidgetWrite")), "Schema.optional(")
    const fields = readFileSync(new URL("../../resources/src/internal/fields.ts", import.meta.url), "utf8")
    for (const name of sharedFields.values()) {
      assert.include(fields, `export const Optional${name} = `)
      assert.include(fields, `export const OptionalNullable${name} = `)
    }
  })

  it("marks every call in generated code pure, so unused schemas and operations tree-shake away", () => {
    for (const [path, content] of generate(tiny).files) {
      const calls = content.split("\n").filter((line) => !line.trimStart().startsWith("*") && !line.startsWith("//"))
        .join("\n").match(/(?<![\w$.])(?:Schema|Runtime|Fields)\.[\w.]+\(/g) ?? []
      const marked = content.match(/\/\* @__PURE__ \*\/ (?:Schema|Runtime|Fields)\.[\w.]+\(/g) ?? []
      // Calls inside function bodies run per call, not at import; the rest must be marked.
      const inBodies = content.match(/Runtime\.(?:execute|allByPage|allByPageOrLastId)\(/g) ?? []
      assert.strictEqual(calls.length, marked.length + inBodies.length, path)
    }
  })

  it("compare finds files that are out of date and files no longer generated", () => {
    const generated = new Map([["a.ts", "new"], ["b.ts", "same"]])
    const current = new Map([["a.ts", "old"], ["b.ts", "same"], ["c.ts", "gone"]])
    assert.deepStrictEqual(compare(current, generated), { stale: ["a.ts"], extra: ["c.ts"] })
    assert.deepStrictEqual(compare(generated, generated), { stale: [], extra: [] })
  })
})

describe("the OrderCloud description", () => {
  it("gives a function for each of its 620 operations, in 61 resources", () => {
    const output = generate(description)
    assert.strictEqual(operations(description).length, 620)
    assert.strictEqual(output.operationCount, 620)
    assert.strictEqual(output.resourceCount, 61)
  })

  it("types the xp option by the model, embedded models included: worksheets take one too", () => {
    const { files } = generate(description)
    const lineItems = files.get("generated/LineItems.ts")!
    assert.include(lineItems, "export const get = <X extends Xp.Option<typeof LineItem> = Xp.Unknown>(")
    const cart = files.get("generated/Cart.ts")!
    assert.include(cart, "export const calculate = <X extends Xp.Option<typeof OrderWorksheet> = Xp.None>(")
    // A resource's `withXp` binds one Schema: only for models with an xp of their own.
    assert.notInclude(cart.slice(cart.indexOf("export const withXp")), "calculate:")
  })
})

describe("Names", () => {
  it("camelCases method names and keeps property keys valid", () => {
    assert.strictEqual(Names.camel("ListProducts"), "listProducts")
    assert.deepStrictEqual(Names.splitOperationId("Me.ListProducts"), { resource: "Me", name: "listProducts" })
    assert.strictEqual(Names.key("ID"), "ID")
    assert.strictEqual(Names.key("x-y"), `"x-y"`)
    assert.isTrue(Names.isReserved("delete"))
    assert.isFalse(Names.isReserved("list"))
  })
})
