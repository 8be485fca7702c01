import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import * as ApiError from "../src/ApiError.js"
import * as ErrorCode from "../src/ErrorCode.js"
import * as OrderCloudClient from "../src/OrderCloudClient.js"
import * as OrderCloudError from "../src/OrderCloudError.js"
import { getProduct } from "./utils/operations.js"
import { clientLayer, json, server } from "./utils/server.js"

const listed: ReadonlyArray<{ readonly code: string }> = JSON.parse(
  readFileSync(new URL("../../../spec/ordercloud/error-codes.json", import.meta.url), "utf8")
)

/** Runs a GET answered with `status` and one error of `code`, and gives back the failure. */
const failWith = (status: number, code: string) =>
  OrderCloudClient.execute(getProduct, { path: { productID: "p1" } }).pipe(
    Effect.provide(clientLayer(server(() => json(status, { Errors: [{ ErrorCode: code, Message: "m", Data: null }] }))))
  )

const badRequest = (errorCode: string | undefined) =>
  new OrderCloudError.BadRequest({ status: 400, method: "POST", url: "u", errors: [], errorCode })

describe("ErrorCode", () => {
  it("knows every code of error-codes.json and the ones documented elsewhere", () => {
    const all = new Set<string>(ErrorCode.all)
    for (const { code } of listed) assert.isTrue(all.has(code), code)
    for (const code of ["IdExists", "InsufficientRoles", "InvalidToken", "InvalidGrant", "InvalidCredentials"]) {
      assert.isTrue(ErrorCode.isErrorCode(code), code)
    }
    assert.isFalse(ErrorCode.isErrorCode("Order.CannotSubmitWithNoLineItem"))
    assert.isFalse(ErrorCode.isErrorCode(42))
  })

  it("types the codes: known ones as literals, group by group", () => {
    expectTypeOf<"Order.CannotSubmitWithNoLineItems">().toExtend<ErrorCode.ErrorCode>()
    expectTypeOf<"IdExists">().toExtend<ErrorCode.ErrorCode>()
    expectTypeOf<"Order.CannotSubmitWithNoLineItem">().not.toExtend<ErrorCode.ErrorCode>()
    expectTypeOf<"Order.CannotSubmitWithNoLineItems">().toExtend<ErrorCode.InGroup<"Order">>()
    expectTypeOf<"PriceSchedule.CannotExceedMax">().not.toExtend<ErrorCode.InGroup<"Order">>()
    // A code read from a response may be any string.
    expectTypeOf<string>().toExtend<ErrorCode.Any>()
    expectTypeOf<OrderCloudError.BadRequest["errorCode"]>().toEqualTypeOf<ErrorCode.Any | undefined>()
    expectTypeOf<OrderCloudError.AuthenticationFailed["errorCode"]>().toEqualTypeOf<ErrorCode.Any | undefined>()
    expectTypeOf<ApiError.ApiError["ErrorCode"]>().toEqualTypeOf<ErrorCode.Any | null>()
  })

  it.effect("decodes a code the API adds later like any other", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(failWith(400, "Order.SomethingNew"))
      assert.strictEqual(error._tag, "BadRequest")
      assert.strictEqual("errorCode" in error ? error.errorCode : undefined, "Order.SomethingNew")
      const decoded = Schema.decodeUnknownSync(OrderCloudError.BadRequest)({
        _tag: "BadRequest",
        status: 400,
        method: "GET",
        url: "u",
        errors: [{ ErrorCode: "Brand.New", Message: null }],
        errorCode: "Brand.New"
      })
      assert.strictEqual(decoded.errorCode, "Brand.New")
    }))
})

