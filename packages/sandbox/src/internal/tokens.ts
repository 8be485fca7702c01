/**
 * The OAuth token endpoint: grants checked against the store's API clients,
 * users and security profiles; tokens signed as OrderCloud's JWTs.
 * @internal
 */
import { ApiRole } from "@ordercloud-effect/resources/models/ApiRole"
import * as Effect from "effect/Effect"
import { utf8 } from "./base64url.js"
import * as Errors from "./errors.js"
import type { Failure } from "./errors.js"
import type { Claims } from "./jwt.js"
import type { Json, Store } from "./store.js"

/** Where a user lives and what kind of user it is. @internal */
export interface UserRef {
  readonly collection: string
  readonly id: string
  readonly usrtype: "admin" | "buyer" | "supplier"
  /** The buyer or supplier ID; undefined for marketplace (admin) users. */
  readonly companyID: string | undefined
}

/** A refresh token the sandbox issued. @internal */
export interface RefreshGrant {
  readonly clientID: string
  readonly user: UserRef
  readonly roles: ReadonlyArray<string>
  readonly expiresAt: number
}

/** What the token endpoint needs of the sandbox's state. @internal */
export interface TokenState {
  readonly store: Store
  readonly refreshTokens: Map<string, RefreshGrant>
  readonly issue: (
    claims: Omit<Claims, "iss" | "aud" | "exp" | "nbf" | "jti">,
    lifetimeSeconds: number
  ) => Effect.Effect<string>
  readonly newId: () => string
  readonly nowMillis: number
}

/**
 * Compares secrets in time that depends only on their lengths: every byte
 * is visited whatever differs, so the time taken does not tell a caller how
 * much of a guess was right.
 */
const sameSecret = (given: string | null, expected: string): boolean => {
  if (given === null) return false
  const a = utf8(given)
  const b = utf8(expected)
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!
  return difference === 0
}

const invalidGrant = (message: string): Failure => Errors.failure(400, "InvalidGrant", message)

/** Every user with this username, in any organisation (usernames are unique marketplace-wide). @internal */
export const findUser = (
  store: Store,
  username: string
): { readonly ref: UserRef; readonly user: Json } | undefined => {
  const places: ReadonlyArray<readonly [string, UserRef["usrtype"]]> = [
    ["adminusers", "admin"],
    ...store.collectionsLike("buyers/*/users").map((c) => [c, "buyer"] as const),
    ...store.collectionsLike("suppliers/*/users").map((c) => [c, "supplier"] as const)
  ]
  for (const [collection, usrtype] of places) {
    const user = store.list(collection).find((u) =>
      typeof u["Username"] === "string" && u["Username"].toLowerCase() === username.toLowerCase()
    )
    if (user !== undefined) {
      return {
        ref: {
          collection,
          id: String(user["ID"]),
          usrtype,
          companyID: usrtype === "admin" ? undefined : collection.split("/")[1]
        },
        user
      }
    }
  }
  return undefined
}

/** The user's groups, from the user group assignments. */
const groupsOf = (store: Store, ref: UserRef): ReadonlyArray<string> =>
  store.list(`assignments:${ref.usrtype === "supplier" ? "suppliers" : "buyers"}/usergroups/assignments`)
    .filter((a) =>
      a["UserID"] === ref.id &&
      (ref.companyID === undefined || a["BuyerID"] === ref.companyID || a["SupplierID"] === ref.companyID)
    )
    .map((a) => String(a["UserGroupID"]))

/**
 * The roles and custom roles a user has: the union of the security profiles
 * assigned to the marketplace, the user's company, groups or the user.
 * @internal
 */
export const availableRoles = (
  store: Store,
  ref: UserRef
): { readonly roles: Set<string>; readonly custom: Set<string> } => {
  const groups = new Set(groupsOf(store, ref))
  const roles = new Set<string>()
  const custom = new Set<string>()
  for (const a of store.list("assignments:securityprofiles/assignments")) {
    const company = ref.usrtype === "buyer" ? a["BuyerID"] : ref.usrtype === "supplier" ? a["SupplierID"] : undefined
    const companyLevel = ref.usrtype === "admin"
      ? a["BuyerID"] === undefined && a["SupplierID"] === undefined
      : company === ref.companyID
    if (!companyLevel) continue
    if (a["UserID"] !== undefined && a["UserID"] !== null && a["UserID"] !== ref.id) continue
    if (a["UserGroupID"] !== undefined && a["UserGroupID"] !== null && !groups.has(String(a["UserGroupID"]))) continue
    const profile = store.get("securityprofiles", String(a["SecurityProfileID"]))
    for (const role of (profile?.["Roles"] as ReadonlyArray<string> | undefined) ?? []) roles.add(role)
    for (const role of (profile?.["CustomRoles"] as ReadonlyArray<string> | undefined) ?? []) custom.add(role)
  }
  return { roles, custom }
}

