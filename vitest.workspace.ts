/**
 * The test projects: one per package, the examples, the bench's figures, and
 * the published packages' check in scripts/ (each has its own `vitest.config.ts`).
 */
export default ["packages/*", "examples", "bench", "scripts"]
