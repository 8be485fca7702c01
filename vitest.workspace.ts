/**
 * The test projects: one per package, the examples and the bench (each has its own
 * `vitest.config.ts`).
 */
export default ["packages/*", "examples", "bench"]
