/**
 * The sandbox's stand-in identity provider, for single sign-on with OpenID
 * Connect end to end without a real provider. Point an OpenIdConnect
 * config's endpoints at it (`endpoints(baseUrl)`); `GET /ocrplogin` then
 * sends the browser to its sign-in form, which signs in the OrderCloud user
 * with the username typed (no password: it stands in for your provider's
 * own sign-in), and `/ocrpcode` hands the OrderCloud token, the provider's
 * identity token, the app start path and the refresh token to the config's
 * `AppStartUrl` (`{0}` to `{3}`).
 *
 * The form is `GET /sandbox/idp/authorize`; it posts `username` (with the
 * `client_id`, `redirect_uri` and `state` it was given) to the same path.
 * The sandbox exchanges codes with this provider only, in memory: a config
 * whose `TokenEndpoint` names another provider is refused at `/ocrpcode`.
 *
 * @example
 * ```ts
 * import { IdentityProvider, Sandbox, Seed } from "@ordercloud-effect/sandbox"
 *
 * // The body of OpenIdConnects.create, as the seller.
 * export const config = {
 *   ID: "sandbox-sso",
 *   OrderCloudApiClientID: Seed.storefrontClientID,
 *   ConnectClientID: "shop",
 *   ConnectClientSecret: "not checked by the stand-in",
 *   AppStartUrl: "https://shop.example/sso?token={0}&idp={1}&path={2}&refresh={3}",
 *   ...IdentityProvider.endpoints(Sandbox.defaultBaseUrl)
 * }
 * ```
 *
 * @since 0.1.0
 */
import * as Sso from "./internal/sso.js"

/**
 * The path of the provider's sign-in form.
 *
 * @since 0.1.0
 * @category constants
 */
export const authorizePath: string = Sso.paths.authorize

/**
 * The path to give as `TokenEndpoint` (codes are exchanged in memory).
 *
 * @since 0.1.0
 * @category constants
 */
export const tokenPath: string = Sso.paths.token

/**
 * An OpenIdConnect config's `AuthorizationEndpoint` and `TokenEndpoint` for
 * the stand-in provider of the sandbox at `baseUrl`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const endpoints = (
  baseUrl: string
): { readonly AuthorizationEndpoint: string; readonly TokenEndpoint: string } => ({
  AuthorizationEndpoint: `${baseUrl}${authorizePath}`,
  TokenEndpoint: `${baseUrl}${tokenPath}`
})
