/**
 * The test projects: one per package, the examples, and the published
 * packages' check in scripts/ (each has its own `vitest.config.ts`).
 */
export default ["packages/*", "examples", "scripts"]
