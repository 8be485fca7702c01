/**
 * The test projects: one per package (each has its own `vitest.config.ts`).
 */
export default ["packages/*"]
