import * as Either from "effect/Either"
import { InvalidRequest } from "../OrderCloudError.js"
import { isWellFormed } from "./url.js"

const invalid = (detail: string) => Either.left(new InvalidRequest({ reason: "PathParameter", detail, issues: [] }))

/**
 * A path template is relative to the API root: it starts with exactly one
 * `/`, has no scheme, query, fragment or dot segment, so it can never name
 * another host or climb out of the API root.
 * @internal
 */
export const checkTemplate = (template: string): Either.Either<string, InvalidRequest> =>
  /^\/(?!\/)[^?#\\:]*$/.test(template) && !template.split("/").some((segment) => segment === "." || segment === "..")
    ? Either.right(template)
    : Either.left(
      new InvalidRequest({
        reason: "Url",
        detail: `expected a path relative to the API root such as "/products/{productID}", got "${template}"`,
        issues: []
      })
    )

/**
 * Fills `{name}` placeholders with percent-encoded values. Empty values and
 * the dot segments `.` and `..` are refused: `encodeURIComponent("..")` is
 * still `..`, and URL parsing would collapse it into the parent path. A value
 * with a lone UTF-16 surrogate is refused too (`encodeURIComponent` throws).
 * @internal
 */
export const build = (
  template: string,
  params: Readonly<Record<string, string>>
): Either.Either<string, InvalidRequest> =>
  Either.flatMap(checkTemplate(template), () => {
    let failure: Either.Either<string, InvalidRequest> | undefined
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined
      if (failure !== undefined) return ""
      if (typeof value !== "string") {
        failure = invalid(`path parameter "${name}" is missing or not a string`)
      } else if (value === "") {
        failure = invalid(`path parameter "${name}" is empty`)
      } else if (value === "." || value === "..") {
        failure = invalid(`path parameter "${name}" is "${value}", a dot segment that would change the path`)
      } else if (!isWellFormed(value)) {
        failure = invalid(`path parameter "${name}" has a lone UTF-16 surrogate and cannot be percent-encoded`)
      } else {
        return encodeURIComponent(value)
      }
      return ""
    })
    return failure ?? Either.right(path)
  })
