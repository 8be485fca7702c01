import { assert, describe, it } from "@effect/vitest"
import { generate } from "../src/Generate.js"
import type { Document, SchemaObject } from "../src/OpenApi.js"

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` })
// A key named like a member of Object.prototype gets no contextual type in an object literal.
const text: SchemaObject = { type: "string" }

/** A model with the constructs the description does not use yet, read by one GET and listed by another. */
const document: Document = {
  openapi: "3.0.3",
  info: { title: "decoders", version: "1.0.0" },
  components: {
    schemas: {
      Size: { type: "string", enum: ["S", "M"] },
      Box: { type: "object", properties: { Width: { type: "number" } } },
      Bag: { type: "object", properties: { Handles: { type: "integer" } } },
      Parcel: {
        type: "object",
        properties: {
          constructor: text,
          "Weight-Kg": { type: "number", nullable: true },
          Sizes: { type: "array", items: ref("Size") },
          Grades: { type: "array", items: { type: "string", enum: ["A", "B"] } },
          Container: { oneOf: [ref("Box"), ref("Bag")] },
          Shipped: { type: "string", format: "date-time", nullable: true },
          Secret: { type: "string", writeOnly: true },
          Notes: { type: "object" }
        }
      },
      Empty: { type: "object" }
    }
  },
  paths: {
    "/parcels/{parcelID}": {
      get: {
        operationId: "Parcels.Get",
        tags: ["Parcels"],
        parameters: [{ name: "parcelID", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { content: { "application/json": { schema: ref("Parcel") } } } }
      }
    }
  }
}

const files = generate(document).files
const parcel = files.get("generated/decoders/Parcel.ts")!

describe("generated decoders", () => {
  it("one per model that is not an enum", () => {
    const decoders = [...files.keys()].filter((path) => path.startsWith("generated/decoders/")).sort()
    assert.deepStrictEqual(decoders, [
      "generated/decoders/Bag.ts",
      "generated/decoders/Box.ts",
      "generated/decoders/Empty.ts",
      "generated/decoders/Parcel.ts"
    ])
  })

  it("the operation's response carries the model's decoder", () => {
    assert.include(files.get("generated/operations/Parcels.ts")!, "Runtime.model(Parcel, decodeParcel)")
    assert.include(
      files.get("generated/operations/Parcels.ts")!,
      `import { decodeParcel } from "../decoders/Parcel.js"`
    )
  })

  it("a key Object.prototype also has is read only when it is the input's own", () => {
    assert.include(parcel, `v = Object.hasOwn(input, "constructor") ? input.constructor : undefined`)
    assert.include(parcel, `} else if (Object.hasOwn(input, "constructor")) out.constructor = undefined`)
    assert.include(parcel, `v = input["Weight-Kg"]`)
  })

  it("literals in arrays are checked by decoders built once, per enum", () => {
    assert.include(parcel, `const Sizes$ = /* @__PURE__ */ D.literal("S", "M")`)
    assert.include(parcel, `const Grades$ = /* @__PURE__ */ D.literal("A", "B")`)
    assert.include(parcel, "const d = D.array(v, Sizes$)")
  })

  it("a union of models (which all-optional fields make overlap) is left to the Schema", () => {
    const container = parcel.slice(parcel.indexOf("v = input.Container"), parcel.indexOf("v = input.Shipped"))
    assert.include(container, "if (v !== undefined) {\nreturn undefined\n} else if")
    assert.notInclude(parcel, "decodeBox")
  })

  it("write-only fields are not read; unknown ones pass through as they are", () => {
    assert.notInclude(parcel, "Secret")
    assert.include(parcel, `if (v !== undefined || "Notes" in input) out.Notes = v`)
  })

  it("a model with no fields gives its input, as Schema.Struct({}) does", () => {
    assert.include(
      files.get("generated/decoders/Empty.ts")!,
      "input === null || input === undefined ? undefined : input"
    )
  })
})
