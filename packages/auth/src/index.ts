/**
 * @since 0.1.0
 */
export * as AccessToken from "./AccessToken.js"

/**
 * @since 0.1.0
 */
export * as Grant from "./Grant.js"

/**
 * @since 0.1.0
 */
export * as OpenIdConnect from "./OpenIdConnect.js"

/**
 * @since 0.1.0
 */
export * as Session from "./Session.js"

/**
 * @since 0.1.0
 */
export * as SessionCookies from "./SessionCookies.js"

/**
 * @since 0.1.0
 */
export * as TokenStore from "./TokenStore.js"
