/**
 * Verifies the OrderCloud access tokens your storefront's users present to
 * your own API (`Authorization: Bearer <token>`), as OrderCloud's own
 * services do (CONVENTIONS.md 2.3):
 *
 * - A token with a `kid` header must be RS256 and signed by the key
 *   `{aud}/oauth/certs/{kid}` serves, for an `aud` you trust (a token naming
 *   another API is refused before anything is fetched). Keys are cached; an
 *   unknown key ID is fetched once however many requests ask at the same
 *   time.
 * - A token with no `kid` (portal-issued) is checked by calling
 *   `GET {aud}/v1/me` with it.
 * - `nbf` and `exp` are checked against the `Clock`.
 *
 * The result is typed claims plus a `Session` for calling OrderCloud as the
 * user. `middleware` puts them in the context of an `HttpRouter` or app as
 * `CurrentUser`, answering 401 (503 when OrderCloud cannot be reached)
 * before the route runs.
 *
 * @example
 * ```ts
 * import { FetchHttpClient, HttpRouter, HttpServerResponse } from "@effect/platform"
 * import { UserToken } from "@ordercloud-effect/receive"
 * import { Effect, Layer } from "effect"
 *
 * export const router = HttpRouter.empty.pipe(
 *   HttpRouter.get(
 *     "/me/greeting",
 *     Effect.map(UserToken.CurrentUser, (user) => HttpServerResponse.text(`Hello ${user.username}`))
 *   ),
 *   HttpRouter.use(UserToken.middleware)
 * )
 *
 * export const VerifierLive = UserToken.layer({ baseUrl: "https://sandboxapi.ordercloud.io" }).pipe(
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Session from "@ordercloud-effect/core/Session"
import type * as Arr from "effect/Array"
import * as Cache from "effect/Cache"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Encoding from "./internal/encoding.js"
import { InvalidToken } from "./ReceiveError.js"

/**
 * The claims of an OrderCloud access token, as OrderCloud writes them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Claims = Schema.Struct({
  /** Username. */
  usr: Schema.String,
  /** The API client the token was issued for. */
  cid: Schema.String,
  /** The user's internal database id (not `User.ID`); `uid` in some tokens. */
  u: Schema.optional(Schema.String),
  uid: Schema.optional(Schema.String),
  usrtype: Schema.Literal("admin", "buyer", "supplier"),
  /** One role as a string, several as an array. */
  role: Schema.optional(Schema.Union(Schema.String, Schema.Array(Schema.String))),
  iss: Schema.optional(Schema.String),
  /** The API base URL, without `/v1`. */
  aud: Schema.String,
  exp: Schema.Number,
  nbf: Schema.optional(Schema.Number),
  /** Impersonation tokens: the impersonating user's database id. */
  imp: Schema.optional(Schema.String),
  /** Anonymous (guest) tokens: the one order this guest may use. */
  orderid: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Claims extends Schema.Schema.Type<typeof Claims> {}

/**
 * A verified user.
 *
 * @since 0.1.0
 * @category models
 */
