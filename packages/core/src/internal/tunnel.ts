import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type { OrderCloudError } from "../OrderCloudError.js"

/**
 * Carries an OrderCloud error (a session that could not get a token, a
 * deadline) through the HttpClient stack, whose error channel is
 * `HttpClientError`. The client unwraps it; retry never treats it as transient.
 * @internal
 */
export class Tunneled {
  constructor(readonly error: OrderCloudError) {}
}

/** @internal */
export const fail = (request: HttpClientRequest.HttpClientRequest, error: OrderCloudError) =>
  new HttpClientError.RequestError({ request, reason: "Transport", cause: new Tunneled(error) })

/** @internal */
export const unwrap = (error: HttpClientError.HttpClientError): OrderCloudError | undefined =>
  error._tag === "RequestError" && error.cause instanceof Tunneled ? error.cause.error : undefined
