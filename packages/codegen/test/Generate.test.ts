import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { defaultSource } from "../src/Cli.js"
import { compare, generate, header } from "../src/Generate.js"
import * as Names from "../src/Names.js"
import type { Document } from "../src/OpenApi.js"
import { operations } from "../src/OpenApi.js"

const description: Document = JSON.parse(readFileSync(defaultSource, "utf8"))

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
    assert.match(widget, /export const Widget = [^]*Count: [^\n]*Schema\.optional/)
    assert.notMatch(widget.slice(0, widget.indexOf("export const WidgetWrite")), /Secret/)
    // write: read-only left out, the required name required and limited, the ID rule checked
    const write = widget.slice(widget.indexOf("export const WidgetWrite"))
    assert.notInclude(write, "Count:")
    assert.include(write, "Secret:")
    assert.include(write, "Name: /* @__PURE__ */ Schema.String.pipe(/* @__PURE__ */ Schema.maxLength(100))")
    assert.include(write, `new RegExp("^[A-Za-z0-9_-]*$")`)
    assert.include(write, "xp: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.NullOr(Fields.Xp))")
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
      `ListOptions.ListOptions<string, "ID" | "Name", ListOptions.FiltersFor<Xp.Model<typeof Widget, X>>>`
    )
    assert.include(widgets, "`DELETE /v1/widgets/{widgetID}`")
  })

  it("types depth as OrderCloud takes it, a number or \"all\", though the description says string", () => {
    const widgets = generate(tiny).files.get("generated/Widgets.ts")!
    assert.include(widgets, `readonly depth?: number | "all" | undefined`)
  })

  it("lists in each list spec the list options the operation takes, for the runtime to refuse others", () => {
    const widgets = generate(tiny).files.get("generated/Widgets.ts")!
    const spec = widgets.slice(widgets.indexOf("const list$spec"), widgets.indexOf("const list$operation"))
    assert.include(spec, `list: ["sortBy", "page", "filters"]`)
  })

  it("marks a create whose body can name its ID, with the GET that reads the new object back", () => {
    const widgets = generate(tiny).files.get("generated/Widgets.ts")!
    const spec = widgets.slice(widgets.indexOf("const create$spec"), widgets.indexOf("const create$operation"))
    assert.include(spec, "create: true")
    assert.include(spec, `read: "/widgets/{widgetID}"`)
  })

  it("leaves a create unmarked when its model's ID is read-only: the server always chooses it", () => {
    const gadgets = generate(tiny).files.get("generated/Gadgets.ts")!
    const spec = gadgets.slice(gadgets.indexOf("const create$spec"), gadgets.indexOf("const create$operation"))
    assert.notInclude(spec, "create: true")
    assert.notInclude(spec, "read:")
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
