/**
 * The sandbox as an `HttpApp`: `/oauth/token` and `/oauth/certs/{kid}` at
 * the root, every operation of the table under `/v1`, each checked as
 * OrderCloud checks it (token, roles, body) before the generic or special
 * behaviour runs.
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { issuesOf } from "@ordercloud-effect/core/OrderCloudError"
import { entries } from "@ordercloud-effect/resources/OperationTable"
import type { Entry } from "@ordercloud-effect/resources/OperationTable"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Base64url from "./base64url.js"
import * as Catalog from "./catalog.js"
import * as Checkout from "./checkout.js"
import * as Commerce from "./commerce.js"
import * as Cors from "./cors.js"
import * as Crud from "./crud.js"
import * as Errors from "./errors.js"
import type { Failure } from "./errors.js"
import * as Jwt from "./jwt.js"
import * as Lifecycle from "./lifecycle.js"
import * as Listing from "./listing.js"
import * as Outbound from "./outbound.js"
import * as Roles from "./roles.js"
import * as Routes from "./routes.js"
import * as Sso from "./sso.js"
import type { Json, Store } from "./store.js"
import * as Tokens from "./tokens.js"

/** Everything one sandbox instance holds. @internal */
export interface State {
  readonly store: Store
  readonly routes: ReadonlyArray<Routes.Route>
  /** The key tokens are signed with (generated on first use: it takes a while). */
  readonly signingKey: Effect.Effect<Jwt.SigningKey>
  /** What tokens name as issuer and audience. */
  readonly baseUrl: string
  readonly refreshTokens: Map<string, Tokens.RefreshGrant>
  /** The `u` claim of each user a token was issued to. */
  readonly users: Map<string, Tokens.UserRef>
  /**
   * The token ids (`jti`) issued to each user (`u` claim) and not revoked:
   * a token is accepted only if listed here, so a token another sandbox
   * signed with the same key is refused, and a user's tokens can be revoked
   * together.
   */
  readonly issued: Map<string, Set<string>>
  readonly revoked: Set<string>
  /** Filtered and sorted selections of each list source, while that source is unchanged. */
  readonly selections: WeakMap<ReadonlyArray<Json>, Map<string, ReadonlyArray<Json>>>
  /** The marketplace's ID: the `ToCompanyID` of buyers' orders. */
  readonly marketplaceID: string
  /** The OpenAPI document served at `/v1/openapi/v3`, built on first use. */
  readonly description: () => unknown
  /** Single sign-ons under way (`/ocrplogin` to `/ocrpcode`). */
  readonly logins: Sso.Logins
  /** What webhooks and integration events are sent with. */
  readonly outbound: HttpClient.HttpClient
}

/** The operations with behaviour of their own; the others run generically. */
const handlers: Readonly<Record<string, Commerce.Handler>> = {
  ...Commerce.handlers,
  ...Lifecycle.handlers,
  ...Checkout.handlers,
  ...Catalog.handlers
}

/**
 * `PUT /me/register?anonUserToken=`: the guest becomes a user of its buyer
 * (the body's profile, username unique marketplace-wide), its order goes
 * with it, and the answer is an access token for the new user with the
 * guest token's roles.
 */