export interface User {
  readonly username: string
  readonly clientID: string
  readonly userType: "admin" | "buyer" | "supplier"
  readonly roles: ReadonlyArray<string>
  /** The user's internal database id (`u`/`uid`), when the token carries it. */
  readonly databaseID: string | undefined
  /** For an impersonation token, the impersonating user's database id. */
  readonly impersonatorID: string | undefined
  /** For a guest token, the guest's order. */
  readonly anonymousOrderID: string | undefined
  readonly expires: Date
  /** The API the token is for (`aud`). */
  readonly audience: string
  readonly claims: Claims
  readonly token: Redacted.Redacted<string>
  /** The token as a `Session`: call OrderCloud as this user. */
  readonly session: Session.Service
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The OrderCloud API base URL(s) whose tokens are accepted (the `aud`
   * claim, without `/v1`), e.g. `https://sandboxapi.ordercloud.io`.
   */
  readonly baseUrl: string | Arr.NonEmptyReadonlyArray<string>
  /** How long a fetched public key is kept. Default 1 hour. */
  readonly keyTimeToLive?: Duration.DurationInput | undefined
  /** Tolerated clock difference for `nbf` and `exp`. Default 0. */
  readonly leeway?: Duration.DurationInput | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly verify: (token: Redacted.Redacted<string> | string) => Effect.Effect<User, InvalidToken>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Verifier extends Context.Tag("@ordercloud-effect/receive/UserToken/Verifier")<Verifier, Service>() {}

/**
 * The verified user of the current request, put there by `middleware`.
 *
 * @since 0.1.0
 * @category tags
 */
export class CurrentUser extends Context.Tag("@ordercloud-effect/receive/UserToken/CurrentUser")<CurrentUser, User>() {}

/**
 * Builds a verifier. Its key cache lives as long as the verifier.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const trusted = new Set((typeof options.baseUrl === "string" ? [options.baseUrl] : options.baseUrl).map(trim))
    const keyTtl = Duration.decode(options.keyTimeToLive ?? Duration.hours(1))
    const leeway = Duration.toSeconds(Duration.decode(options.leeway ?? Duration.zero))

    const keys = yield* Cache.makeWith({
      capacity: 256,
      lookup: (key: string) => fetchKey(client, key),
      // Keep keys; remember an unknown kid briefly (a flood of made-up kids
      // must not become a flood of fetches); retry an unreachable server at once.
      timeToLive: (exit: Exit.Exit<CryptoKey, InvalidToken>) =>
        Exit.isSuccess(exit)
          ? keyTtl
          : Exit.isFailure(exit) && Option.exists(Cause.failureOption(exit.cause), isUnknownKey)
          ? Duration.minutes(1)
          : Duration.zero
    })

    const verify = (input: Redacted.Redacted<string> | string) =>
      Effect.gen(function*() {
        const token = typeof input === "string" ? Redacted.make(input) : input
        const parts = Redacted.value(token).split(".")
        if (parts.length !== 3) return yield* refuse("malformed")
        const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
        const header = decodeJson(headerPart)
        const payload = decodeJson(payloadPart)
        if (header === undefined || payload === undefined) return yield* refuse("malformed")
        const claims = yield* Effect.mapError(
          Schema.decodeUnknown(Claims)(payload, { onExcessProperty: "ignore" }),
          () => new InvalidToken({ reason: "malformed" })
        )
        const audience = trim(claims.aud)
        if (!trusted.has(audience)) return yield* refuse("untrustedAudience")
        const now = (yield* Clock.currentTimeMillis) / 1000
        const checkTime = Effect.suspend(() =>
          claims.nbf !== undefined && now + leeway < claims.nbf
            ? refuse("notYetValid")
            : now - leeway >= claims.exp
            ? refuse("expired")
            : Effect.void
        )

        const kid = header["kid"]
        if (kid === undefined) {
          yield* checkTime
          yield* askMe(client, audience, token)
        } else {
          if (header["alg"] !== "RS256" || typeof kid !== "string" || kid === "") return yield* refuse("signature")
          const signature = Encoding.fromBase64url(signaturePart)
          if (signature === undefined) return yield* refuse("signature")
          const key = yield* keys.get(`${audience}\n${kid}`)
          const valid = yield* Effect.promise(() =>
            globalThis.crypto.subtle.verify(RS256, key, signature, Encoding.utf8(`${headerPart}.${payloadPart}`))
          )
          if (!valid) return yield* refuse("signature")
          yield* checkTime
        }
        return toUser(claims, token)
      }).pipe(Effect.withSpan("UserToken.verify"))

    return { verify }
  })

/**
 * A verifier as a layer (it needs an `HttpClient` to fetch keys).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Verifier, never, HttpClient.HttpClient> =>
  Layer.effect(Verifier, make(options))

/**
 * A verifier for the API named by `ORDERCLOUD_BASE_URL` (or the given Config).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  baseUrl: Config.Config<string> = Config.string("ORDERCLOUD_BASE_URL")
): Layer.Layer<Verifier, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(Verifier, Effect.flatMap(baseUrl, (url) => make({ baseUrl: url })))

/**
 * Verifies a token with the verifier in context.
 *
 * @since 0.1.0
 * @category verification
 */
export const verify = (token: Redacted.Redacted<string> | string): Effect.Effect<User, InvalidToken, Verifier> =>
  Effect.flatMap(Verifier, (verifier) => verifier.verify(token))

/**
 * The current request's bearer token, verified.
 *
 * @since 0.1.0
 * @category verification
 */
export const authenticate: Effect.Effect<User, InvalidToken, Verifier | HttpServerRequest.HttpServerRequest> = Effect
  .gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const header = Option.getOrUndefined(Headers.get(request.headers, "authorization"))
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (match === null) return yield* refuse("missing")
    return yield* verify(Redacted.make(match[1]!))
  })

