import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as AST from "effect/SchemaAST"
import type { Issue } from "../OrderCloudError.js"

/** `a.b[0].c`, or `(root)` for the value itself. @internal */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    ""
  ) || "(root)"

/**
 * What a schema expects, in words: a refinement's description ("a string at
 * most 20 character(s) long") before its title ("maxLength(20)"), as Effect's
 * own formatters read it.
 */
const expected = (ast: AST.AST): string =>
  AST.isRefinement(ast)
    ? Option.getOrElse(
      Option.orElse(AST.getDescriptionAnnotation(ast), () => AST.getTitleAnnotation(ast)),
      () => String(ast)
    )
    : String(ast)

/**
 * The `undefined` member an optional field adds to its union, and the `null`
 * member of `NullOr`, say nothing about what was wrong when another member
 * was meant.
 */
const isFillerAlternative = (issue: ParseResult.ParseIssue): boolean =>
  issue._tag === "Type" &&
  (AST.isUndefinedKeyword(issue.ast) || (AST.isLiteral(issue.ast) && issue.ast.literal === null))

/**
 * Lists where a value failed its schema and what was expected, from the
 * schema's own description only: the rejected value (a password, a token)
 * is never quoted.
 * @internal
 */
export const fromParseIssue = (root: ParseResult.ParseIssue): Array<Issue> => {
  const out: Array<Issue> = []
  const walk = (issue: ParseResult.ParseIssue, path: ReadonlyArray<PropertyKey>): void => {
    switch (issue._tag) {
      case "Pointer":
        return walk(issue.issue, path.concat(Array.isArray(issue.path) ? issue.path : [issue.path as PropertyKey]))
      case "Composite": {
        const issues: ReadonlyArray<ParseResult.ParseIssue> = Array.isArray(issue.issues)
          ? issue.issues
          : [issue.issues as ParseResult.ParseIssue]
        const relevant = AST.isUnion(issue.ast) && issues.some((inner) => !isFillerAlternative(inner))
          ? issues.filter((inner) => !isFillerAlternative(inner))
          : issues
        for (const inner of relevant) walk(inner, path)
        return
      }
      case "Transformation":
        return walk(issue.issue, path)
      case "Refinement":
        if (issue.kind === "From") return walk(issue.issue, path)
        out.push({ path: formatPath(path), message: `expected ${expected(issue.ast)}` })
        return
      case "Type":
        out.push({ path: formatPath(path), message: `expected ${String(issue.ast)}` })
        return
      case "Missing":
        out.push({ path: formatPath(path), message: "is missing" })
        return
      case "Unexpected":
        out.push({ path: formatPath(path), message: "is not allowed" })
        return
      case "Forbidden":
        out.push({ path: formatPath(path), message: "could not be checked" })
        return
    }
  }
  walk(root, [])
  return out
}
