import type * as ParseResult from "effect/ParseResult"
import type { Issue } from "../OrderCloudError.js"

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    ""
  ) || "(root)"

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
        const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues as ParseResult.ParseIssue]
        for (const inner of issues) walk(inner, path)
        return
      }
      case "Transformation":
        return walk(issue.issue, path)
      case "Refinement":
        if (issue.kind === "From") return walk(issue.issue, path)
        out.push({ path: formatPath(path), message: `expected ${String(issue.ast)}` })
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