const register = (state: State, nowMillis: number, caller: Commerce.Caller, claims: Jwt.Claims, body: Json) =>
  Effect.gen(function*() {
    const buyerID = caller.ref.companyID
    if (caller.ref.usrtype !== "buyer" || buyerID === undefined) {
      return Errors.failure(400, "Auth.MustPassAnonUserToken", "Only a buyer's anonymous shopper registers.")
    }
    const collection = `buyers/${buyerID}/users`
    const id = typeof body["ID"] === "string" && body["ID"] !== "" ? body["ID"] : newId()
    if (state.store.has(collection, id)) return Errors.idExists("User", id)
    const username = String(body["Username"] ?? "")
    if (Tokens.findUser(state.store, username) !== undefined) {
      return Errors.failure(409, "User.UsernameMustBeUnique", `Username ${username} is already taken.`)
    }
    const user: Json = { ...body, ID: id, Active: true, DateCreated: new Date(nowMillis).toISOString() }
    state.store.put(collection, id, user)
    const ref: Tokens.UserRef = { collection, id, usrtype: "buyer", companyID: buyerID }
    const order = Commerce.anonUserOrder(state.store, caller)
    if (order !== undefined) Commerce.transfer(state.store, order, { ...caller, ref, user, guestOrderID: undefined })
    const lifetimeMinutes = Tokens.minutes(state.store.get("apiclients", claims.cid)?.["AccessTokenDuration"], 600)
    const accessToken = yield* tokenState(state, nowMillis).issue(
      {
        usr: username,
        cid: claims.cid,
        u: Tokens.userNumber(ref),
        usrtype: "buyer",
        role: Jwt.roleClaim(Jwt.roles(claims))
      },
      lifetimeMinutes * 60
    )
    return { access_token: accessToken }
  })

/** Runs an operation: its own behaviour, else the generic one. */
const dispatch = (store: Store, call: Crud.Call, caller: Commerce.Caller) => {
  const special = handlers[call.entry.id]
  return special !== undefined
    ? special(store, call, caller)
    : call.entry.list !== undefined
    ? Crud.listSource(store, call)
    : Crud.run(store, call)
}

/** Each `/cart...` operation's twin under `/orders/{direction}/{orderID}...` (method and rest of the path alike). */
const cartTwins: ReadonlyMap<string, Entry> = new Map(
  entries.flatMap((entry) =>
    entry.path.startsWith("/orders/{direction}/{orderID}")
      ? [[`${entry.method} ${entry.path.replace("/orders/{direction}/{orderID}", "/cart")}`, entry] as const]
      : []
  )
)

/**
 * `/cart...` is the caller's current order seen Outgoing: a guest's is the
 * order its token names, a user's the latest unsubmitted order, created on
 * first use as OrderCloud does. The call runs as its `/orders/...` twin.
 */
const cartCall = (store: Store, call: Crud.Call, caller: Commerce.Caller): Crud.Call | Failure => {
  const twin = call.entry.resource === "Cart" ? cartTwins.get(`${call.entry.method} ${call.entry.path}`) : undefined
  if (twin === undefined) return call
  if (Commerce.cartOf(store, caller) === undefined) {
    const created = Commerce.handlers["Orders.create"]!(
      store,
      { ...call, params: { direction: "Outgoing" }, body: {} },
      caller
    )
    // A guest whose order went to a registered user has no cart left to use.
    if (isFailure(created)) return Errors.notFound("Order", caller.guestOrderID ?? "")
  }
  const cart = Commerce.cartOf(store, caller)!
  return { ...call, entry: twin, params: { ...call.params, direction: "Outgoing", orderID: String(cart["ID"]) } }
}

/**
 * The anonymous shopper whose token is `token` (its `orderid` and its
 * user), if the token is a guest's that this sandbox issued, unexpired and
 * not revoked.
 */
const guestOf = (state: State, token: string | null, nowMillis: number) =>
  Effect.gen(function*() {
    if (token === null || token === "") return undefined
    const verified = yield* Jwt.verify(token, yield* state.signingKey, Math.floor(nowMillis / 1000))
    if (!verified.ok || state.revoked.has(verified.claims.jti)) return undefined
    const { jti, orderid, u } = verified.claims
    const user = state.users.get(u)
    if (state.issued.get(u)?.has(jti) !== true || orderid === undefined || user === undefined) return undefined
    return { orderID: orderid, userID: user.id }
  })

/** 22 characters of URL-safe base64, as OrderCloud's generated IDs. @internal */
export const newId = (): string => Base64url.random(16)

const respond = (status: number, body?: unknown) =>
  status === 204 || body === undefined
    ? HttpServerResponse.empty({ status })
    : HttpServerResponse.text(JSON.stringify(body), { status, contentType: "application/json; charset=utf-8" })

const fail = (failure: Failure) => respond(failure.status, Errors.body(failure))

