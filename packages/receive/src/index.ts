/**
 * @since 0.1.0
 */
export * as CheckoutIntegration from "./CheckoutIntegration.js"

/**
 * @since 0.1.0
 */
export * as ReceiveError from "./ReceiveError.js"

/**
 * @since 0.1.0
 */
export * as Signature from "./Signature.js"

/**
 * @since 0.1.0
 */
export * as UserToken from "./UserToken.js"

/**
 * @since 0.1.0
 */
export * as Webhook from "./Webhook.js"
