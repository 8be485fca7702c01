/**
 * Route templates as OrderCloud names them in webhook deliveries
 * (`v1/orders/{direction}/{orderID}/submit`), compared without case and
 * without a leading `/` or `v1/`.
 *
 * @internal
 */

/** @internal */
export const normalize = (route: string): string =>
  route.trim().replace(/^\/+/, "").replace(/^v1\//i, "").replace(/\/+$/, "").toLowerCase()