const isFailure = (value: unknown): value is Failure =>
  typeof value === "object" && value !== null && "errorCode" in value && "status" in value

/** Decodes a request body with the operation's schema; the stored form is its encoding. */
const validateBody = (entry: Entry, json: unknown): Json | Failure => {
  const schema = entry.body!.schema
  const decoded = Schema.decodeUnknownEither(schema)(json, { errors: "all", onExcessProperty: "ignore" })
  if (Either.isLeft(decoded)) {
    return Errors.validation("The request body is not valid.", { Issues: issuesOf(decoded.left) })
  }
  return Schema.encodeSync(schema)(decoded.right) as Json
}

/** What OrderCloud returns of an object: its read form (write-only fields such as `Password` dropped). */
const present = (schema: Schema.Schema.AnyNoContext, value: unknown): unknown => {
  const decoded = Schema.decodeUnknownEither(schema)(value, { onExcessProperty: "ignore" })
  return Either.isRight(decoded) ? Schema.encodeSync(schema)(decoded.right) : value
}

const decodeSegments = (path: string): ReadonlyArray<string> | undefined => {
  try {
    return path.split("/").slice(2).map((segment) => decodeURIComponent(segment))
  } catch {
    return undefined
  }
}

const bearer = (header: string | undefined): string | undefined => {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header)
  return match === null ? undefined : match[1]
}

/** The operations that revoke every token of a user, and which user each names. */
const revocations: Readonly<
  Record<string, (params: Readonly<Record<string, string>>, caller: Tokens.UserRef) => Tokens.UserRef>
> = {
  "Me.revokeTokens": (_params, caller) => caller,
  "AdminUsers.revokeUserTokens": (params) => ({
    collection: "adminusers",
    id: params["userID"]!,
    usrtype: "admin",
    companyID: undefined
  }),
  "Users.revokeUserTokens": (params) => ({
    collection: `buyers/${params["buyerID"]}/users`,
    id: params["userID"]!,
    usrtype: "buyer",
    companyID: params["buyerID"]
  }),
  "SupplierUsers.revokeUserTokens": (params) => ({
    collection: `suppliers/${params["supplierID"]}/users`,
    id: params["userID"]!,
    usrtype: "supplier",
    companyID: params["supplierID"]
  })
}

/** What the token endpoints need: the store and a signer stamped with this instant. */
const tokenState = (state: State, nowMillis: number): Tokens.TokenState => ({
  store: state.store,
  refreshTokens: state.refreshTokens,
  newId,
  nowMillis,
  issue: (claims, lifetimeSeconds) =>
    Effect.flatMap(state.signingKey, (key) => {
      const now = Math.floor(nowMillis / 1000)
      const ref = userFor(state.store, claims.u, claims.usr)
      if (ref !== undefined) state.users.set(claims.u, ref)
      const jti = newId()
      const issued = state.issued.get(claims.u) ?? new Set<string>()
      issued.add(jti)
      state.issued.set(claims.u, issued)
      return Jwt.sign(
        { ...claims, iss: state.baseUrl, aud: state.baseUrl, nbf: now, exp: now + lifetimeSeconds, jti },
        key
      )
    })
})

/**
 * The caller of a request: a bearer token this sandbox issued, signed, in
 * date and not revoked, and the user it names.
 */
const authenticate = (state: State, request: HttpServerRequest.HttpServerRequest, nowMillis: number) =>
  Effect.gen(function*() {
    const token = bearer(request.headers["authorization"])
    if (token === undefined) return Errors.unauthorized("An access token is required.")
    const verified = yield* Jwt.verify(token, yield* state.signingKey, Math.floor(nowMillis / 1000))
    if (!verified.ok) return Errors.unauthorized()
    if (state.revoked.has(verified.claims.jti)) {
      return Errors.failure(401, "Auth.TokenRevoked", "The access token was revoked.")
    }
    const claims = verified.claims
    if (state.issued.get(claims.u)?.has(claims.jti) !== true) return Errors.unauthorized()
    const user = state.users.get(claims.u)
    if (user === undefined) return Errors.unauthorized()
    return { claims, user }
  })

