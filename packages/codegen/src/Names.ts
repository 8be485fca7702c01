/** Identifier rules for generated code. */

const reserved: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements package protected interface private public await"
  ).split(" ")
)

export const isReserved = (name: string): boolean => reserved.has(name)

/** `ListProducts` -> `listProducts`. */
export const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)

/** A property key as written in an object literal. */
export const key = (name: string): string => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name)

/** `Products.List` -> resource `Products`, function `list`. */
export const splitOperationId = (operationId: string): { readonly resource: string; readonly name: string } => {
  const dot = operationId.indexOf(".")
  return { resource: operationId.slice(0, dot), name: camel(operationId.slice(dot + 1)) }
}
