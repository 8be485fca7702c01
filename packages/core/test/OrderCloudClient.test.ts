import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import type * as Middleware from "../src/Middleware.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as OrderCloudConfig from "../src/OrderCloudConfig.js"
import * as OrderCloudError from "../src/OrderCloudError.js"
import * as Retry from "../src/Retry.js"
import * as Session from "../src/Session.js"
import { runToEnd } from "./utils/clock.js"
import { getProduct } from "./utils/operations.js"
import { baseUrl, clientLayer, json, server } from "./utils/server.js"

const UserBody = Schema.Struct({
  ID: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]+$/)),
  Username: Schema.String.pipe(Schema.maxLength(100)),
  Password: Schema.optional(Schema.String.pipe(Schema.maxLength(20))),
  Active: Schema.Boolean,
  TermsAccepted: Schema.optional(Schema.Date)
})
const User = Schema.Struct({ ID: Schema.String, Username: Schema.String })
const createUser = OrderCloudClient.operation({
  id: "Users.create",
  method: "POST",
  path: "/buyers/{buyerID}/users",
  create: true,
  body: UserBody,
  response: User
})

const okProduct = () => json(200, { ID: "p1", Name: "Shirt" })
const okUser = () => json(201, { ID: "u1", Username: "jo" })

const authUrl = "https://auth.test.example/oauth/token"

/** A token endpoint's refusal, as a session reports it. */
const refused = (failure: OrderCloudClient.StatusFailure) =>
  new OrderCloudError.AuthenticationFailed({
    status: failure.status,
    url: failure.url,
    oauthError: undefined,
    errors: [],
    errorCode: undefined
  })

/**
 * A POST that takes no access token, at the auth root: the token request's
 * shape. `idempotent` as the auth package sets it; left off, a POST is sent once.
 */
const tokenPost = (idempotent?: boolean) =>
  OrderCloudClient.operation({
    id: "Auth.token",
    method: "POST",
    path: "/oauth/token",
    host: "auth",
    authenticated: false,
    ...(idempotent === undefined ? {} : { idempotent }),
    bodyEncoding: "form",
    readError: refused,
    body: Schema.Record({ key: Schema.String, value: Schema.String }),
    response: Schema.Struct({ access_token: Schema.String })
  })

/** A session handing out `tokens` in turn, moving on each time `invalidate` is called. */
const renewingSession = (tokens: ReadonlyArray<string>, options: { readonly renewable?: boolean } = {}) => {
  const log = { tokenCalls: 0, invalidated: [] as Array<string> }
  let index = 0
  const service: Session.Service = {
    token: Effect.sync(() => {
      log.tokenCalls++
      return Redacted.make(tokens[Math.min(index, tokens.length - 1)]!)
    }),
    invalidate: (rejected) =>
      Effect.sync(() => {
        log.invalidated.push(Redacted.value(rejected))
        index++
        return (options.renewable ?? true) && index < tokens.length
      })
  }
  return { service, log }
}

/** Runs `effect` with a tracer that records every span it starts. */
const recordSpans = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const base = yield* Effect.tracer
    const spans: Array<Tracer.Span> = []
    const tracer = Tracer.make({
      span: (name, parent, context, links, startTime, kind, options) => {
        const span = base.span(name, parent, context, links, startTime, kind, options)
        spans.push(span)
        return span
      },
      context: (f, fiber) => base.context(f, fiber)
    })
    const exit = yield* Effect.exit(Effect.withTracer(effect, tracer))
    return { exit, spans }
  })

const spanText = (span: Tracer.Span): string =>
  JSON.stringify([span.name, [...span.attributes.entries()].map(([k, v]) => [k, String(v)])])

