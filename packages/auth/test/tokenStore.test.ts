/**
 * The token cache backed by a `KeyValueStore`: restarts and other instances
 * reuse a valid token; of many sessions finding none, one asks.
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as PlatformError from "@effect/platform/Error"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import { assert, describe, it } from "@effect/vitest"
import { Session, TokenStore } from "@ordercloud-effect/auth"
import type { OrderCloudClient } from "@ordercloud-effect/core"
import { Effect, Fiber, Layer, Logger, Option, Redacted, TestClock } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  clientLayer,
  type FakeServer,
  fakeServer,
  json,
  jwt,
  macrotask,
  tokenResponse,
  unauthorized,
  whoAmI
} from "./utils/server.js"

const password = Redacted.make("hunter2-secret")
const clientSecret = Redacted.make("client-secret-value")
const passwordSession = (options: Partial<Session.PasswordOptions> = {}) =>
  Session.layerPassword({ clientID: "app", username: "buyer01", password, scope: ["Shopper"], ...options })

/** A KeyValueStore over a Map the test can look into. */
const mapStore = () => {
  const entries = new Map<string, string>()
  const store = KeyValueStore.makeStringOnly({
    get: (key) => Effect.sync(() => Option.fromNullable(entries.get(key))),
    set: (key, value) => Effect.sync(() => void entries.set(key, value)),
    remove: (key) => Effect.sync(() => void entries.delete(key)),
    clear: Effect.sync(() => entries.clear()),
    size: Effect.sync(() => entries.size)
  })
  return { entries, layer: Layer.provide(TokenStore.layer, Layer.succeed(KeyValueStore.KeyValueStore, store)) }
}

/** One instance of a service: its own session (and cache) over the shared store. */
const instance = <E, SE = never>(
  server: FakeServer,
  store: Layer.Layer<TokenStore.TokenStore, E>,
  session: Layer.Layer<Session.Session, SE, OrderCloudClient.OrderCloudClient> = passwordSession()
) => Effect.provide(Layer.provideMerge(session, clientLayer(server)).pipe(Layer.provide(store)))

/** Runs fibers that sleep on the TestClock to the end: I/O first, then 50 ms of clock, at most `rounds` times. */
const drive = <A, E>(fiber: Fiber.Fiber<A, E>, rounds = 400) =>
  Effect.gen(function*() {
    for (let i = 0; i < rounds; i++) {
      const done = yield* fiber.poll
      if (Option.isSome(done)) break
      yield* macrotask
      yield* TestClock.adjust("50 millis")
    }
    return yield* Fiber.join(fiber)
  })

