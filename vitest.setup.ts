import { addEqualityTesters } from "@effect/vitest"

// Option, Exit, Data and Equal values compare by structure in `expect(...).toEqual`.
addEqualityTesters()
