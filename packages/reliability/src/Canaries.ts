/**
 * Secret canaries: every grant signs in to a sandbox whose secrets are
 * marked `CANARY`, calls succeed and fail (refused credentials, a forged
 * token, a missing role, a missing object) with debug logging on, and then
 * every log line, span and rendered error is searched for the marked
 * secrets and for every access and refresh token the sandbox issued.
 *
 * @since 0.1.0
 */
import * as Session from "@ordercloud-effect/auth/Session"
import * as Logging from "@ordercloud-effect/core/Logging"
import type * as OrderCloudClient from "@ordercloud-effect/core/OrderCloudClient"
import type * as CoreSession from "@ordercloud-effect/core/Session"
import * as Me from "@ordercloud-effect/resources/Me"
import * as Products from "@ordercloud-effect/resources/Products"
import * as Seed from "@ordercloud-effect/sandbox/Seed"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Capture from "./Capture.js"
import * as Targets from "./Targets.js"

const adminSecret = "cs-CANARY-admin-secret"
const adminPassword = "pw-CANARY-admin"
const buyerPassword = "pw-CANARY-buyer"

type Row = Readonly<Record<string, unknown>>

const replace = (rows: ReadonlyArray<Row> | undefined, id: string, fields: Row): ReadonlyArray<Row> =>
  (rows ?? []).map((row) => row["ID"] === id ? { ...row, ...fields } : row)

/** The marketplace with every secret marked, and impersonation allowed. */
const seed: Seed.Seed = {
  collections: {
    ...Targets.seedWithImpersonation.collections,
    apiclients: replace(Seed.marketplace.collections["apiclients"], Seed.adminClientID, { ClientSecret: adminSecret }),
    adminusers: replace(Seed.marketplace.collections["adminusers"], "admin", { Password: adminPassword }),
    [`buyers/${Seed.buyerID}/users`]: replace(
      Seed.marketplace.collections[`buyers/${Seed.buyerID}/users`],
      "buyer01",
      { Password: buyerPassword }
    )
  }
}

type SessionLayer = Layer.Layer<CoreSession.Session, never, OrderCloudClient.OrderCloudClient>

const seller = Session.layerClientCredentials({
  clientID: Seed.adminClientID,
  clientSecret: Redacted.make(adminSecret),
  scope: ["FullAccess"]
})
const buyer = Session.layerPassword({
  clientID: Seed.storefrontClientID,
  username: Seed.buyerUsername,
  password: Redacted.make(buyerPassword),
  scope: ["Shopper", "MeAdmin"]
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Result {
  /** Calls made, and how many failed (each failure is searched too). */
  readonly calls: number
  readonly failures: number
  /** Secrets searched for: the marked ones and every token issued. */
  readonly secrets: number
  readonly logLines: number
  readonly spans: number
  /** Where a secret was found: `log`, `span` or `error`, with the text's start. */
  readonly leaks: ReadonlyArray<string>
}

/**
 * Runs the canary scenarios and searches what they let out.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run: Effect.Effect<Result> = Effect.gen(function*() {
  const target = yield* Targets.recorded({ seed })
  const logs = Capture.logs()
  const spans = Capture.spans()
  const client = Targets.client(target, [Logging.middleware({ level: LogLevel.Debug })])
  const errors: Array<unknown> = []
  let calls = 0
  const as = (
    session: SessionLayer,
    ...effects: ReadonlyArray<Effect.Effect<unknown, unknown, OrderCloudClient.OrderCloudClient | CoreSession.Session>>
  ) =>
    Effect.forEach(effects, (effect) =>
      effect.pipe(
        Effect.tap(() => Effect.logDebug("call succeeded")),
        Effect.tapErrorCause((cause) => Effect.logError("call failed", cause)),
        Effect.catchAll((error) => Effect.sync(() => errors.push(error))),
        Effect.ensuring(Effect.sync(() => calls++))
      ), { discard: true }).pipe(Effect.provide(Layer.provideMerge(session, client)))

  yield* Effect.gen(function*() {
    yield* as(seller, Products.list(), Products.get("missing-product"), Me.get())
    yield* as(buyer, Me.get(), Me.listProducts(), Products.create({ ID: "forbidden", Name: "n" }))
    yield* as(
      Session.layerElevated({
        clientID: Seed.adminClientID,
        username: Seed.adminUsername,
        password: Redacted.make(adminPassword),
        clientSecret: Redacted.make(adminSecret),
        scope: ["FullAccess"]
      }),
      Me.get()
    )
    yield* as(Session.layerAnonymous({ clientID: Seed.storefrontClientID, scope: ["Shopper"] }), Me.get())
    yield* as(Layer.provide(Targets.impersonated, seller), Me.get(), Me.listProducts())
    const refreshToken = target.issued.find((token) => !token.includes("."))
    if (refreshToken !== undefined) {
      yield* as(
        Session.layerRefreshToken({ clientID: Seed.storefrontClientID, refreshToken: Redacted.make(refreshToken) }),
        Me.get()
      )
    }
    // Refusals: a wrong password, a wrong secret, a forged token.
    yield* as(
      Session.layerPassword({
        clientID: Seed.storefrontClientID,
        username: Seed.buyerUsername,
        password: Redacted.make("pw-CANARY-wrong"),
        scope: ["Shopper"]
      }),
      Me.get()
    )
    yield* as(
      Session.layerClientCredentials({ clientID: Seed.adminClientID, clientSecret: Redacted.make("cs-CANARY-wrong") }),
      Me.get()
    )
    yield* as(Session.layerAccessToken({ accessToken: Redacted.make("at-CANARY-forged") }), Me.get())
  }).pipe(Effect.provide(Layer.merge(logs.layer, spans.layer)))

  const secrets = ["CANARY", ...target.issued, ...target.issued.map((token) => token.split(".")[2] ?? token)]
  const leaks: Array<string> = []
  const search = (where: string, text: string) => {
    for (const secret of secrets) {
      if (secret !== "" && text.includes(secret)) leaks.push(`${where}: ${text.slice(0, 120)}`)
    }
  }
  for (const line of logs.lines) search("log", line)
  const rendered = spans.render()
  for (const span of rendered) search("span", span)
  for (const error of errors) for (const text of Capture.renderings(error)) search("error", text)
  return {
    calls,
    failures: errors.length,
    secrets: secrets.length,
    logLines: logs.lines.length,
    spans: rendered.length,
    leaks
  }
})