describe("TokenStore", () => {
  it.effect("a restart reuses the stored token: no second token request", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const store = mapStore()
      const first = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer))))
      const second = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer))))
      assert.deepStrictEqual([first, second], ["token-1", "token-1"])
      assert.strictEqual(server.tokenRequests.length, 1)
    }))

  it.effect("keys hold no secret, differ by secret, and values hold the tokens only as the store's data", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: (_, index) => tokenResponse(`token-${index + 1}`, { refreshToken: `refresh-${index + 1}` })
      })
      const store = mapStore()
      const sessions = [
        passwordSession(),
        passwordSession({ password: Redacted.make("another-password") }),
        Session.layerClientCredentials({ clientID: "app", clientSecret, scope: ["Shopper"] })
      ]
      for (const session of sessions) {
        yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer, session))))
      }
      const keys = [...store.entries.keys()]
      assert.strictEqual(keys.length, 3)
      for (const key of keys) {
        assert.match(key, /^ordercloud-token-[0-9a-f]{64}$/)
        for (const secret of ["hunter2", "another-password", "client-secret", "buyer01", "app"]) {
          assert.notInclude(key, secret)
        }
      }
      const stored = JSON.parse(store.entries.get(keys[0]!)!)
      assert.deepStrictEqual(Object.keys(stored).sort(), ["accessToken", "expiresAt", "issuedAt", "refreshToken"])
      assert.strictEqual(server.tokenRequests.length, 3)
    }))

  it.effect("an expired entry is renewed with the stored refresh token, and the store gets the new pair", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        token: (_, index) => tokenResponse(`token-${index + 1}`, { refreshToken: `refresh-${index + 1}` })
      })
      const store = mapStore()
      yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer))))
      yield* TestClock.adjust("10 minutes")
      const token = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer))))
      assert.strictEqual(token, "token-2")
      assert.deepStrictEqual(
        server.tokenRequests.map((request) => [request.form.get("grant_type"), request.form.get("refresh_token")]),
        [["password", null], ["refresh_token", "refresh-1"]]
      )
      const stored = JSON.parse([...store.entries.values()][0]!)
      assert.deepStrictEqual([stored.accessToken, stored.refreshToken], ["token-2", "refresh-2"])
    }))

  it.effect("a corrupt or foreign entry is ignored and overwritten", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const store = mapStore()
      yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer))))
      const key = [...store.entries.keys()][0]!
      for (
        const [index, junk] of ["{not json", JSON.stringify({ accessToken: 42 }), JSON.stringify({ token: "x" }), ""]
          .entries()
      ) {
        store.entries.set(key, junk)
        const token = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer))))
        assert.strictEqual(token, `token-${index + 2}`)
        assert.strictEqual(JSON.parse(store.entries.get(key)!).accessToken, `token-${index + 2}`)
      }
    }))

  it.effect("a store that fails is skipped: the call still gets its token", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const failure = (method: string) =>
        Effect.fail(new PlatformError.SystemError({ reason: "Unknown", module: "KeyValueStore", method }))
      const broken = KeyValueStore.makeStringOnly({
        get: () => failure("get"),
        set: () => failure("set"),
        remove: () => Effect.void,
        clear: Effect.void,
        size: Effect.succeed(0)
      })
      const layer = Layer.provide(TokenStore.layer, Layer.succeed(KeyValueStore.KeyValueStore, broken))
      assert.strictEqual(yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, layer)))), "token-1")
    }))

  it.effect("8 instances finding no token at once make 1 token request; warm, they make none", () =>
    Effect.gen(function*() {
      // The token answer is held back for a second of clock: every instance
      // has found the store empty and made up its mind by then.
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const server = fakeServer({ token: async () => gate.then(() => tokenResponse("token-1")) })
      const store = mapStore()
      const eight = Effect.all(
        Array.from({ length: 8 }, () => whoAmI.pipe(instance(server, store.layer))),
        { concurrency: "unbounded" }
      )
      const cold = yield* Effect.fork(eight)
      for (let i = 0; i < 20; i++) {
        yield* macrotask
        yield* TestClock.adjust("50 millis")
      }
      const heldBack = server.tokenRequests.length
      release()
      assert.deepStrictEqual(yield* drive(cold), Array(8).fill("token-1"))
      assert.strictEqual(heldBack, 1)
      assert.strictEqual(server.tokenRequests.length, 1)
      const warm = yield* drive(yield* Effect.fork(eight))
      assert.deepStrictEqual(warm, Array(8).fill("token-1"))
      assert.strictEqual(server.tokenRequests.length, 1)
    }))

  it.effect("a claim left by a process that died holds the others only until its lease ends", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const store = mapStore()
      yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer))))
      const key = [...store.entries.keys()][0]!
      store.entries.delete(key)
      // A claim's lease is 10 s.
      const now = yield* TestClock.currentTimeMillis
      store.entries.set(`${key}.claim`, JSON.stringify({ owner: "dead", until: now + 10_000 }))
      const fiber = yield* Effect.fork(whoAmI.pipe(instance(server, store.layer)))
      yield* TestClock.adjust("9 seconds")
      yield* macrotask
      assert.strictEqual(server.tokenRequests.length, 1)
      assert.strictEqual(yield* drive(fiber), "token-2")
      assert.strictEqual(server.tokenRequests.length, 2)
    }))

  it.effect("a token OrderCloud refused is not taken back from the store", () =>
    Effect.gen(function*() {
      const server = fakeServer({
        api: (request) => request.token === "token-1" ? unauthorized() : json(200, { token: request.token })
      })
      const store = mapStore()
      const token = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer))))
      assert.strictEqual(token, "token-2")
      assert.strictEqual(server.tokenRequests.length, 2)
    }))

  it.effect("resumed instances share the renewed pair: the rotated refresh token is not used twice", () =>
    Effect.gen(function*() {
      // OrderCloud rotates: refresh-0 works once, then only refresh-1.
      const server = fakeServer({
        token: (request, index) =>
          request.form.get("refresh_token") === `refresh-${index}`
            ? tokenResponse(`token-${index + 1}`, { refreshToken: `refresh-${index + 1}` })
            : json(400, { error: "invalid_grant", Errors: [{ ErrorCode: "Auth.TokenRevoked", Message: "no" }] })
      })
      const store = mapStore()
      const resumed = Session.layerResume({
        accessToken: Redacted.make(jwt({ cid: "storefront", nbf: 0, exp: 600 })),
        refreshToken: Redacted.make("refresh-0")
      })
      yield* TestClock.adjust("10 minutes")
      const first = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer, resumed))))
      const second = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer, resumed))))
      assert.deepStrictEqual([first, second], ["token-1", "token-1"])
      assert.deepStrictEqual(server.tokenRequests.map((request) => request.form.get("refresh_token")), ["refresh-0"])
    }))

  it.effect("anonymous and impersonation sessions are not shared", () =>
    Effect.gen(function*() {
      const server = fakeServer()
      const store = mapStore()
      const guest = Session.layerAnonymous({ clientID: "storefront", scope: ["Shopper"] })
      yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer, guest))))
      yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer, guest))))
      assert.strictEqual(server.tokenRequests.length, 2)
      assert.strictEqual(store.entries.size, 0)
    }))

  it.effect("values are never logged", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logger = Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ message }) => void lines.push(String(message)))
      )
      const server = fakeServer({
        token: () => tokenResponse("secret-access-token", { refreshToken: "secret-refresh-token" })
      })
      const store = mapStore()
      yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer), Effect.provide(logger))))
      store.entries.set([...store.entries.keys()][0]!, "{corrupt secret-access-token")
      yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, store.layer), Effect.provide(logger))))
      assert.notInclude(lines.join("\n"), "secret-")
    }))
})