describe("input validation", () => {
  it.effect("a valid body is sent as JSON with content-type application/json, encoded through its schema", () => {
    const srv = server(okUser)
    return Effect.gen(function*() {
      const user = yield* OrderCloudClient.execute(createUser, {
        path: { buyerID: "b1" },
        body: { ID: "u1", Username: "jo", Active: true, TermsAccepted: new Date("2024-01-02T03:04:05.000Z") }
      })
      assert.deepStrictEqual(user, { ID: "u1", Username: "jo" })
      assert.strictEqual(srv.requests.length, 1)
      const sent = srv.requests[0]!
      assert.strictEqual(sent.method, "POST")
      assert.strictEqual(sent.url, `${baseUrl}/v1/buyers/b1/users`)
      assert.match(sent.headers.get("content-type") ?? "", /^application\/json/)
      assert.deepStrictEqual(JSON.parse(sent.body), {
        ID: "u1",
        Username: "jo",
        Active: true,
        TermsAccepted: "2024-01-02T03:04:05.000Z"
      })
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  const secretPassword = "hunter2-but-much-longer-than-twenty"
  const invalidBodies: ReadonlyArray<readonly [name: string, body: unknown, issue: OrderCloudError.Issue]> = [
    [
      "a missing required field",
      { ID: "u1", Active: true },
      { path: "Username", message: "is missing" }
    ],
    [
      "a string over its maxLength",
      { ID: "u1", Username: "jo", Active: true, Password: secretPassword },
      { path: "Password", message: "expected a string at most 20 character(s) long" }
    ],
    [
      "an ID that does not match ^[A-Za-z0-9_-]+$",
      { ID: "u 1/../x", Username: "jo", Active: true },
      { path: "ID", message: "expected a string matching the pattern ^[A-Za-z0-9_-]+$" }
    ],
    [
      "a field of the wrong type",
      { ID: "u1", Username: "jo", Active: "yes" },
      { path: "Active", message: "expected boolean" }
    ]
  ]
  for (const [name, body, issue] of invalidBodies) {
    it.effect(`${name} fails with InvalidRequest "Body" naming the field, and nothing is sent`, () => {
      const srv = server(okUser)
      return Effect.gen(function*() {
        const error = yield* Effect.flip(
          OrderCloudClient.execute(createUser, { path: { buyerID: "b1" }, body: body as typeof UserBody.Type })
        )
        assert.strictEqual(error._tag, "InvalidRequest")
        const invalid = error as OrderCloudError.InvalidRequest
        assert.strictEqual(invalid.reason, "Body")
        assert.deepStrictEqual(invalid.issues, [issue])
        assert.strictEqual(srv.requests.length, 0)
      }).pipe(Effect.provide(clientLayer(srv)))
    })
  }

  it.effect("the rejected value never appears in the error, its message or its JSON", () => {
    const srv = server(okUser)
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        OrderCloudClient.execute(createUser, {
          path: { buyerID: "b1" },
          body: { ID: "bad id!", Username: "jo", Active: true, Password: secretPassword }
        })
      )
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.deepStrictEqual((error as OrderCloudError.InvalidRequest).issues.map((i) => i.path), ["ID", "Password"])
      assert.notInclude(error.message, secretPassword)
      assert.notInclude(JSON.stringify(error), secretPassword)
      assert.notInclude(String(error), secretPassword)
      assert.notInclude(error.message, "bad id!")
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("an extra header with a line break fails with InvalidRequest \"Header\" and nothing is sent", () => {
    const srv = server(okProduct)
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        OrderCloudClient.execute(getProduct, { path: { productID: "p1" }, headers: { "x-note": "a\r\nx-evil: 1" } })
      )
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.strictEqual((error as OrderCloudError.InvalidRequest).reason, "Header")
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(clientLayer(srv)))
  })
})

describe("session", () => {
  it.effect("every attempt carries Authorization: Bearer <token>", () => {
    const srv = server(okProduct)
    return Effect.gen(function*() {
      yield* OrderCloudClient.execute(getProduct, { path: { productID: "p1" } })
      yield* OrderCloudClient.execute(getProduct, { path: { productID: "p2" } })
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("authorization")), [
        "Bearer tok-123",
        "Bearer tok-123"
      ])
    }).pipe(Effect.provide(clientLayer(srv, { token: "tok-123" })))
  })

  it.effect("a 401 with a renewable session is sent once more with the new token", () => {
    const srv = server((request) =>
      request.headers.get("authorization") === "Bearer fresh" ? okProduct() : json(401, {
        Errors: [{ ErrorCode: "InvalidToken", Message: "Access token is invalid or expired.", Data: null }]
      })
    )
    const { log, service } = renewingSession(["stale", "fresh"])
    return Effect.gen(function*() {
      const product = yield* OrderCloudClient.execute(getProduct, { path: { productID: "p1" } })
      assert.deepStrictEqual(product, { ID: "p1", Name: "Shirt" })
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("authorization")), ["Bearer stale", "Bearer fresh"])
      assert.deepStrictEqual(log.invalidated, ["stale"])
    }).pipe(Effect.provideService(Session.Session, service), Effect.provide(clientLayer(srv)))
  })

  it.effect("a second 401 after renewing surfaces as Unauthorized after exactly two requests", () => {
    const srv = server(() => json(401, { Errors: [{ ErrorCode: "InvalidToken", Message: "expired", Data: null }] }))
    const { log, service } = renewingSession(["t1", "t2", "t3", "t4"])
    return Effect.gen(function*() {
      const error = yield* Effect.flip(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual((error as OrderCloudError.Unauthorized).errorCode, "InvalidToken")
      assert.deepStrictEqual(srv.requests.map((r) => r.headers.get("authorization")), ["Bearer t1", "Bearer t2"])
      assert.strictEqual(log.tokenCalls, 2)
    }).pipe(Effect.provideService(Session.Session, service), Effect.provide(clientLayer(srv)))
  })

  it.effect("a session that cannot renew ends a 401 with Unauthorized after one request", () => {
    const srv = server(() => json(401, { Errors: [{ ErrorCode: "InvalidToken", Message: "expired", Data: null }] }))
    const { log, service } = renewingSession(["t1", "t2"], { renewable: false })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(srv.requests.length, 1)
      assert.deepStrictEqual(log.invalidated, ["t1"])
    }).pipe(Effect.provideService(Session.Session, service), Effect.provide(clientLayer(srv)))
  })

  it.effect("a session whose token fails makes the call fail with that same error, and nothing is sent", () => {
    const srv = server(okProduct)
    const failure = new OrderCloudError.AuthenticationFailed({
      status: 400,
      url: "https://auth.test.example/oauth/token",
      oauthError: "invalid_grant",
      errors: [{ ErrorCode: "InvalidCredentials", Message: "bad password", Data: null }],
      errorCode: "InvalidCredentials"
    })
    const service: Session.Service = { token: Effect.fail(failure), invalidate: () => Effect.succeed(false) }
    return Effect.gen(function*() {
      const error = yield* Effect.flip(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      // Effect wraps a failure raised inside a span in a proxy, so compare by value, not identity
      assert.instanceOf(error, OrderCloudError.AuthenticationFailed)
      assert.isTrue(Equal.equals(error, failure))
      assert.strictEqual(error.message, failure.message)
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provideService(Session.Session, service), Effect.provide(clientLayer(srv)))
  })

  for (const [name, token] of [["CR/LF", "tok\r\nx-evil: 1"], ["LF", "tok\nx"], ["an empty string", ""]] as const) {
    it.effect(`a token with ${name} is refused with InvalidRequest "Header" and nothing is sent`, () => {
      const srv = server(okProduct)
      return Effect.gen(function*() {
        const error = yield* Effect.flip(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
        assert.strictEqual(error._tag, "InvalidRequest")
        assert.strictEqual((error as OrderCloudError.InvalidRequest).reason, "Header")
        if (token !== "") assert.notInclude(JSON.stringify(error) + error.message, token)
        assert.strictEqual(srv.requests.length, 0)
      }).pipe(Effect.provide(Session.layerToken(token)), Effect.provide(clientLayer(srv)))
    })
  }

  it.effect("two sessions on two concurrent sub-effects over one client keep their tokens apart", () => {
    let release: () => void = () => {}
    const bothArrived = new Promise<void>((resolve) => {
      release = resolve
    })
    let inFlight = 0
    let maxInFlight = 0
    const srv = server(async (request, index) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      if (index === 1) release()
      await bothArrived
      inFlight--
      const token = request.headers.get("authorization")?.replace("Bearer ", "") ?? "none"
      return json(200, { ID: new URL(request.url).pathname.split("/").pop(), Name: token })
    })
    return Effect.gen(function*() {
      const call = (id: string, token: string) =>
        OrderCloudClient.execute(getProduct, { path: { productID: id } }).pipe(
          Effect.provide(Session.layerToken(token))
        )
      const [a, b] = yield* Effect.all([call("a", "token-alice"), call("b", "token-bob")], { concurrency: 2 })
      assert.deepStrictEqual(a, { ID: "a", Name: "token-alice" })
      assert.deepStrictEqual(b, { ID: "b", Name: "token-bob" })
      assert.strictEqual(maxInFlight, 2)
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  it.effect("a session whose token is fetched with execute does not put a session on the token request", () => {
    const srv = server((request) =>
      request.url === authUrl
        ? json(200, { access_token: "issued-token", token_type: "bearer", expires_in: 600 })
        : okProduct()
    )
    return Effect.gen(function*() {
      const client = yield* OrderCloudClient.OrderCloudClient
      let tokenCalls = 0
      const service: Session.Service = {
        token: Effect.suspend(() => {
          // bound: a session that re-enters itself would otherwise recurse forever
          if (++tokenCalls > 3) {
            return Effect.fail(
              new OrderCloudError.AuthenticationFailed({
                status: 0,
                url: authUrl,
                oauthError: "re-entered",
                errors: [],
                errorCode: undefined
              })
            )
          }
          return client.execute(tokenPost(true), { body: { grant_type: "x" } }).pipe(
            Effect.map((body) => Redacted.make(body.access_token))
          )
        }),
        invalidate: () => Effect.succeed(false)
      }
      const product = yield* OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }).pipe(
        Effect.provideService(Session.Session, service)
      )
      assert.deepStrictEqual(product, { ID: "p1", Name: "Shirt" })
      assert.strictEqual(tokenCalls, 1)
      assert.deepStrictEqual(srv.requests.map((r) => [r.url, r.headers.get("authorization")]), [
        [authUrl, null],
        [`${baseUrl}/v1/products/p1`, "Bearer issued-token"]
      ])
    }).pipe(Effect.provide(clientLayer(srv, { config: { authUrl: "https://auth.test.example" } })))
  })

  it.effect("a call with no Session in context fails with InvalidRequest \"Session\" and nothing is sent", () => {
    const srv = server(okProduct)
    const client = OrderCloudClient.layer().pipe(
      Layer.provide(OrderCloudConfig.layer({ baseUrl })),
      Layer.provide(srv.layer)
    )
    return Effect.gen(function*() {
      const service = yield* OrderCloudClient.OrderCloudClient
      // The types require a Session; a caller that erases them must still get a typed error.
      const call = service.execute(getProduct, { path: { productID: "p1" } }) as Effect.Effect<
        unknown,
        OrderCloudError.OrderCloudError
      >
      const error = yield* Effect.flip(call)
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.strictEqual((error as OrderCloudError.InvalidRequest).reason, "Session")
      assert.include(error.message, "Products.get")
      assert.strictEqual(srv.requests.length, 0)
    }).pipe(Effect.provide(client))
  })
})

describe("operations that take no token (the token request)", () => {
  const retry = Retry.middleware({ jitter: false, baseDelay: "10 millis", budget: false })
  const withAuthUrl = { config: { authUrl: "https://auth.test.example" } } as const

  it.effect("a token POST run from inside a GET call is not retried as if it were the GET", () => {
    const srv = server((request) => request.url === authUrl ? new Response("busy", { status: 503 }) : okProduct())
    return Effect.gen(function*() {
      const client = yield* OrderCloudClient.OrderCloudClient
      const service: Session.Service = {
        token: client.execute(tokenPost(), { body: { grant_type: "x" } }).pipe(
          Effect.map((body) => Redacted.make(body.access_token))
        ),
        invalidate: () => Effect.succeed(false)
      }
      const fiber = yield* OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }).pipe(
        Effect.provideService(Session.Session, service),
        Effect.flip,
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "AuthenticationFailed")
      assert.deepStrictEqual(srv.requests.map((r) => `${r.method} ${r.url}`), [`POST ${authUrl}`])
    }).pipe(Effect.provide(clientLayer(srv, { middleware: [retry], ...withAuthUrl })))
  })

  it.effect("carries no Authorization even with a Session present, and reads its error status its own way", () => {
    const srv = server(() => json(400, { error: "invalid_grant", error_description: "bad password" }))
    const seen: Array<OrderCloudClient.StatusFailure> = []
    const operation = OrderCloudClient.operation({
      ...tokenPost(true),
      readError: (failure: OrderCloudClient.StatusFailure) => {
        seen.push(failure)
        return refused(failure)
      }
    })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(
        OrderCloudClient.execute(operation, { body: { grant_type: "password", password: "hunter2" } })
      )
      assert.strictEqual(error._tag, "AuthenticationFailed")
      assert.strictEqual((error as OrderCloudError.AuthenticationFailed).status, 400)
      assert.deepStrictEqual(seen, [{
        status: 400,
        method: "POST",
        url: authUrl,
        text: JSON.stringify({ error: "invalid_grant", error_description: "bad password" })
      }])
      assert.strictEqual(srv.requests.length, 1)
      assert.isNull(srv.requests[0]!.headers.get("authorization"))
    }).pipe(Effect.provide(clientLayer(srv, { token: "must-not-be-sent", ...withAuthUrl })))
  })

  for (
    const [name, idempotent, expected] of [
      ["a POST is sent once by default", undefined, 1],
      ["a POST marked idempotent is retried", true, 2]
    ] as const
  ) {
    it.effect(`under retry: ${name}`, () => {
      const srv = server((_, index) => index === 0 ? json(503, {}) : json(200, { access_token: "t" }))
      return Effect.gen(function*() {
        const fiber = yield* Effect.fork(
          Effect.either(OrderCloudClient.execute(tokenPost(idempotent), { body: { grant_type: "x" } }))
        )
        yield* runToEnd(fiber)
        assert.strictEqual(srv.requests.length, expected)
      }).pipe(Effect.provide(clientLayer(srv, { middleware: [retry] })))
    })
  }

  it.effect("a rejected fetch is a TransportError", () => {
    const srv = server(() => Promise.reject(new TypeError("fetch failed")))
    return Effect.gen(function*() {
      const error = yield* Effect.flip(OrderCloudClient.execute(tokenPost(true), { body: { grant_type: "x" } }))
      assert.strictEqual(error._tag, "TransportError")
    }).pipe(Effect.provide(clientLayer(srv)))
  })
})