/**
 * `GET /oauth/userinfo` (OpenID Connect): an identity token for the
 * caller, an RS256 JWT signed like the access tokens, carrying the
 * standard claims OrderCloud's user has (`sub`, `preferred_username`,
 * `name`, `given_name`, `family_name`, `email`), with the access token's
 * expiry.
 */
const userinfo = (state: State, request: HttpServerRequest.HttpServerRequest, nowMillis: number) =>
  Effect.gen(function*() {
    if (request.method !== "GET") return fail(Errors.failure(405, "MethodNotAllowed", "Use GET."))
    const authenticated = yield* authenticate(state, request, nowMillis)
    if (isFailure(authenticated)) return fail(authenticated)
    const { claims, user } = authenticated
    const record = state.store.get(user.collection, user.id) ?? {}
    const text = (field: string): string | undefined => {
      const value = record[field]
      return typeof value === "string" ? value : undefined
    }
    const first = text("FirstName")
    const last = text("LastName")
    const email = text("Email")
    const now = Math.floor(nowMillis / 1000)
    const identity = yield* Jwt.signPayload({
      iss: state.baseUrl,
      aud: claims.cid,
      sub: user.id,
      preferred_username: claims.usr,
      ...(first === undefined ? {} : { given_name: first }),
      ...(last === undefined ? {} : { family_name: last }),
      ...(first === undefined && last === undefined
        ? {}
        : { name: [first, last].filter((part) => part !== undefined).join(" ") }),
      ...(email === undefined ? {} : { email }),
      iat: now,
      exp: claims.exp
    }, yield* state.signingKey)
    return respond(200, { identity_token: identity, expires_in: Math.max(0, claims.exp - now) })
  })