describe("TokenStore.layerFileSystem", () => {
  const fileSystem = (directory: string) =>
    TokenStore.layerFileSystem(directory).pipe(Layer.provide([NodeFileSystem.layer, NodePath.layer]))

  it.effect("a restart reuses the token in the file; the directory is private; a corrupt file is overwritten", () =>
    Effect.gen(function*() {
      const directory = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "oc-tokens-")), "store")
      try {
        const server = fakeServer()
        const first = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, fileSystem(directory)))))
        const second = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, fileSystem(directory)))))
        assert.deepStrictEqual([first, second], ["token-1", "token-1"])
        assert.strictEqual(server.tokenRequests.length, 1)
        assert.strictEqual(fs.statSync(directory).mode & 0o777, 0o700)
        const files = fs.readdirSync(directory)
        assert.strictEqual(files.length, 1)
        assert.notInclude(files[0]!, "hunter2")
        fs.writeFileSync(path.join(directory, files[0]!), "\u0000garbage")
        const third = yield* drive(yield* Effect.fork(whoAmI.pipe(instance(server, fileSystem(directory)))))
        assert.strictEqual(third, "token-2")
        assert.strictEqual(JSON.parse(fs.readFileSync(path.join(directory, files[0]!), "utf8")).accessToken, "token-2")
      } finally {
        fs.rmSync(path.dirname(directory), { recursive: true, force: true })
      }
    }))
})
