import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/** An `xp` option as a caller gives it: a Schema, or an object of them by embedded field. @internal */
export type Option = Schema.Schema.AnyNoContext | { readonly [field: string]: unknown }

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null

/** Whether `ast` holds a model struct: itself, a member of a union (`NullOr`), or an array's items. */
const holdsModel = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "TypeLiteral":
      return true
    case "Union":
      return ast.types.some(holdsModel)
    case "TupleType":
      return [...ast.elements, ...ast.rest].some((element) => holdsModel(element.type))
    default:
      return false
  }
}

/**
 * `ast` with xp typed as `option` says, in the struct itself and in the
 * structs it embeds (through `NullOr` and arrays); or what is wrong with the
 * option, at `path`.
 */
const retype = (ast: AST.AST, option: unknown, path: string, strict: boolean): Either.Either<AST.AST, string> => {
  switch (ast._tag) {
    case "TypeLiteral": {
      const tree = Schema.isSchema(option) ? { xp: option } : option
      if (!isObject(tree)) return Either.left(`${path} must be a Schema or an object of them by field`)
      const fields = new Map(ast.propertySignatures.map((field) => [field.name, field]))
      const replaced = new Map<PropertyKey, AST.PropertySignature>()
      for (const [key, given] of Object.entries(tree)) {
        if (given === undefined) continue
        const field = fields.get(key)
        const at = `${path}.${key}`
        // A Schema alone types a model's xp where it has one (the body's or the answer's).
        if (key === "xp" && (field !== undefined || !strict || Schema.isSchema(option))) {
          if (field === undefined) continue
          if (!Schema.isSchema(given)) return Either.left(`${at} must be a Schema`)
          replaced.set(key, retyped(field, Schema.NullOr(given as Schema.Schema.AnyNoContext).ast))
          continue
        }
        if (field === undefined || !holdsModel(field.type)) {
          // A body's model embeds fewer models than the answer's: the answer's names every key.
          if (!strict) continue
          const known = [...fields.values()].filter((f) => f.name === "xp" || holdsModel(f.type)).map((f) =>
            String(f.name)
          )
          return Either.left(`${at} is not xp or a field holding a model; expected one of: ${known.join(", ")}`)
        }
        const type = retype(field.type, given, at, strict)
        if (Either.isLeft(type)) return type
        replaced.set(key, retyped(field, type.right))
      }
      return Either.right(
        new AST.TypeLiteral(
          ast.propertySignatures.map((field) => replaced.get(field.name) ?? field),
          ast.indexSignatures,
          ast.annotations
        )
      )
    }
    case "Union":
      return Either.map(
        Either.all(ast.types.map((member) => retype(member, option, path, strict))),
        (types) => AST.Union.make(types, ast.annotations)
      )
    case "TupleType":
      return Either.map(
        Either.all([
          Either.all(ast.elements.map((element) => retype(element.type, option, path, strict))),
          Either.all(ast.rest.map((element) => retype(element.type, option, path, strict)))
        ]),
        ([elements, rest]) =>
          new AST.TupleType(
            elements.map((type, i) =>
              new AST.OptionalType(type, ast.elements[i]!.isOptional, ast.elements[i]!.annotations)
            ),
            rest.map((type, i) => new AST.Type(type, ast.rest[i]!.annotations)),
            ast.isReadonly,
            ast.annotations
          )
      )
    default:
      return Either.right(ast)
  }
}

const retyped = (field: AST.PropertySignature, type: AST.AST): AST.PropertySignature =>
  new AST.PropertySignature(field.name, type, field.isOptional, field.isReadonly, field.annotations)

/**
 * A model struct with xp typed by `option` at each level it names, or what
 * is wrong with the option (a key that is no field holding a model, a value
 * that is no Schema). Not `strict`, keys the model lacks are left out.
 * @internal
 */
export const typed = (
  model: Schema.Schema.AnyNoContext,
  option: Option,
  strict: boolean
): Either.Either<Schema.Schema.AnyNoContext, string> =>
  Either.map(retype(model.ast, option, "xp", strict), (ast) => Schema.make(ast))

interface Node {
  readonly next: Map<string, WeakMap<object, Node>>
  canonical?: object
}

const root: Node = { next: new Map() }

/**
 * One object per distinct option: options of the same keys and Schemas
 * (an object literal written in the call, new each time) give the first one
 * seen, so what is built for it is built once.
 * @internal
 */
export const canonical = (option: Option): object | undefined => {
  if (Schema.isSchema(option)) return option
  // A plain JavaScript caller's string or number: refused when checked, and no WeakMap key.
  if (!isObject(option)) return undefined
  // Anything else than Schemas and objects is refused when the option is checked: keep it apart.
  const isPart = (value: unknown): value is Option => Schema.isSchema(value) || isObject(value)
  if (Object.values(option).some((value) => value !== undefined && !isPart(value))) return option
  let node = root
  for (const key of Object.keys(option).sort()) {
    const value = option[key]
    if (!isPart(value)) continue
    let byValue = node.next.get(key)
    if (byValue === undefined) node.next.set(key, byValue = new WeakMap())
    const inner = canonical(value) ?? value
    let child = byValue.get(inner)
    if (child === undefined) byValue.set(inner, child = { next: new Map() })
    node = child
  }
  return node.canonical ??= option
}
