/**
 * Where sessions keep their tokens beyond themselves, so that a restart, or
 * a second instance of the same service, reuses a valid token instead of
 * asking for a new one. A store is `@effect/platform`'s `KeyValueStore`:
 * memory, the file system, or any store you provide (Redis...).
 *
 * Without a `TokenStore` in the context, each session keeps its token in
 * its own memory, as before. Provide one under (or around) the session
 * layers; it is read when a session is built.
 *
 * - **Keys** identify the credential set without holding a secret:
 *   `ordercloud-token-` and the SHA-256 (WebCrypto) of the token endpoint,
 *   the grant type and the grant's fields, each secret (password, client
 *   secret, refresh token) replaced by its own SHA-256. Different secrets
 *   give different keys.
 * - **Values** are the access token, the refresh token and their validity,
 *   as JSON. They are secrets: never logged, and the store must be private
 *   to the service (`layerFileSystem` creates its directory readable by the
 *   owner only). An entry that does not decode (corrupt, foreign, cut
 *   short) is ignored and overwritten; a store that fails is skipped, never
 *   failing a call.
 * - **Many processes, one token request.** A process that finds no usable
 *   entry writes a claim (`<key>.claim`, with a lease of 10 seconds, or half
 *   the config timeout if shorter), waits 100 ms for other claims to land,
 *   and asks only if its claim still stands; the others look for the entry
 *   after 50 ms, then less and less often (up to every second), and take
 *   the token it writes. A claimer that dies holds the others for its lease
 *   only; after two leases without a token, a session asks on its own. A store without atomic writes leaves a small
 *   window: a process whose claim lands after the winner's 100 ms makes a
 *   second request.
 * - Password, elevated, client-credentials, refresh-token and resumed
 *   sessions use the store. Anonymous sessions do not (each is a guest of
 *   its own), nor impersonation (the token must come from the seller that
 *   asks).
 *
 * @example
 * ```ts
 * import { Session, TokenStore } from "@ordercloud-effect/auth"
 * import { Layer } from "effect"
 *
 * // Every instance of the integration shares one token through this directory.
 * // The layer needs FileSystem and Path: NodeContext.layer on Node.
 * export const IntegrationLive = Session.layerClientCredentialsConfig().pipe(
 *   Layer.provide(TokenStore.layerFileSystem("/var/cache/app/ordercloud-tokens"))
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as PlatformError from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import type * as Path from "@effect/platform/Path"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * The store sessions share, if any (a reference: absent, each session keeps
 * its token to itself).
 *
 * @since 0.1.0
 * @category tags
 */
export class TokenStore extends Context.Reference<TokenStore>()("@ordercloud-effect/auth/TokenStore", {
  defaultValue: (): Option.Option<KeyValueStore.KeyValueStore> => Option.none()
}) {}

/**
 * Shares tokens through the `KeyValueStore` in context: yours (Redis, a
 * database) or one of platform's.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TokenStore, never, KeyValueStore.KeyValueStore> = Layer.effect(
  TokenStore,
  Effect.map(KeyValueStore.KeyValueStore, Option.some)
)

/**
 * Shares tokens between the sessions of this program (one token for the
 * same credentials, however many times the session layer is built).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<TokenStore> = Layer.provide(layer, KeyValueStore.layerMemory)

/**
 * Keeps tokens in files under `directory`, one per credential set, for
 * restarts and for every process on the machine that uses the directory.
 * The directory is created readable by its owner only (mode 700) when it
 * does not exist.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFileSystem = (
  directory: string
): Layer.Layer<TokenStore, PlatformError.PlatformError, FileSystem.FileSystem | Path.Path> =>
  Layer.provide(
    layer,
    Layer.unwrapEffect(
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        if (!(yield* fs.exists(directory))) yield* fs.makeDirectory(directory, { recursive: true, mode: 0o700 })
        return KeyValueStore.layerFileSystem(directory)
      })
    )
  )