describe("spans", () => {
  it.effect("each call is a client span named after the operation id, with no token in any span", () => {
    const srv = server(okProduct)
    return Effect.gen(function*() {
      const { exit, spans } = yield* recordSpans(
        OrderCloudClient.execute(getProduct, { path: { productID: "p1" } })
      )
      assert.isTrue(Exit.isSuccess(exit))
      const root = spans.find((span) => span.name === "Products.get")
      assert.isDefined(root)
      assert.strictEqual(root!.kind, "client")
      assert.strictEqual(root!.attributes.get("http.request.method"), "GET")
      assert.strictEqual(root!.attributes.get("url.template"), "/products/{productID}")
      assert.strictEqual(root!.status._tag, "Ended")
      for (const span of spans) assert.notInclude(spanText(span), "secret-token-xyz")
      assert.strictEqual(srv.requests[0]!.headers.get("authorization"), "Bearer secret-token-xyz")
    }).pipe(Effect.provide(clientLayer(srv, { token: "secret-token-xyz" })))
  })

  it.effect("a failed call still ends its span and no span carries the token", () => {
    const srv = server(() => json(401, { Errors: [{ ErrorCode: "InvalidToken", Message: "expired", Data: null }] }))
    return Effect.gen(function*() {
      const { exit, spans } = yield* recordSpans(
        OrderCloudClient.execute(getProduct, { path: { productID: "p1" } })
      )
      assert.isTrue(Exit.isFailure(exit))
      const root = spans.find((span) => span.name === "Products.get")
      assert.isDefined(root)
      assert.strictEqual(root!.status._tag, "Ended")
      for (const span of spans) assert.notInclude(spanText(span), "secret-token-xyz")
    }).pipe(Effect.provide(clientLayer(srv, { token: "secret-token-xyz" })))
  })

  it.effect("a credential in the query string does not appear in any span", () => {
    const srv = server(okProduct)
    return Effect.gen(function*() {
      const { exit, spans } = yield* recordSpans(
        OrderCloudClient.execute(getProduct, { path: { productID: "p1" }, query: { anonUserToken: "anon-secret-777" } })
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.include(srv.requests[0]!.url, "anonUserToken=anon-secret-777")
      assert.isTrue(spans.some((span) => span.name === "Products.get"))
      for (const span of spans) assert.notInclude(spanText(span), "anon-secret-777")
    }).pipe(Effect.provide(clientLayer(srv)))
  })

  /** A tracer that records the spans it starts, with ids a test can check headers against. */
  const recordingTracer = () => {
    const spans: Array<Tracer.Span> = []
    const tracer = Tracer.make({
      span: (name, parent, context, links, startTime, kind) => {
        const attributes = new Map<string, unknown>()
        const span: Tracer.Span & { status: Tracer.SpanStatus } = {
          _tag: "Span",
          name,
          parent,
          context,
          links,
          kind,
          sampled: true,
          traceId: Option.match(parent, { onNone: () => "4bf92f3577b34da6a3ce929d0e0e4736", onSome: (p) => p.traceId }),
          spanId: (spans.length + 1).toString(16).padStart(16, "0"),
          status: { _tag: "Started", startTime },
          attributes,
          end(endTime, exit) {
            span.status = { _tag: "Ended", startTime, endTime, exit }
          },
          attribute: (key, value) => void attributes.set(key, value),
          event: () => {},
          addLinks: () => {}
        }
        spans.push(span)
        return span
      },
      context: (f) => f()
    })
    return { spans, tracer }
  }

  /** A middleware noting the span current while it runs (or none), and opening one of its own. */
  const spanSpy = (seen: Array<string>): Middleware.Middleware => (_call, request, next) =>
    Effect.flatMap(
      Effect.option(Effect.currentSpan),
      (current) => {
        seen.push(Option.match(current, { onNone: () => "none", onSome: (span) => span.name }))
        return Effect.withSpan(next(request), "spy.attempt")
      }
    )

  it.effect("with no tracer installed: no span and no trace headers", () => {
    const srv = server((_, index) => index === 0 ? json(503, {}) : okProduct())
    const seen: Array<string> = []
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      yield* runToEnd(fiber)
      assert.strictEqual(srv.requests.length, 2)
      assert.deepStrictEqual(seen, ["none", "none"])
      for (const request of srv.requests) {
        assert.isNull(request.headers.get("traceparent"))
        assert.isNull(request.headers.get("b3"))
      }
    }).pipe(
      Effect.provide(clientLayer(srv, {
        middleware: [Retry.middleware({ jitter: false, baseDelay: "10 millis" }), spanSpy(seen)]
      }))
    )
  })

  it.effect("with a tracer installed: one span per operation, current inside the call, and traceparent and b3 sent", () => {
    const srv = server((_, index) => index === 0 ? json(503, {}) : okProduct())
    const seen: Array<string> = []
    const { spans, tracer } = recordingTracer()
    return Effect.gen(function*() {
      // Two calls, the first retried once: two operation spans, not one per attempt.
      const fiber = yield* Effect.fork(OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }))
      yield* runToEnd(fiber)
      yield* OrderCloudClient.execute(getProduct, { path: { productID: "p2" } })
      const operations = spans.filter((span) => span.name === "Products.get")
      assert.strictEqual(operations.length, 2)
      for (const span of operations) {
        assert.strictEqual(span.kind, "client")
        assert.strictEqual(span.status._tag, "Ended")
        assert.strictEqual(span.attributes.get("http.request.method"), "GET")
        assert.strictEqual(span.attributes.get("url.template"), "/products/{productID}")
      }
      const [first, second] = operations
      const headers = (
        span: Tracer.Span
      ) => [`00-${span.traceId}-${span.spanId}-01`, `${span.traceId}-${span.spanId}-1`]
      assert.deepStrictEqual(
        srv.requests.map((r) => [r.headers.get("traceparent"), r.headers.get("b3")]),
        [headers(first!), headers(first!), headers(second!)]
      )
      // Inside the call the operation's span is the current one: a middleware's
      // own spans (and a session's token request) nest under it.
      assert.deepStrictEqual(seen, ["Products.get", "Products.get", "Products.get"])
      const attempts = spans.filter((span) => span.name === "spy.attempt")
      assert.deepStrictEqual(
        attempts.map((span) => Option.map(span.parent, (parent) => parent.spanId)),
        [first, first, second].map((span) => Option.some(span!.spanId))
      )
    }).pipe(
      Effect.provide(clientLayer(srv, {
        middleware: [Retry.middleware({ jitter: false, baseDelay: "10 millis" }), spanSpy(seen)]
      })),
      Effect.provide(Layer.setTracer(tracer))
    )
  })
})

