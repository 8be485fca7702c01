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
 * A checked path template split once into its literal parts and the names
 * of its parameters: `literals[i]`, then parameter `names[i]`, and the last
 * literal after the last name.
 * @internal
 */
export interface Template {
  readonly literals: ReadonlyArray<string>
  readonly names: ReadonlyArray<string>
}

/** Checks a template and splits it, once per operation. @internal */
export const compile = (template: string): Either.Either<Template, InvalidRequest> =>
  Either.map(checkTemplate(template), () => {
    const literals: Array<string> = []
    const names: Array<string> = []
    let end = 0
    for (const match of template.matchAll(/\{([^}]+)\}/g)) {
      literals.push(template.slice(end, match.index))
      names.push(match[1]!)
      end = match.index + match[0].length
    }
    literals.push(template.slice(end))
    return { literals, names }
  })

/**
 * Fills the parameters with percent-encoded values. Empty values and the
 * dot segments `.` and `..` are refused: `encodeURIComponent("..")` is still
 * `..`, and URL parsing would collapse it into the parent path. A value with
 * a lone UTF-16 surrogate is refused too (`encodeURIComponent` throws).
 * @internal
 */
export const fill = (
  template: Template,
  params: Readonly<Record<string, string>>
): Either.Either<string, InvalidRequest> => {
  const { literals, names } = template
  let path = literals[0]!
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined
    if (typeof value !== "string") return invalid(`path parameter "${name}" is missing or not a string`)
    if (value === "") return invalid(`path parameter "${name}" is empty`)
    if (value === "." || value === "..") {
      return invalid(`path parameter "${name}" is "${value}", a dot segment that would change the path`)
    }
    if (!isWellFormed(value)) {
      return invalid(`path parameter "${name}" has a lone UTF-16 surrogate and cannot be percent-encoded`)
    }
    path += encodeURIComponent(value) + literals[i + 1]!
  }
  return Either.right(path)
}
