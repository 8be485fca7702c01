/**
 * OrderCloud's error body, `{ Errors: [{ ErrorCode, Message, Data }] }`, as
 * the sandbox answers it.
 * @internal
 */
export interface Failure {
  readonly status: number
  readonly errorCode: string
  readonly message: string
  readonly data?: unknown
}

/** @internal */
export const failure = (status: number, errorCode: string, message: string, data?: unknown): Failure =>
  data === undefined ? { status, errorCode, message } : { status, errorCode, message, data }

/** @internal */
export const body = (failure: Failure) => ({
  Errors: [{ ErrorCode: failure.errorCode, Message: failure.message, Data: failure.data ?? null }]
})

/** 404 for a missing object or a missing parent. @internal */
export const notFound = (objectType: string, objectID: string): Failure =>
  failure(404, "NotFound", `${objectType} not found: ${objectID}`, { ObjectType: objectType, ObjectID: objectID })

/** 409 for an ID already taken in its scope. @internal */
export const idExists = (objectType: string, objectID: string): Failure =>
  failure(409, "IdExists", `${objectType} ${objectID} already exists`, { ObjectType: objectType, ObjectID: objectID })

/** @internal */
export const unauthorized = (message = "Access token is invalid or expired."): Failure =>
  failure(401, "InvalidToken", message)

/** @internal */
export const validation = (message: string, data?: unknown): Failure => failure(400, "ValidationFailure", message, data)