describe("operations outside /v1", () => {
  const TokenForm = Schema.Struct({
    grant_type: Schema.String,
    client_id: Schema.String,
    scope: Schema.optional(Schema.String)
  })
  const token = OrderCloudClient.operation({
    id: "Auth.token",
    method: "POST",
    path: "/oauth/token",
    host: "auth",
    authenticated: false,
    bodyEncoding: "form",
    body: TokenForm,
    response: Schema.Struct({ access_token: Schema.String })
  })

  it.effect("an auth-host operation goes to the auth URL root, form-encoded, with no session and no Authorization", () => {
    const srv = server(() => json(200, { access_token: "t" }))
    return Effect.gen(function*() {
      // No Session is provided: the operation does not require one.
      const result = yield* OrderCloudClient.execute(token, {
        body: { grant_type: "client_credentials", client_id: "a b&c", scope: "" }
      })
      assert.deepStrictEqual(result, { access_token: "t" })
      const [request] = srv.requests
      assert.strictEqual(request!.url, "https://auth.test.example/oauth/token")
      assert.strictEqual(request!.headers.get("content-type"), "application/x-www-form-urlencoded")
      assert.strictEqual(request!.body, "grant_type=client_credentials&client_id=a%20b%26c")
      assert.isNull(request!.headers.get("authorization"))
    }).pipe(
      Effect.provide(
        OrderCloudClient.layer().pipe(
          Layer.provide(OrderCloudConfig.layer({ baseUrl, authUrl: "https://auth.test.example" })),
          Layer.provide(srv.layer)
        )
      )
    )
  })
})
