// ESLint for the whole repository: `pnpm lint` checks, `pnpm lint-fix` (alias `pnpm format`) rewrites.
// Formatting is the `@effect/dprint` rule, with the options in dprint.json that the code generator
// also formats its output with. No rule here needs type information: type-aware linting would run
// a second TypeScript program next to `tsc -b` and the language service on CI's 2 cores.
import effect from "@effect/eslint-plugin"
import js from "@eslint/js"
import { defineConfig } from "eslint/config"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import tseslint from "typescript-eslint"

const dprintOptions = JSON.parse(readFileSync(join(import.meta.dirname, "dprint.json"), "utf8"))

// Barrels whose `export * as` namespaces esbuild does not tree-shake (STYLE.md, section 4):
// code that ships imports these by module path instead.
const barrels = [
  "effect",
  "@effect/platform",
  "@ordercloud-effect/core",
  "@ordercloud-effect/auth",
  "@ordercloud-effect/resources",
  "@ordercloud-effect/sandbox"
]

export default defineConfig(
  {
    ignores: ["**/node_modules/", "**/build/", "**/dist/", "**/coverage/", "spec/"]
  },
  {
    files: ["**/*.ts", "**/*.mjs"]
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  effect.configs.dprint,
  {
    rules: {
      "@effect/dprint": ["error", { config: dprintOptions }],
      // tsc reports unused locals (noUnusedLocals); a second report here would only disagree with it.
      "@typescript-eslint/no-unused-vars": "off",
      // `interface Foo extends Schema.Schema.Type<typeof Foo> {}` names a schema's type (Effect's idiom, and
      // what the generator emits); an empty interface with no or several supertypes is still reported.
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }]
    }
  },
  {
    // Plain ES modules run by node as they are (the benchmark's client programs): Node's globals.
    files: ["**/*.mjs"],
    languageOptions: {
      globals: Object.fromEntries(
        ["Buffer", "console", "fetch", "process", "setImmediate", "setTimeout", "clearTimeout", "URL", "performance"]
          .map((name) => [
            name,
            "readonly"
          ])
      )
    }
  },
  {
    files: ["packages/*/src/**/*.ts"],
    rules: {
      // `import { Effect } from "effect"`: the rule rewrites it to `import * as Effect from "effect/Effect"`.
      "@effect/no-import-from-barrel-package": ["error", { packageNames: barrels }],
      // Catches the forms the rule above lets through (`import * as X from "effect"`, several names).
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: barrels.map((name) => ({
          name,
          message:
            "Import the module by path (e.g. \"effect/Effect\") inside packages/*/src: barrels defeat tree-shaking.",
          allowTypeImports: true
        }))
      }]
    }
  }
)