/**
 * Guards an app or router (`HttpRouter.use(UserToken.middleware)`): the
 * bearer token is verified and the user provided as `CurrentUser`; a request
 * without a valid token is answered 401 (503 when OrderCloud could not be
 * reached) and never reaches the app.
 *
 * @since 0.1.0
 * @category middleware
 */
export const middleware = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  E,
  Exclude<R, CurrentUser> | Verifier | HttpServerRequest.HttpServerRequest
> =>
  Effect.flatMap(
    Effect.either(authenticate),
    (result) =>
      result._tag === "Left"
        ? Effect.succeed(unauthorized(result.left))
        : Effect.provideService(app, CurrentUser, result.right)
  )

/**
 * The answer to a refused token: 401 with `WWW-Authenticate: Bearer`, or
 * 503 when OrderCloud could not be reached; OrderCloud's error body.
 *
 * @since 0.1.0
 * @category responses
 */
export const unauthorized = (error: InvalidToken): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(
    { Errors: [{ ErrorCode: error.status === 401 ? "InvalidToken" : "Unavailable", Message: error.message }] },
    {
      status: error.status,
      headers: error.status === 401 ? { "www-authenticate": `Bearer error="invalid_token"` } : {}
    }
  )

// ---------------------------------------------------------------------------
// private helpers
// ---------------------------------------------------------------------------

const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const

const trim = (url: string): string => url.trim().replace(/\/+$/, "")

const refuse = (reason: InvalidToken["reason"]) => Effect.fail(new InvalidToken({ reason }))

const isUnknownKey = (error: InvalidToken): boolean => error.reason === "unknownKey"

const decodeJson = (part: string): Record<string, unknown> | undefined => {
  const bytes = Encoding.fromBase64url(part)
  const text = bytes === undefined ? undefined : Encoding.text(bytes)
  if (text === undefined) return undefined
  try {
    const json: unknown = JSON.parse(text)
    return typeof json === "object" && json !== null && !Array.isArray(json)
      ? json as Record<string, unknown>
      : undefined
  } catch {
    return undefined
  }
}

const PublicKey = Schema.Struct({ kty: Schema.Literal("RSA"), n: Schema.String, e: Schema.String })

/** `GET {aud}/oauth/certs/{kid}`, imported for RS256 verification. */
const fetchKey = (client: HttpClient.HttpClient, cacheKey: string): Effect.Effect<CryptoKey, InvalidToken> => {
  const [audience, kid] = cacheKey.split("\n") as [string, string]
  return client.execute(HttpClientRequest.get(`${audience}/oauth/certs/${encodeURIComponent(kid)}`)).pipe(
    Effect.flatMap((response): Effect.Effect<typeof PublicKey.Type, unknown> =>
      response.status === 404
        ? refuse("unknownKey")
        : response.status !== 200
        ? refuse("unavailable")
        : HttpClientResponse.schemaBodyJson(PublicKey)(response)
    ),
    Effect.flatMap((jwk) =>
      Effect.tryPromise(() =>
        globalThis.crypto.subtle.importKey("jwk", { kty: "RSA", n: jwk.n, e: jwk.e }, RS256, false, ["verify"])
      )
    ),
    Effect.catchAll((error) =>
      error instanceof InvalidToken ? Effect.fail(error) : Effect.fail(new InvalidToken({ reason: "unavailable" }))
    ),
    Effect.scoped
  )
}

/** `GET {aud}/v1/me` with the token: OrderCloud's own answer on a token with no `kid`. */
const askMe = (
  client: HttpClient.HttpClient,
  audience: string,
  token: Redacted.Redacted<string>
): Effect.Effect<void, InvalidToken> =>
  client.execute(HttpClientRequest.get(`${audience}/v1/me`).pipe(HttpClientRequest.bearerToken(token))).pipe(
    Effect.catchAll(() => refuse("unavailable")),
    Effect.flatMap((response) =>
      response.status === 200
        ? Effect.void
        : response.status === 401 || response.status === 403
        ? refuse("rejected")
        : refuse("unavailable")
    ),
    Effect.scoped
  )

const toUser = (claims: Claims, token: Redacted.Redacted<string>): User => ({
  username: claims.usr,
  clientID: claims.cid,
  userType: claims.usrtype,
  roles: claims.role === undefined ? [] : typeof claims.role === "string" ? [claims.role] : claims.role,
  databaseID: claims.u ?? claims.uid,
  impersonatorID: claims.imp,
  anonymousOrderID: claims.orderid,
  expires: new Date(claims.exp * 1000),
  audience: trim(claims.aud),
  claims,
  token,
  session: Session.fromToken(token)
})