const api = (state: State, request: HttpServerRequest.HttpServerRequest, url: URL, nowMillis: number) =>
  Effect.gen(function*() {
    const segments = decodeSegments(url.pathname)
    if (segments === undefined) return fail(Errors.validation("The path is not valid percent-encoding."))
    const matched = Routes.match(state.routes, request.method, segments)
    if (matched === "no-route") return fail(Errors.failure(404, "NotFound", `No route for ${url.pathname}`))
    if (matched === "wrong-method") {
      return fail(Errors.failure(405, "MethodNotAllowed", `${request.method} is not allowed on ${url.pathname}`))
    }
    const { entry } = matched.route

    const authenticated = yield* authenticate(state, request, nowMillis)
    if (isFailure(authenticated)) return fail(authenticated)
    const { claims, user } = authenticated

    const allowed = Roles.check(Roles.requiredRoles(entry), Jwt.roles(claims))
    if (!allowed.ok) return respond(403, allowed.body)

    let body: Json | undefined
    if (entry.body !== undefined) {
      const text = yield* Effect.orElseSucceed(request.text, () => "")
      let json: unknown = {}
      if (text.trim() !== "") {
        try {
          json = JSON.parse(text)
        } catch {
          return fail(Errors.validation("The request body is not JSON."))
        }
      }
      const validated = validateBody(entry, json)
      if (isFailure(validated)) return fail(validated)
      body = validated
    }

    const call: Crud.Call = {
      entry,
      params: matched.params,
      query: url.searchParams,
      body,
      userKey: claims.u,
      now: new Date(nowMillis),
      newId
    }

    const revoke = revocations[entry.id]
    if (revoke !== undefined) {
      const target = revoke(matched.params, user)
      if (!state.store.has(target.collection, target.id)) return fail(Errors.notFound("User", target.id))
      const u = Tokens.userNumber(target)
      for (const jti of state.issued.get(u) ?? []) state.revoked.add(jti)
      state.issued.delete(u)
      // Revoking also ends the user's refresh tokens.
      for (const [key, grant] of state.refreshTokens) {
        if (Tokens.userNumber(grant.user) === u) state.refreshTokens.delete(key)
      }
      return respond(204)
    }

    if (entry.id === "Users.getAccessToken") {
      const answer = yield* Tokens.impersonate(
        tokenState(state, nowMillis),
        user,
        { buyerID: matched.params["buyerID"]!, userID: matched.params["userID"]! },
        body ?? {}
      )
      return isFailure(answer) ? fail(answer) : respond(answer.status, answer.body)
    }

    let anonUser: Commerce.Caller["anonUser"]
    if (entry.query.includes("anonUserToken")) {
      anonUser = yield* guestOf(state, url.searchParams.get("anonUserToken"), nowMillis)
      if (anonUser === undefined) {
        return fail(
          Errors.failure(400, "Auth.MustPassAnonUserToken", "anonUserToken must be an anonymous shopper's valid token.")
        )
      }
    }
    const caller: Commerce.Caller = {
      ref: user,
      user: state.store.get(user.collection, user.id) ?? {},
      marketplaceID: state.marketplaceID,
      guestOrderID: claims.orderid,
      anonUser
    }
    if (entry.id === "Me.register") {
      const answer = yield* register(state, nowMillis, caller, claims, body ?? {})
      return isFailure(answer) ? fail(answer) : respond(200, answer)
    }

    const routed = cartCall(state.store, call, caller)
    if (isFailure(routed)) return fail(routed)
    const sending = outboundCall(state, routed, claims, bearer(request.headers["authorization"])!, nowMillis)
    const refused = yield* Outbound.preHooks(sending)
    if (refused !== undefined) return fail(refused)
    const result = dispatch(state.store, routed, caller)
    if (isFailure(result)) return fail(result)

    if (entry.list !== undefined && entry.response._tag === "Page") {
      const source = Array.isArray(result) ? result : "source" in result ? result.source : []
      let memo = state.selections.get(source)
      if (memo === undefined) {
        memo = new Map()
        state.selections.set(source, memo)
      }
      const spec = {
        ...entry.list,
        fields: matched.route.fields,
        facetDefinitions: entry.list.facets ? facetDefinitions(state.store) : undefined
      }
      const page = Listing.list(source, url.searchParams, spec, new Set(entry.query), memo)
      if (Listing.isListError(page)) return fail(Errors.failure(page.status, page.errorCode, page.message, page.data))
      const item = entry.response.item
      return respond(200, { ...page, Items: page.Items.map((object) => present(item, object)) })
    }
    const answer = result as Crud.Answer
    if (isFailure(answer)) return fail(answer)
    // The checkout integration's answer lands in the worksheet the call returns.
    const answered = (yield* Outbound.checkout(sending)) && entry.response._tag === "Model" &&
        entry.response.model === "OrderWorksheet"
      ? Checkout.worksheet(state.store, state.store.get(Commerce.orders, String(routed.params["orderID"])) ?? {})
      : answer.body
    const shown = entry.response._tag === "Model" && answered !== undefined
      ? present(entry.response.schema, answered)
      : answered
    yield* Outbound.postHooks(sending, shown ?? null)
    return respond(answer.status, shown)
  })

/** What webhooks and integration events need to know of a call. */
const outboundCall = (
  state: State,
  call: Crud.Call,
  claims: Jwt.Claims,
  token: string,
  nowMillis: number
): Outbound.Call => ({
  store: state.store,
  client: state.outbound,
  entry: call.entry,
  params: call.params,
  query: call.query,
  body: call.body,
  token,
  clientID: claims.cid,
  nowMillis,
  elevate: (roles) =>
    tokenState(state, nowMillis).issue(
      {
        usr: claims.usr,
        cid: claims.cid,
        u: claims.u,
        usrtype: claims.usrtype,
        role: Jwt.roleClaim([...new Set([...Jwt.roles(claims), ...roles])]),
        ...(claims.orderid === undefined ? {} : { orderid: claims.orderid })
      },
      Math.max(60, claims.exp - Math.floor(nowMillis / 1000))
    )
})

