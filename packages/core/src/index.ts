/**
 * @since 0.1.0
 */
export * as ApiError from "./ApiError.js"

/**
 * @since 0.1.0
 */
export * as ErrorCode from "./ErrorCode.js"

/**
 * @since 0.1.0
 */
export * as ListOptions from "./ListOptions.js"

/**
 * @since 0.1.0
 */
export * as ListPage from "./ListPage.js"

/**
 * @since 0.1.0
 */
export * as Logging from "./Logging.js"

/**
 * @since 0.1.0
 */
export * as Middleware from "./Middleware.js"

/**
 * @since 0.1.0
 */
export * as OrderCloudClient from "./OrderCloudClient.js"

/**
 * @since 0.1.0
 */
export * as OrderCloudConfig from "./OrderCloudConfig.js"

/**
 * @since 0.1.0
 */
export * as OrderCloudError from "./OrderCloudError.js"

/**
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * @since 0.1.0
 */
export * as Session from "./Session.js"
/**
 * @since 0.2.0
 */
export * as Transport from "./Transport.js"
