import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import { inTest } from "./readme/testing.js"

describe("README", () => {
  it("shows exactly the snippet that is type-checked here", () => {
    const blocks = [...readFileSync(new URL("../README.md", import.meta.url), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)]
      .map((match) => match[1]!)
    assert.deepStrictEqual(blocks, [readFileSync(new URL("./readme/testing.ts", import.meta.url), "utf8")])
  })

  it.effect("the snippet runs against a fresh sandbox", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* inTest, { product: "mug-02", status: "Unsubmitted" })
    }))
})
