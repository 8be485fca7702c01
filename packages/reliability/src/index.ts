/**
 * @since 0.1.0
 */
export * as Canaries from "./Canaries.js"

/**
 * @since 0.1.0
 */
export * as Capture from "./Capture.js"

/**
 * @since 0.1.0
 */
export * as Guarantees from "./Guarantees.js"

/**
 * @since 0.1.0
 */
export * as Hostile from "./Hostile.js"

/**
 * @since 0.1.0
 */
export * as Redirects from "./Redirects.js"

/**
 * @since 0.1.0
 */
export * as Soak from "./Soak.js"

/**
 * @since 0.1.0
 */
export * as Stalls from "./Stalls.js"

/**
 * @since 0.1.0
 */
export * as Storms from "./Storms.js"

/**
 * @since 0.1.0
 */
export * as Targets from "./Targets.js"
