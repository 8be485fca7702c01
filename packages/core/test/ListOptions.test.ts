import { assert, describe, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Either from "effect/Either"
import * as ListOptions from "../src/ListOptions.js"
import type { InvalidRequest } from "../src/OrderCloudError.js"

/** Input the types forbid but a caller can still pass at run time. */
const unchecked = <A>(value: unknown): A => value as A

type Case =
  | { readonly name: string; readonly options: ListOptions.ListOptions; readonly query: string }
  | { readonly name: string; readonly options: ListOptions.ListOptions; readonly refused: RegExp }

const cases: ReadonlyArray<Case> = [
  // shapes
  { name: "no options give an empty query", options: {}, query: "" },
  { name: "an empty filters object gives an empty query", options: { filters: {} }, query: "" },
  { name: "a plain filter is Key=Value", options: { filters: { Name: "Shirt" } }, query: "Name=Shirt" },
  {
    name: "a nested filter object flattens to a dotted key",
    options: { filters: { xp: { Color: "red" } } },
    query: "xp.Color=red"
  },
  {
    name: "deeply nested filters flatten to one dotted path",
    options: { filters: { xp: { Size: { Label: { Short: "M" } } } } },
    query: "xp.Size.Label.Short=M"
  },
  {
    name: "an already dotted key is kept as it is",
    options: { filters: { "BillingAddress.City": "Paris" } },
    query: "BillingAddress.City=Paris"
  },
  {
    name: "an array repeats the key (AND)",
    options: { filters: { Name: ["!a*", "!b*"] } },
    query: "Name=!a*&Name=!b*"
  },
  {
    name: "an array under a nested object repeats the dotted key",
    options: { filters: { xp: { Color: ["!red", "!blue"] } } },
    query: "xp.Color=!red&xp.Color=!blue"
  },
  {
    name: "filters keep their insertion order",
    options: { filters: { B: "2", xp: { A: "1" }, C: "3" } },
    query: "B=2&xp.A=1&C=3"
  },
  // operators pass through the value (encoded where encodeURIComponent encodes them)
  {
    name: "| (OR) passes through as %7C",
    options: { filters: { Color: "red|blue|gr*" } },
    query: "Color=red%7Cblue%7Cgr*"
  },
  { name: "! (negation) passes through", options: { filters: { Status: "!Canceled" } }, query: "Status=!Canceled" },
  {
    name: "> passes through as %3E",
    options: { filters: { DateSubmitted: ">2024-01-01" } },
    query: "DateSubmitted=%3E2024-01-01"
  },
  { name: "< passes through as %3C", options: { filters: { Total: "<100" } }, query: "Total=%3C100" },
  { name: "!< (at least) passes through", options: { filters: { Total: "!<5" } }, query: "Total=!%3C5" },
  { name: "* wildcards pass through", options: { filters: { Name: "*shirt*" } }, query: "Name=*shirt*" },
  { name: "!* (absent or null) passes through", options: { filters: { xp: { Color: "!*" } } }, query: "xp.Color=!*" },
  // scalar values
  { name: "false is kept", options: { filters: { IsSubmitted: false } }, query: "IsSubmitted=false" },
  { name: "true is kept", options: { filters: { Active: true } }, query: "Active=true" },
  { name: "0 is kept", options: { filters: { SpecCount: 0 } }, query: "SpecCount=0" },
  {
    name: "negative and decimal numbers are kept",
    options: { filters: { A: -3, B: 1.5 } },
    query: "A=-3&B=1.5"
  },
  {
    name: "a Date becomes its ISO-8601 string",
    options: { filters: { DateCreated: new Date("2024-01-02T03:04:05.000Z") } },
    query: "DateCreated=2024-01-02T03%3A04%3A05.000Z"
  },
  { name: "undefined filters are dropped", options: { filters: { A: undefined, B: "x" } }, query: "B=x" },
  { name: "empty-string filters are dropped", options: { filters: { A: "", B: "x" } }, query: "B=x" },
  { name: "empty strings inside an array are dropped", options: { filters: { A: ["", "a"] } }, query: "A=a" },
  // list options
  {
    name: "search is encoded (space is %20, never +)",
    options: { search: "red shirt+" },
    query: "search=red%20shirt%2B"
  },
  { name: "an empty search is dropped", options: { search: "" }, query: "" },
  { name: "searchOn is comma-joined", options: { searchOn: ["Name", "xp.Color"] }, query: "searchOn=Name%2Cxp.Color" },
  { name: "sortBy is comma-joined with ! kept", options: { sortBy: ["!Name", "ID"] }, query: "sortBy=!Name%2CID" },
  { name: "an empty sortBy is dropped", options: { sortBy: [] }, query: "" },
  {
    name: "searchType is sent as is",
    options: { searchType: "ExactPhrasePrefix" },
    query: "searchType=ExactPhrasePrefix"
  },
  { name: "page and pageSize at their bounds", options: { page: 1, pageSize: 100 }, query: "page=1&pageSize=100" },
  { name: "pageSize 1 is accepted", options: { pageSize: 1 }, query: "pageSize=1" },
  { name: "pageKey is encoded", options: { pageKey: "a+b/c==" }, query: "pageKey=a%2Bb%2Fc%3D%3D" },
  {
    name: "options come first in a fixed order, then filters",
    options: {
      filters: { Name: "x" },
      pageKey: "k",
      pageSize: 20,
      page: 2,
      sortBy: ["ID"],
      searchType: "AnyTerm",
      searchOn: ["Name"],
      search: "s"
    },
    query: "search=s&searchOn=Name&searchType=AnyTerm&sortBy=ID&page=2&pageSize=20&pageKey=k&Name=x"
  },
  {
    name: "a list option name is a valid nested filter key (xp.page is not page)",
    options: { filters: { xp: { page: "1", sortBy: "x" } } },
    query: "xp.page=1&xp.sortBy=x"
  },
  // special characters: nothing can add, end or split a parameter
  {
    name: "& and = in a value cannot add a parameter",
    options: { filters: { Name: "a&page=5" } },
    query: "Name=a%26page%3D5"
  },
  { name: "# in a value cannot end the query", options: { filters: { Name: "a#b" } }, query: "Name=a%23b" },
  { name: "% in a value is encoded", options: { filters: { Name: "100%" } }, query: "Name=100%25" },
  { name: "an already encoded value is encoded again", options: { filters: { Name: "%26" } }, query: "Name=%2526" },
  {
    name: "? / + and spaces in a value are encoded",
    options: { filters: { Name: "a?b/c+d e" } },
    query: "Name=a%3Fb%2Fc%2Bd%20e"
  },
  {
    name: "unreserved marks stay literal",
    options: { filters: { Name: "a-b_c.d~e!f*g'h(i)" } },
    query: "Name=a-b_c.d~e!f*g'h(i)"
  },
  {
    name: "unicode in a value is UTF-8 percent-encoded",
    options: { filters: { Name: "groß 👕" } },
    query: "Name=gro%C3%9F%20%F0%9F%91%95"
  },
  { name: "& and = in a key cannot add a parameter", options: { filters: { "a&b=c": "x" } }, query: "a%26b%3Dc=x" },
  { name: "space, # and ? in a key are encoded", options: { filters: { "x y#z?": "1" } }, query: "x%20y%23z%3F=1" },
  { name: "% in a key is encoded", options: { filters: { "a%20": "1" } }, query: "a%2520=1" },
  {
    name: "unicode in a key is UTF-8 percent-encoded",
    options: { filters: { "名前": "x" } },
    query: "%E5%90%8D%E5%89%8D=x"
  },
  {
    name: "special characters in a nested key are encoded around the dot",
    options: { filters: { xp: { "Grö=ße&": "M" } } },
    query: "xp.Gr%C3%B6%3D%C3%9Fe%26=M"
  },
  // refused
  {
    name: "a null filter is refused, pointing to !*",
    options: { filters: { Color: unchecked(null) } },
    refused: /!\*/
  },
  {
    name: "a nested null filter is refused",
    options: { filters: { xp: { Color: unchecked(null) } } },
    refused: /xp\.Color.*!\*/
  },
  {
    name: "null inside an array is refused",
    options: { filters: { Color: unchecked(["red", null]) } },
    refused: /!\*/
  },
  { name: "pageSize 0 is refused", options: { pageSize: 0 }, refused: /pageSize/ },
  { name: "pageSize 101 is refused", options: { pageSize: 101 }, refused: /pageSize/ },
  { name: "a fractional pageSize is refused", options: { pageSize: 2.5 }, refused: /pageSize/ },
  { name: "an infinite pageSize is refused", options: { pageSize: Infinity }, refused: /pageSize/ },
  { name: "page 0 is refused", options: { page: 0 }, refused: /page/ },
  { name: "a negative page is refused", options: { page: -1 }, refused: /page/ },
  { name: "a fractional page is refused", options: { page: 1.5 }, refused: /page/ },
  { name: "a NaN page is refused", options: { page: NaN }, refused: /page/ },
  { name: "a NaN filter is refused", options: { filters: { Price: NaN } }, refused: /Price/ },
  { name: "an infinite filter is refused", options: { filters: { Price: -Infinity } }, refused: /Price/ },
  {
    name: "an invalid Date filter is refused",
    options: { filters: { DateCreated: new Date("nope") } },
    refused: /DateCreated/
  },
  { name: "an unknown searchType is refused", options: { searchType: unchecked("Fuzzy") }, refused: /searchType/ },
  { name: "a filter named page is refused", options: { filters: { page: "2" } }, refused: /"page"/ },
  { name: "a filter named pageSize is refused", options: { filters: { pageSize: "2" } }, refused: /"pageSize"/ },
  { name: "a filter named search is refused", options: { filters: { search: "x" } }, refused: /"search"/ },
  { name: "a filter named searchOn is refused", options: { filters: { searchOn: "x" } }, refused: /"searchOn"/ },
  { name: "a filter named searchType is refused", options: { filters: { searchType: "x" } }, refused: /"searchType"/ },
  { name: "a filter named sortBy is refused", options: { filters: { sortBy: "x" } }, refused: /"sortBy"/ },
  { name: "a filter named pageKey is refused", options: { filters: { pageKey: "x" } }, refused: /"pageKey"/ },
  { name: "an empty filter key is refused", options: { filters: { "": "x" } }, refused: /empty/ },
  { name: "an empty nested filter key is refused", options: { filters: { xp: { "": "x" } } }, refused: /empty/ },
  {
    name: "an array inside an array is refused",
    options: { filters: { A: unchecked([["a"]]) } },
    refused: /plain values/
  },
  {
    name: "an object inside an array is refused",
    options: { filters: { A: unchecked([{ B: "b" }]) } },
    refused: /plain values/
  },
  { name: "a sortBy field with a comma is refused", options: { sortBy: ["Name,ID"] }, refused: /sortBy/ },
  { name: "an empty sortBy field is refused", options: { sortBy: [""] }, refused: /sortBy/ },
  { name: "a bare ! sortBy field is refused", options: { sortBy: ["!"] }, refused: /sortBy/ },
  { name: "an empty searchOn field is refused", options: { searchOn: [""] }, refused: /searchOn/ },
  {
    name: "searchOn as one string says to pass an array",
    options: { searchOn: unchecked("Name,ID") },
    refused: /^searchOn must be an array of field names, such as searchOn: \["Name", "ID"\]; got the string "Name,ID"$/
  },
  {
    name: "sortBy as one string says to pass an array",
    options: { sortBy: unchecked("!ID") },
    refused: /^sortBy must be an array of field names, such as sortBy: \["Name", "!ID"\]; got the string "!ID"$/
  },
  { name: "sortBy as an object is refused", options: { sortBy: unchecked({ ID: 1 }) }, refused: /got an object$/ },
  { name: "filters that are not an object are refused", options: { filters: unchecked(["a"]) }, refused: /filters/ },
  { name: "a bigint filter is refused", options: { filters: { A: unchecked(1n) } }, refused: /"A"/ },
  { name: "a lone surrogate in a value is refused", options: { filters: { A: "a\uD800" } }, refused: /surrogate/ },
  { name: "a lone surrogate in a key is refused", options: { filters: { ["\uDC00k"]: "a" } }, refused: /surrogate/ },
  { name: "a lone surrogate in search is refused", options: { search: "\uD83D" }, refused: /surrogate/ },
  {
    name: "a filter named like a list option in another case is refused (PageSize shadows pageSize)",
    options: { filters: { PageSize: 1000 } },
    refused: /"PageSize" is a parameter/
  }
]

const assertRefused = (result: Either.Either<unknown, InvalidRequest>, detail: RegExp) => {
  if (Either.isRight(result)) return assert.fail(`expected a failure, got ${JSON.stringify(result.right)}`)
  assert.strictEqual(result.left._tag, "InvalidRequest")
  assert.strictEqual(result.left.reason, "Query")
  assert.match(result.left.detail, detail)
}

describe("ListOptions.toQueryString", () => {
  it("the table has at least 30 cases", () => {
    assert.isAtLeast(cases.length, 30)
  })

  for (const testCase of cases) {
    if ("query" in testCase) {
      it(`${testCase.name}: ${testCase.query === "" ? "(empty)" : testCase.query}`, () => {
        const query = ListOptions.toQueryString(testCase.options)
        assert.deepStrictEqual(query, Either.right(testCase.query))
        // toParams gives the same pairs, decoded
        const params = ListOptions.toParams(testCase.options)
        assert.deepStrictEqual(params, Either.right([...new URLSearchParams(testCase.query)]))
      })
    } else {
      it(`${testCase.name} (InvalidRequest, reason Query)`, () => {
        assertRefused(ListOptions.toQueryString(testCase.options), testCase.refused)
        assertRefused(ListOptions.toParams(testCase.options), testCase.refused)
      })
    }
  }

  it("reservedNames are exactly the list option names", () => {
    assert.deepStrictEqual(
      [...ListOptions.reservedNames].sort(),
      ["page", "pageKey", "pageSize", "search", "searchOn", "searchType", "sortBy"]
    )
    assert.strictEqual(ListOptions.maxPageSize, 100)
  })
})

// Any string a user can type: full Unicode range, no lone surrogates.
const text = FastCheck.string({ unit: "binary", maxLength: 12 })
const nonEmpty = FastCheck.string({ unit: "binary", minLength: 1, maxLength: 12 })
const filterKey = nonEmpty.filter((key) => !ListOptions.reservedNames.has(key))
const filterValue = FastCheck.oneof(
  nonEmpty,
  FastCheck.array(nonEmpty, { minLength: 1, maxLength: 3 }),
  FastCheck.dictionary(nonEmpty, nonEmpty, { maxKeys: 3 })
)

type Generated = string | ReadonlyArray<string> | Readonly<Record<string, string>>

/** The pairs OrderCloud should read back, by the documented rules. */
const expectedPairs = (filters: Readonly<Record<string, Generated>>): Array<[string, string]> =>
  Object.entries(filters).flatMap(([key, value]): Array<[string, string]> =>
    typeof value === "string"
      ? [[key, value]]
      : Array.isArray(value)
      ? value.map((item): [string, string] => [key, item])
      : Object.entries(value).map(([nested, item]): [string, string] => [`${key}.${nested}`, item])
  )

describe("ListOptions query strings parse back to exactly what was given", () => {
  it.prop(
    "URLSearchParams reads back every key and value, and nothing else",
    { search: text, filters: FastCheck.dictionary(filterKey, filterValue, { maxKeys: 5 }) },
    ({ filters, search }) => {
      const query = ListOptions.toQueryString({ search, filters })
      if (Either.isLeft(query)) return assert.fail(query.left.message)
      const expected: Array<[string, string]> = [
        ...(search === "" ? [] : [["search", search] as [string, string]]),
        ...expectedPairs(filters)
      ]
      assert.deepStrictEqual([...new URLSearchParams(query.right)], expected)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "the query string holds only unreserved characters, percent-escapes, one = per pair and & between pairs",
    { key: filterKey, value: nonEmpty },
    ({ key, value }) => {
      const query = ListOptions.toQueryString({ filters: { [key]: value } })
      if (Either.isLeft(query)) return assert.fail(query.left.message)
      assert.match(query.right, /^[A-Za-z0-9\-_.!~*'()%]+=[A-Za-z0-9\-_.!~*'()%]+$/)
    },
    { fastCheck: { numRuns: 300 } }
  )
})