/**
 * The roles a token carries: those asked for in `scope` that the user has
 * (FullAccess grants any API role asked for, never a custom role); all the
 * user has when no scope is given (a [guess] documented in the README).
 * @internal
 */
export const grantedRoles = (
  available: { readonly roles: ReadonlySet<string>; readonly custom: ReadonlySet<string> },
  scope: string | null
): ReadonlyArray<string> => {
  if (scope === null || scope.trim() === "") return [...available.roles, ...available.custom]
  return scope.split(/\s+/).filter((role) =>
    role !== "" &&
    (available.roles.has(role) || available.custom.has(role) ||
      (available.roles.has("FullAccess") && apiRoles.has(role)))
  )
}

const apiRoles: ReadonlySet<string> = new Set(ApiRole.literals)

/** A duration in minutes from an API client's setting, or the fallback. @internal */
export const minutes = (value: unknown, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback

/** What a token endpoint answers: the token response, or why not. @internal */
export type Answer = { readonly status: 200; readonly body: Json } | Failure

/** Answers `POST /oauth/token`. @internal */
export const token = (state: TokenState, form: URLSearchParams): Effect.Effect<Answer> =>
  Effect.gen(function*() {
    const clientID = form.get("client_id")
    const client = clientID === null ? undefined : state.store.get("apiclients", clientID)
    if (client === undefined) return invalidGrant("The API client is not known.")
    if (client["Active"] === false) return Errors.failure(400, "Auth.ClientNotActive", "The API client is not active.")
    const secret = typeof client["ClientSecret"] === "string" && client["ClientSecret"] !== ""
      ? client["ClientSecret"]
      : undefined
    const grantType = form.get("grant_type")
    const anonymous = grantType === "client_credentials" && secret === undefined
    if (secret !== undefined && !sameSecret(form.get("client_secret"), secret)) {
      return invalidGrant("The client secret is missing or wrong.")
    }

    let ref: UserRef
    let roles: ReadonlyArray<string>
    let orderid: string | undefined
    switch (grantType) {
      case "password": {
        const username = form.get("username")
        const password = form.get("password")
        if (username === null || password === null) {
          return Errors.failure(400, "Auth.UsernameAndPasswordRequired", "Username and password are required.")
        }
        const found = findUser(state.store, username)
        if (found === undefined || !sameSecret(password, String(found.user["Password"] ?? ""))) {
          return Errors.failure(400, "InvalidCredentials", "User not found or password incorrect.")
        }
        if (found.user["Active"] === false) return Errors.failure(400, "Auth.UserNotActive", "The user is not active.")
        ref = found.ref
        roles = grantedRoles(availableRoles(state.store, ref), form.get("scope"))
        break
      }
      case "client_credentials": {
        const contextUser = client["DefaultContextUserName"]
        const found = typeof contextUser === "string" ? findUser(state.store, contextUser) : undefined
        if (found === undefined) return invalidGrant("The API client has no default context user.")
        if (anonymous && client["IsAnonBuyer"] !== true) {
          return invalidGrant("The API client does not allow anonymous shopping.")
        }
        ref = found.ref
        roles = grantedRoles(availableRoles(state.store, ref), form.get("scope"))
        if (anonymous) orderid = state.newId()
        break
      }
      case "refresh_token": {
        const refresh = form.get("refresh_token")
        const grant = refresh === null ? undefined : state.refreshTokens.get(refresh)
        if (grant === undefined || grant.clientID !== clientID || grant.expiresAt <= state.nowMillis) {
          return invalidGrant("The refresh token is not valid.")
        }
        ref = grant.user
        roles = grant.roles
        break
      }
      default:
        return Errors.failure(400, "InvalidGrant", `grant_type "${grantType ?? ""}" is not supported.`)
    }

    const body = yield* tokenResponse(state, client, clientID!, ref, roles, {
      anonymous,
      orderid,
      refreshToken: grantType === "refresh_token" ? form.get("refresh_token")! : undefined
    })
    return { status: 200, body }
  })

/**
 * The token response for a user of an API client: an access token with the
 * client's lifetime and, unless anonymous, a refresh token when the client
 * issues them (`refreshToken`, the one a refresh grant used, is renewed
 * rather than replaced).
 * @internal
 */
export const tokenResponse = (
  state: TokenState,
  client: Json,
  clientID: string,
  ref: UserRef,
  roles: ReadonlyArray<string>,
  options: {
    readonly anonymous?: boolean | undefined
    readonly orderid?: string | undefined
    readonly refreshToken?: string | undefined
  } = {}
): Effect.Effect<Json> =>
  Effect.gen(function*() {
    const { anonymous = false, orderid } = options
    const lifetimeMinutes = anonymous
      ? minutes(client["AnonymousTokenDuration"], 10080)
      : minutes(client["AccessTokenDuration"], 600)
    const accessToken = yield* state.issue(
      {
        usr: findUsername(state.store, ref),
        cid: clientID,
        u: userNumber(ref),
        usrtype: ref.usrtype,
        role: roles.length === 1 ? roles[0]! : [...roles],
        ...(orderid === undefined ? {} : { orderid })
      },
      lifetimeMinutes * 60
    )
    const body: Json = { access_token: accessToken, token_type: "bearer", expires_in: lifetimeMinutes * 60 }
    const refreshMinutes = minutes(client["RefreshTokenDuration"], 0)
    if (!anonymous && refreshMinutes > 0) {
      const existing = options.refreshToken ?? state.newId()
      state.refreshTokens.set(existing, {
        clientID,
        user: ref,
        roles,
        expiresAt: state.nowMillis + refreshMinutes * 60_000
      })
      body["refresh_token"] = existing
    }
    return body
  })

const findUsername = (store: Store, ref: UserRef): string =>
  String(store.get(ref.collection, ref.id)?.["Username"] ?? ref.id)

/**
 * The token's `u` claim: a number-like string standing for the user, as
 * OrderCloud's database ids do; derived from where the user lives so it is
 * stable for the sandbox's life.
 * @internal
 */
export const userNumber = (ref: UserRef): string => {
  let hash = 7
  for (const char of `${ref.collection}/${ref.id}`) hash = (hash * 31 + char.charCodeAt(0)) % 2_147_483_647
  return String(hash)
}

/**
 * `POST /v1/buyers/{buyerID}/users/{userID}/accesstoken`: a token for a buyer
 * user, asked for by a caller that holds `BuyerImpersonation` (checked
 * before) and that an impersonation config allows: the config names the
 * API client (or none), who may be impersonated (buyer, group, user, or
 * any) and who may impersonate; its security profile caps the roles. The
 * token carries `imp`, the impersonator's `u`; it has no refresh token.
 * @internal
 */
export const impersonate = (
  state: TokenState,
  caller: UserRef,
  target: { readonly buyerID: string; readonly userID: string },
  request: { readonly ClientID?: unknown; readonly Roles?: unknown; readonly CustomRoles?: unknown }
): Effect.Effect<Answer> =>
  Effect.gen(function*() {
    const collection = `buyers/${target.buyerID}/users`
    if (!state.store.has("buyers", target.buyerID)) return Errors.notFound("Buyer", target.buyerID)
    const user = state.store.get(collection, target.userID)
    if (user === undefined) return Errors.notFound("User", target.userID)
    const clientID = typeof request.ClientID === "string" ? request.ClientID : ""
    const client = state.store.get("apiclients", clientID)
    if (client === undefined) {
      return Errors.failure(404, "Impersonation.ClientIDNotFound", `API client ${clientID} not found.`)
    }
    const ref: UserRef = { collection, id: target.userID, usrtype: "buyer", companyID: target.buyerID }
    const groups = new Set(groupsOf(state.store, ref))
    const callerGroups = new Set(groupsOf(state.store, caller))
    const open = (value: unknown) => value === undefined || value === null || value === ""
    const config = state.store.list("impersonationconfig").find((c) =>
      (open(c["ClientID"]) || c["ClientID"] === clientID) &&
      (open(c["BuyerID"]) || c["BuyerID"] === target.buyerID) &&
      (open(c["UserID"]) || c["UserID"] === target.userID) &&
      (open(c["GroupID"]) || groups.has(String(c["GroupID"]))) &&
      (caller.usrtype === "admin"
        ? open(c["ImpersonationBuyerID"])
        : c["ImpersonationBuyerID"] === caller.companyID && caller.companyID === target.buyerID) &&
      (open(c["ImpersonationUserID"]) || c["ImpersonationUserID"] === caller.id) &&
      (open(c["ImpersonationGroupID"]) || callerGroups.has(String(c["ImpersonationGroupID"])))
    )
    if (config === undefined) {
      return Errors.failure(
        403,
        "Impersonation.ConfigError",
        "No impersonation config allows this caller to act as this user."
      )
    }
    const profile = state.store.get("securityprofiles", String(config["SecurityProfileID"]))
    const available = {
      roles: new Set((profile?.["Roles"] as ReadonlyArray<string> | undefined) ?? []),
      custom: new Set((profile?.["CustomRoles"] as ReadonlyArray<string> | undefined) ?? [])
    }
    const asked = [
      ...(Array.isArray(request.Roles) ? request.Roles : []),
      ...(Array.isArray(request.CustomRoles) ? request.CustomRoles : [])
    ].filter((role): role is string => typeof role === "string")
    const roles = grantedRoles(available, asked.join(" "))
    const lifetimeMinutes = minutes(client["AccessTokenDuration"], 600)
    const accessToken = yield* state.issue(
      {
        usr: String(user["Username"] ?? target.userID),
        cid: clientID,
        u: userNumber(ref),
        usrtype: "buyer",
        role: roles.length === 1 ? roles[0]! : [...roles],
        imp: userNumber(caller)
      },
      lifetimeMinutes * 60
    )
    return { status: 200, body: { access_token: accessToken, token_type: "bearer", expires_in: lifetimeMinutes * 60 } }
  })
