import type { Entry } from "@ordercloud-effect/resources/OperationTable"
import type * as AST from "effect/SchemaAST"

/** An operation's path template, split for matching. @internal */
export interface Route {
  readonly entry: Entry
  readonly segments: ReadonlyArray<{ readonly literal: string } | { readonly param: string }>
  readonly literals: number
  /** For a list: the item model's property names, lower-cased (what a filter key may name). */
  readonly fields: ReadonlySet<string> | undefined
}

/** The property names of a model's schema; none when it is not an object. */
const propertyNames = (ast: AST.AST): ReadonlyArray<string> => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast.propertySignatures.map((property) => String(property.name))
    case "Transformation":
      return propertyNames(ast.to)
    case "Refinement":
      return propertyNames(ast.from)
    case "Suspend":
      return propertyNames(ast.f())
    case "Union":
      return ast.types.flatMap(propertyNames)
    default:
      return []
  }
}

const fieldsOf = (entry: Entry): ReadonlySet<string> | undefined => {
  if (entry.response._tag !== "Page") return undefined
  const names = propertyNames(entry.response.item.ast)
  return names.length === 0 ? undefined : new Set(names.map((name) => name.toLowerCase()))
}

/** @internal */
export const compile = (entries: ReadonlyArray<Entry>): ReadonlyArray<Route> =>
  entries
    .filter((entry) => entry.host === "api")
    .map((entry) => {
      const segments = entry.path.split("/").slice(1).map((segment) => {
        const param = /^\{(.+)\}$/.exec(segment)
        return param === null ? { literal: segment.toLowerCase() } : { param: param[1]! }
      })
      return { entry, segments, literals: segments.filter((s) => "literal" in s).length, fields: fieldsOf(entry) }
    })
    // `/products/assignments` must win over `/products/{productID}`.
    .sort((a, b) => b.literals - a.literals)

/**
 * The route for a method and the path's segments (each already
 * percent-decoded, so an encoded `/` stays inside its segment). Literal
 * segments match case-insensitively (`Outgoing` and `outgoing` both work).
 * @internal
 */
export const match = (
  routes: ReadonlyArray<Route>,
  method: string,
  segments: ReadonlyArray<string>
): { readonly route: Route; readonly params: Record<string, string> } | "no-route" | "wrong-method" => {
  let pathMatched = false
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue
    const params: Record<string, string> = {}
    let ok = true
    for (let i = 0; i < segments.length && ok; i++) {
      const part = route.segments[i]!
      if ("literal" in part) ok = part.literal === segments[i]!.toLowerCase()
      else params[part.param] = segments[i]!
    }
    if (!ok) continue
    pathMatched = true
    if (route.entry.method === method) return { route, params }
  }
  return pathMatched ? "wrong-method" : "no-route"
}
