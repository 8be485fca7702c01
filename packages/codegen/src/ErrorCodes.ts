/**
 * Writes core's `ErrorCode` list: every code of `spec/ordercloud/error-codes.json`
 * plus the few the API documents elsewhere (CONVENTIONS.md sections 2.6, 3
 * and 4), each with its meaning as TSDoc. The list carries names only, so a
 * meaning is the code's name read as a sentence ("Order: cannot submit with
 * no line items."), with a note where CONVENTIONS.md says more.
 */

/** One entry of error-codes.json. */
export interface Entry {
  readonly code: string
  readonly group: string | null
}

/**
 * Codes the API answers with that error-codes.json (taken from the .NET
 * SDK) does not list, with what CONVENTIONS.md says of them.
 */
const documentedElsewhere: ReadonlyArray<readonly [code: string, note: string]> = [
  [
    "IdExists",
    "The ID a create names is already taken in its uniqueness scope (409, `Data: { ObjectType, ObjectID }`)."
  ],
  [
    "InsufficientRoles",
    "The token lacks every role that would allow this (403); `Data.SufficientRoles` lists roles any one of which would do."
  ],
  ["InvalidToken", "The access token is missing, expired, forged or revoked (401)."],
  [
    "InvalidGrant",
    "The token endpoint refused the grant: client unknown, not allowed for this user, or its secret missing."
  ],
  ["InvalidCredentials", "The token endpoint found no account for these credentials."]
]

/** What CONVENTIONS.md adds to a listed code's name. */
const notes: ReadonlyMap<string, string> = new Map([
  [
    "NotFound",
    "The object, or a parent named in the path, does not exist or is not visible to the caller (404, `Data: { ObjectType, ObjectID }`)."
  ],
  ["ValidationFailure", "The request breaks a field rule: required, length, format or range (400)."],
  ["ServerError", "A fault on OrderCloud's side (500)."],
  ["Api.Offline", "The API is down briefly for maintenance; retry in seconds."],
  [
    "Auth.InsufficientRoles",
    "The token lacks every role that would allow this (403); `Data.SufficientRoles` lists roles any one of which would do."
  ],
  ["Auth.TokenRevoked", "The access token was revoked (401)."],
  ["Order.CacheBuilding", "The premium order search index is being built; retry later."],
  ["Product.CacheBuilding", "The premium product search index is being built; retry later."],
  ["Order.CannotSubmitWithNoLineItems", "The order has no line items yet, so it cannot be submitted (400)."],
  ["Order.CannotSubmitBadStatus", "Only an unsubmitted order can be submitted (400)."],
  ["PriceSchedule.CannotExceedMax", "The quantity is above the most the price schedule allows on one line item (400)."],
  [
    "PriceSchedule.CannotBeLessThanMin",
    "The quantity is below the least the price schedule allows on one line item (400)."
  ],
  ["PriceSchedule.QuantityNotAllowed", "The price schedule only allows the quantities of its price breaks (400)."],
  ["LineItem.QuantityMustBePositive", "A line item's quantity must be at least 1 (400)."]
])

/** Words kept in capitals when a name is read as a sentence. */
const acronyms: ReadonlySet<string> = new Set(["ID", "IDs", "XP", "API", "URL"])

/** `CannotSubmitWithNoLineItems` -> `cannot submit with no line items`. */
export const words = (name: string): string =>
  (name.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+s?|\d+/g) ?? [name])
    .map((word) => acronyms.has(word) ? word : word.toLowerCase())
    .join(" ")

/** A code's name as a sentence: `Order: cannot submit with no line items.` */
export const reading = (entry: Entry): string => {
  const name = entry.group === null ? entry.code : entry.code.slice(entry.group.length + 1)
  const phrase = words(name)
  const sentence = entry.group === null ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : `${entry.group}: ${phrase}`
  return `${sentence}.`
}

/** Checks the JSON is the list the generator expects, so a wrong file fails loudly. */
export const parseEntries = (json: unknown, shown: string): ReadonlyArray<Entry> => {
  if (!Array.isArray(json)) throw new Error(`${shown} is not a list of error codes`)
  return json.map((value: unknown, index) => {
    const entry = value as { readonly code?: unknown; readonly group?: unknown } | null
    if (
      typeof entry !== "object" || entry === null || typeof entry.code !== "string" ||
      !/^[A-Za-z]+(\.[A-Za-z]+)?$/.test(entry.code) || (entry.group !== null && typeof entry.group !== "string")
    ) {
      throw new Error(`${shown}: entry ${index} is not { code, group }`)
    }
    return { code: entry.code, group: entry.group }
  })
}

const wrap = (text: string, width: number): Array<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line === "" ? word : `${line} ${word}`
    }
  }
  return line === "" ? lines : [...lines, line]
}

/** A doc comment: wrapped paragraphs, then tag lines as they are. */
const docLines = (paragraphs: ReadonlyArray<string>, indent: string, tags: ReadonlyArray<string> = []): string =>
  [
    `${indent}/**`,
    ...[...paragraphs.map((paragraph) => wrap(paragraph, 100)), ...(tags.length > 0 ? [tags] : [])].flatMap((
      lines,
      i
    ) => [...(i > 0 ? [`${indent} *`] : []), ...lines.map((line) => `${indent} * ${line}`)]),
    `${indent} */`
  ].join("\n")

const compareCodes = (a: Entry, b: Entry): number => a.code < b.code ? -1 : a.code > b.code ? 1 : 0

/** The generated module, `packages/core/src/generated/ErrorCodes.ts`. */
export const emitErrorCodes = (listed: ReadonlyArray<Entry>, header: string): string => {
  const known = new Set(listed.map((entry) => entry.code))
  const extra = documentedElsewhere.filter(([code]) => !known.has(code))
  const entries = [...listed, ...extra.map(([code]): Entry => ({ code, group: null }))].sort(compareCodes)
  const extraNotes = new Map(extra)
  const members = entries.map((entry) => {
    const note = notes.get(entry.code) ?? extraNotes.get(entry.code)
    const meaning = note === undefined ? [reading(entry)] : [reading(entry), note]
    return `${docLines(meaning, "  ")}\n  readonly ${JSON.stringify(entry.code)}: ${JSON.stringify(entry.group)}`
  })
  return [
    header,
    docLines(
      [
        "OrderCloud's error codes (the `ErrorCode` of an error body), each with its meaning. Read them through the `ErrorCode` module."
      ],
      "",
      ["@since 0.1.0"]
    ),
    "",
    docLines(
      [
        `The ${entries.length} error codes OrderCloud documents, each key with its meaning; the value is the code's group (the part before the dot, \`null\` for a code without one).`
      ],
      "",
      ["@since 0.1.0", "@category models"]
    ),
    `export interface ErrorCodes {\n${members.join("\n")}\n}`,
    "",
    docLines(["Every key of `ErrorCodes`, in order."], "", ["@since 0.1.0", "@category constants"]),
    `export const errorCodes: ReadonlyArray<keyof ErrorCodes> = [\n${
      entries.map((entry) => `  ${JSON.stringify(entry.code)}`).join(",\n")
    }\n]`,
    ""
  ].join("\n")
}