/** The marketplace's product facets, in `ListOrder`. */
const facetDefinitions = (store: Store): ReadonlyArray<Listing.FacetDefinition> =>
  [...store.list("productfacets")]
    .sort((a, b) => Number(a["ListOrder"] ?? 0) - Number(b["ListOrder"] ?? 0))
    .map((facet) => ({
      Name: String(facet["Name"] ?? facet["ID"]),
      XpPath: String(facet["XpPath"] ?? facet["ID"]),
      MinCount: typeof facet["MinCount"] === "number" ? facet["MinCount"] : 1,
      xp: facet["xp"] ?? null
    }))

/** The sandbox's HTTP application, open to pages on any origin. @internal */
export const make = (state: State) => Cors.wrap(handle(state))

const handle = (state: State) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const nowMillis = yield* Clock.currentTimeMillis
    const url = new URL(request.url, state.baseUrl)
    if (url.pathname.toLowerCase() === "/oauth/token") {
      if (request.method !== "POST") return fail(Errors.failure(405, "MethodNotAllowed", "Use POST."))
      const contentType = request.headers["content-type"]
      if (contentType !== undefined && !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
        const message =
          `The token request body must be form-encoded (Content-Type: application/x-www-form-urlencoded), not ${
            contentType.split(";")[0]
          }.`
        return respond(400, {
          error: "invalid_request",
          error_description: message,
          ...Errors.body(Errors.failure(400, "InvalidRequest", message))
        })
      }
      const form = new URLSearchParams(yield* Effect.orElseSucceed(request.text, () => ""))
      const answer = yield* Tokens.token(tokenState(state, nowMillis), form)
      if ("errorCode" in answer) {
        // OAuth clients read `error`; OrderCloud clients read `Errors`.
        return respond(answer.status, {
          error: "invalid_grant",
          error_description: answer.message,
          ...Errors.body(answer)
        })
      }
      return respond(200, answer.body)
    }
    if (url.pathname.toLowerCase().startsWith("/oauth/certs/")) return yield* certs(state, request, url)
    if (url.pathname.toLowerCase() === "/oauth/userinfo") return yield* userinfo(state, request, nowMillis)
    const sso = yield* Sso.handle(
      {
        tokens: tokenState(state, nowMillis),
        baseUrl: state.baseUrl,
        signingKey: state.signingKey,
        logins: state.logins
      },
      request,
      url
    )
    if (sso !== undefined) return sso
    if (url.pathname.toLowerCase() === "/v1/openapi/v3") {
      // Public, as OrderCloud's: tools read it before they have a token.
      if (request.method !== "GET") return fail(Errors.failure(405, "MethodNotAllowed", "Use GET."))
      return respond(200, state.description())
    }
    if (url.pathname.startsWith("/v1/")) return yield* api(state, request, url, nowMillis)
    return fail(Errors.failure(404, "NotFound", `No route for ${url.pathname}`))
  }).pipe(
    Effect.catchAllCause(() =>
      Effect.succeed(fail(Errors.failure(500, "ServerError", "The sandbox failed to handle the request.")))
    )
  )

/**
 * `GET /oauth/certs/{kid}`: the public key that verifies the sandbox's
 * tokens, as a JWK in OrderCloud's `PublicKey` shape. Needs no token: a
 * receiving server fetches it to check a token it was handed.
 */
const certs = (state: State, request: HttpServerRequest.HttpServerRequest, url: URL) =>
  Effect.gen(function*() {
    // `/oauth/certs/{kid}` gives the segments `certs` and the kid.
    const segments = decodeSegments(url.pathname)
    if (segments === undefined) return fail(Errors.validation("The path is not valid percent-encoding."))
    const kid = segments[1]
    if (segments.length !== 2 || kid === undefined || kid === "") {
      return fail(Errors.failure(404, "NotFound", `No route for ${url.pathname}`))
    }
    if (request.method !== "GET") return fail(Errors.failure(405, "MethodNotAllowed", "Use GET."))
    const key = yield* state.signingKey
    if (kid !== key.kid) return fail(Errors.notFound("PublicKey", kid))
    return respond(200, key.jwk)
  })

const userFor = (store: Store, u: string, username: string): Tokens.UserRef | undefined => {
  const found = Tokens.findUser(store, username)
  return found !== undefined && Tokens.userNumber(found.ref) === u ? found.ref : undefined
}
