/**
 * The test projects: one per package, and the examples (each has its own
 * `vitest.config.ts`).
 */
export default ["packages/*", "examples"]
