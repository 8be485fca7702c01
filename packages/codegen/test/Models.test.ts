import { assert, describe, it } from "@effect/vitest"
import { generate } from "../src/Generate.js"
import type { Document } from "../src/OpenApi.js"

/** One model with numbers of each kind, created by one operation. */
const measured: Document = {
  openapi: "3.0.3",
  info: { title: "measured", version: "1.0.0" },
  components: {
    schemas: {
      Parcel: {
        type: "object",
        properties: {
          Weight: { type: "number", nullable: true },
          Price: { type: "number", minimum: 0 },
          Count: { type: "integer", minimum: 1 }
        }
      }
    }
  },
  paths: {
    "/parcels": {
      post: {
        operationId: "Parcels.Create",
        tags: ["Parcels"],
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Parcel" } } } },
        responses: { "201": { content: { "application/json": { schema: { $ref: "#/components/schemas/Parcel" } } } } }
      },
      patch: {
        operationId: "Parcels.Patch",
        tags: ["Parcels"],
        requestBody: {
          "x-ordercloud-partial": true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Parcel" } } }
        },
        responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Parcel" } } } } }
      }
    }
  }
}

const forms = () => {
  const parcel = generate(measured).files.get("generated/models/Parcel.ts")!
  const at = (name: string) => parcel.indexOf(`export const ${name} =`)
  return {
    read: parcel.slice(at("Parcel"), at("ParcelWrite")),
    write: parcel.slice(at("ParcelWrite"), at("ParcelPatch")),
    patch: parcel.slice(at("ParcelPatch"))
  }
}

describe("numbers in generated models", () => {
  it("write and patch forms accept finite numbers only: JSON has no NaN or Infinity", () => {
    const { patch, write } = forms()
    for (const form of [write, patch]) {
      assert.include(form, "Weight: Fields.OptionalNullableFinite")
      assert.include(form, "Price: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.Finite.pipe(")
      // Int is a safe integer, so finite already.
      assert.include(form, "Count: /* @__PURE__ */ Schema.optional(/* @__PURE__ */ Schema.Int.pipe(")
      assert.notInclude(form, "Schema.Number")
    }
  })

  it("the read form decodes numbers without a per-number check (a response cannot hold NaN)", () => {
    const { read } = forms()
    assert.notInclude(read, "Schema.Finite")
    assert.include(read, "Weight: Fields.OptionalNullableNumber")
  })
})
