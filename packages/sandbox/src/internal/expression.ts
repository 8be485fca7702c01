/**
 * A subset of OrderCloud's rule expressions, for approval rules:
 * comparisons of `order.<path>` (`order.Total`, `order.xp.Channel`) with a
 * number, a quoted string, `true`, `false` or `null`, using `=`, `==`,
 * `!=`, `<>`, `>`, `<`, `>=`, `<=`; combined with `and`, `or`, `not` and
 * parentheses; `true` and `false` alone. `items.any(...)`, `items.all(...)`,
 * `items.count(...)` and `items.quantity(...)` look at the line items
 * (`item.<path>` inside). [guess] An expression outside this subset
 * applies: a rule the sandbox cannot read holds the order for approval
 * rather than letting it through unseen.
 * @internal
 */

type Value = unknown

interface Context {
  readonly order: unknown
  readonly items: ReadonlyArray<unknown>
  readonly item?: unknown
}

type Token = { readonly kind: "op" | "word" | "number" | "string" | "paren"; readonly text: string }

const tokenize = (source: string): ReadonlyArray<Token> | undefined => {
  const tokens: Array<Token> = []
  const pattern =
    /\s*(?:(\d+(?:\.\d+)?)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(==|!=|<>|>=|<=|=|>|<)|([()])|([A-Za-z_][\w.]*)|(,))/y
  let at = 0
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break
    pattern.lastIndex = at
    const match = pattern.exec(source)
    if (match === null) return undefined
    at = pattern.lastIndex
    if (match[1] !== undefined) tokens.push({ kind: "number", text: match[1] })
    else if (match[2] !== undefined) tokens.push({ kind: "string", text: match[2] })
    else if (match[3] !== undefined) tokens.push({ kind: "string", text: match[3] })
    else if (match[4] !== undefined) tokens.push({ kind: "op", text: match[4] })
    else if (match[5] !== undefined) tokens.push({ kind: "paren", text: match[5] })
    else if (match[6] !== undefined) tokens.push({ kind: "word", text: match[6] })
    else return undefined
  }
  return tokens
}

class Unsupported extends Error {}

const pathValue = (root: unknown, path: ReadonlyArray<string>): Value => {
  let value = root
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

const compare = (left: Value, op: string, right: Value): boolean => {
  const l = typeof left === "string" && typeof right === "string" ? left.toLowerCase() : left
  const r = typeof left === "string" && typeof right === "string" ? right.toLowerCase() : right
  switch (op) {
    case "=":
    case "==":
      return (l ?? null) === (r ?? null)
    case "!=":
    case "<>":
      return (l ?? null) !== (r ?? null)
  }
  if (typeof l === "number" && typeof r === "number") {
    return op === ">" ? l > r : op === "<" ? l < r : op === ">=" ? l >= r : l <= r
  }
  if (typeof l === "string" && typeof r === "string") {
    return op === ">" ? l > r : op === "<" ? l < r : op === ">=" ? l >= r : l <= r
  }
  return false
}

/** A recursive-descent reader over the tokens: or > and > not > comparison. */
const evaluate = (tokens: ReadonlyArray<Token>, context: Context): boolean => {
  let at = 0
  const peek = () => tokens[at]
  const word = (text: string) => peek()?.kind === "word" && peek()!.text.toLowerCase() === text
  const expect = (text: string) => {
    if (peek()?.text !== text) throw new Unsupported()
    at++
  }

  const operand = (scope: Context): Value => {
    const token = tokens[at++]
    if (token === undefined) throw new Unsupported()
    switch (token.kind) {
      case "number":
        return Number(token.text)
      case "string":
        return token.text
      case "word": {
        const lower = token.text.toLowerCase()
        if (lower === "true") return true
        if (lower === "false") return false
        if (lower === "null") return null
        const [root, ...path] = token.text.split(".")
        if (root === "order") return pathValue(scope.order, path)
        if (root === "item" && scope.item !== undefined) return pathValue(scope.item, path)
        if (root === "items" && path.length === 1) return itemsFunction(path[0]!.toLowerCase(), scope)
        throw new Unsupported()
      }
      default:
        throw new Unsupported()
    }
  }

  const itemsFunction = (name: string, scope: Context): Value => {
    expect("(")
    const start = at
    const matching = scope.items.filter((item) => {
      at = start
      return or({ ...scope, item })
    })
    if (scope.items.length === 0) {
      // Skip the unread condition so the reader can go on.
      let depth = 1
      while (at < tokens.length && depth > 0) {
        const text = tokens[at++]!.text
        if (text === "(") depth++
        if (text === ")") depth--
      }
      at--
    }
    expect(")")
    switch (name) {
      case "any":
        return matching.length > 0
      case "all":
        return matching.length === scope.items.length
      case "count":
        return matching.length
      case "quantity":
        return matching.reduce((sum: number, item) => sum + Number(pathValue(item, ["Quantity"]) ?? 0), 0)
      default:
        throw new Unsupported()
    }
  }

  const comparison = (scope: Context): boolean => {
    if (peek()?.text === "(") {
      at++
      const inner = or(scope)
      expect(")")
      return inner
    }
    const left = operand(scope)
    const op = peek()
    if (op?.kind !== "op") {
      if (typeof left === "boolean") return left
      throw new Unsupported()
    }
    at++
    return compare(left, op.text, operand(scope))
  }

  const not = (scope: Context): boolean => {
    if (word("not")) {
      at++
      return !not(scope)
    }
    return comparison(scope)
  }

  const and = (scope: Context): boolean => {
    let value = not(scope)
    while (word("and")) {
      at++
      value = not(scope) && value
    }
    return value
  }

  const or = (scope: Context): boolean => {
    let value = and(scope)
    while (word("or")) {
      at++
      value = and(scope) || value
    }
    return value
  }

  const result = or(context)
  if (at !== tokens.length) throw new Unsupported()
  return result
}

/** Whether a rule expression holds for an order and its line items. @internal */
export const applies = (expression: string, context: Context): boolean => {
  const tokens = tokenize(expression)
  if (tokens === undefined || tokens.length === 0) return true
  try {
    return evaluate(tokens, context)
  } catch (error) {
    if (error instanceof Unsupported) return true
    throw error
  }
}