describe("OrderCloudError.hasCode", () => {
  it("tells whether the first code is one of the given codes, narrowing the error", () => {
    const error: OrderCloudError.OrderCloudError = badRequest("Order.CannotSubmitWithNoLineItems")
    assert.isTrue(OrderCloudError.hasCode(error, "Order.CannotSubmitWithNoLineItems"))
    assert.isTrue(OrderCloudError.hasCode("IdExists", "Order.CannotSubmitWithNoLineItems")(error))
    assert.isFalse(OrderCloudError.hasCode(error, "IdExists"))
    assert.isFalse(OrderCloudError.hasCode(badRequest(undefined), "NotFound"))
    const invalid = new OrderCloudError.InvalidRequest({ reason: "Body", detail: "d", issues: [] })
    assert.isFalse(OrderCloudError.hasCode(invalid, "NotFound"))
    if (OrderCloudError.hasCode(error, "Order.CannotSubmitWithNoLineItems", "IdExists")) {
      expectTypeOf(error.errorCode).toEqualTypeOf<"Order.CannotSubmitWithNoLineItems" | "IdExists">()
      // Only the errors that carry a code remain.
      expectTypeOf(error).toExtend<OrderCloudError.WithErrorCode>()
      expectTypeOf(error.status).toEqualTypeOf<number>()
    }
    // @ts-expect-error a misspelt code does not compile
    OrderCloudError.hasCode(error, "Order.CannotSubmitWithNoLineItem")
    // @ts-expect-error nor does one in the data-last form
    OrderCloudError.hasCode("IdExist")
  })
})

describe("OrderCloudError.catchCode", () => {
  it.effect("recovers from the errors with the given code, the handler seeing that code", () =>
    Effect.gen(function*() {
      const recovered = yield* failWith(400, "Order.CannotSubmitWithNoLineItems").pipe(
        OrderCloudError.catchCode("Order.CannotSubmitWithNoLineItems", (error) => {
          expectTypeOf(error.errorCode).toEqualTypeOf<"Order.CannotSubmitWithNoLineItems">()
          expectTypeOf(error._tag).toEqualTypeOf<OrderCloudError.WithErrorCode["_tag"]>()
          return Effect.succeed(`${error._tag} ${error.status} ${error.errorCode}`)
        })
      )
      assert.strictEqual(recovered, "BadRequest 400 Order.CannotSubmitWithNoLineItems")
    }))

  it.effect("takes several codes, and the effect first (data-first)", () =>
    Effect.gen(function*() {
      const recovered = yield* OrderCloudError.catchCode(
        failWith(409, "IdExists"),
        "IdExists",
        "NotFound",
        (error) => Effect.succeed(error.errorCode)
      )
      expectTypeOf(recovered).toEqualTypeOf<"IdExists" | "NotFound" | { readonly ID: string; readonly Name: string }>()
      assert.strictEqual(recovered, "IdExists")
    }))

  it.effect("lets errors with another code, or without one, pass through unchanged", () =>
    Effect.gen(function*() {
      const other = yield* failWith(400, "PriceSchedule.CannotExceedMax").pipe(
        OrderCloudError.catchCode("Order.CannotSubmitWithNoLineItems", () => Effect.succeed("caught")),
        Effect.flip
      )
      assert.strictEqual(other._tag, "BadRequest")
      assert.strictEqual("errorCode" in other ? other.errorCode : undefined, "PriceSchedule.CannotExceedMax")
      const invalid = new OrderCloudError.InvalidRequest({ reason: "Body", detail: "d", issues: [] })
      const kept = yield* Effect.fail(invalid).pipe(
        OrderCloudError.catchCode("NotFound", () => Effect.succeed("caught")),
        Effect.flip
      )
      assert.strictEqual(kept, invalid)
    }))

  it("refuses a misspelt code at compile time", () => {
    const call = failWith(400, "x")
    // @ts-expect-error not an OrderCloud code
    const misspelt = call.pipe(OrderCloudError.catchCode("Order.CannotSubmitWithNoLineItem", () => Effect.void))
    // @ts-expect-error not an OrderCloud code (data-first)
    const dataFirst = OrderCloudError.catchCode(call, "IdExist", () => Effect.void)
    // @ts-expect-error a code the list does not document is the same mistake as a misspelt one
    const undocumented = OrderCloudError.catchCode(call, "Order.SomethingNew", () => Effect.void)
    assert.isDefined([misspelt, dataFirst, undocumented])
  })
})
