import { assert, describe, it } from "@effect/vitest"
import { FastCheck } from "effect"
import type { ListError, ListMeta, ListResult, ListSpec } from "../src/internal/listing.js"
import { isListError, list, parseDate } from "../src/internal/listing.js"

type Item = Record<string, unknown>

// p05's DateCreated is 09:00Z written with a +02:00 offset: it sorts and compares
// by instant, not by text. p06 has a null Description, p09 a null xp and no Price,
// p16 no xp at all, p06 an empty Tags array. SKU holds numeric-looking strings.
const fixture: ReadonlyArray<Item> = [
  {
    ID: "p01",
    Name: "Red Shirt",
    Active: true,
    Price: 10,
    DateCreated: "2024-01-05T10:00:00Z",
    Description: "Soft cotton shirt",
    BillingAddress: { City: "Minneapolis" },
    PriceBreaks: [{ Quantity: 1, Price: 10 }, { Quantity: 10, Price: 8 }],
    xp: { Color: "Red", Size: "M", Tags: ["summer", "cotton"], Dims: { W: 50, H: 70 } }
  },
  {
    ID: "p02",
    Name: "Blue Shirt",
    Active: true,
    Price: 12.5,
    DateCreated: "2024-01-20T08:30:00Z",
    Description: "Cotton shirt in blue",
    PriceBreaks: [{ Quantity: 1, Price: 12.5 }],
    xp: { Color: "Blue", Size: "L", Tags: ["summer"], Dims: { W: 55, H: 72 } }
  },
  {
    ID: "p03",
    Name: "Green Hat",
    Active: false,
    Price: 8,
    DateCreated: "2023-12-31T23:59:59Z",
    Description: "Wool hat",
    SKU: "9",
    xp: { Color: "Green", Size: "S", Tags: ["winter", "wool"] }
  },
  {
    ID: "p04",
    Name: "red scarf",
    Active: true,
    Price: 15,
    DateCreated: "2024-02-01T00:00:00Z",
    Description: "Long scarf, red",
    SKU: "10",
    xp: { Color: "red", Tags: ["winter"] }
  },
  {
    ID: "p05",
    Name: "Black Boots",
    Active: true,
    Price: 120,
    DateCreated: "2024-01-05T11:00:00+02:00",
    Description: "Leather boots",
    BillingAddress: { City: "St. Paul" },
    xp: { Color: "Black", Size: "L", Dims: { W: 30, H: 40 } }
  },
  {
    ID: "p06",
    Name: "White Socks",
    Active: false,
    Price: 3,
    DateCreated: "2024-01-05T09:59:59Z",
    Description: null,
    xp: { Color: "White", Size: "M", Tags: [] }
  },
  {
    ID: "p07",
    Name: "Rain Jacket",
    Active: true,
    Price: 89.99,
    DateCreated: "2024-04-10T00:00:00Z",
    Description: "Waterproof jacket for rain",
    xp: { Color: "Yellow", Size: "XL", Tags: ["rain", "outdoor"] }
  },
  {
    ID: "p08",
    Name: "Jacket Liner",
    Active: true,
    Price: 25,
    DateCreated: "2024-04-11T00:00:00Z",
    Description: "Liner for the rain jacket",
    xp: { Color: "Grey", Size: "L" }
  },
  {
    ID: "p09",
    Name: "Shirt Box",
    Active: true,
    DateCreated: "2024-05-01T00:00:00Z",
    Description: "Gift box",
    xp: null
  },
  {
    ID: "p10",
    Name: "Cotton Tote",
    Active: true,
    Price: 0,
    DateCreated: "2024-05-02T00:00:00Z",
    Description: "Canvas tote bag",
    xp: { Color: "Natural", Tags: ["cotton", "bag"] }
  },
  {
    ID: "p11",
    Name: "Denim Jeans",
    Active: true,
    Price: 45,
    DateCreated: "2024-05-03T00:00:00Z",
    Description: "Blue denim",
    BillingAddress: { City: "minneapolis" },
    xp: { Color: "Blue", Size: "M", Dims: { W: 80, H: 100 } }
  },
  {
    ID: "p12",
    Name: "Belt",
    Active: false,
    Price: 20,
    DateCreated: "2024-05-04T00:00:00Z",
    Description: "Leather belt",
    xp: { Color: "Brown" }
  },
  {
    ID: "p13",
    Name: "Sun Hat",
    Active: true,
    Price: 18,
    DateCreated: "2024-06-01T00:00:00Z",
    Description: "Straw hat for summer",
    xp: { Color: "Beige", Size: "M", Tags: ["summer", "straw"] }
  },
  {
    ID: "p14",
    Name: "Wool Sweater",
    Active: true,
    Price: 60,
    DateCreated: "2024-10-01T00:00:00Z",
    Description: "Warm wool sweater",
    xp: { Color: "Red", Size: "L", Tags: ["winter", "wool"] }
  },
  {
    ID: "p15",
    Name: "T-Shirt Pack",
    Active: true,
    Price: 25,
    DateCreated: "2024-07-01T00:00:00Z",
    Description: "Three cotton t-shirts",
    xp: { Color: "White", Size: "M" }
  },
  {
    ID: "p16",
    Name: "Gloves",
    Active: true,
    Price: 22,
    DateCreated: "2024-11-01T00:00:00Z",
    Description: "Leather gloves"
  },
  {
    ID: "p17",
    Name: "Rain Boots",
    Active: true,
    Price: 35,
    DateCreated: "2024-09-01T00:00:00Z",
    Description: "Rubber boots for rain",
    xp: { Color: "Yellow", Size: "M", Tags: ["rain"] }
  },
  {
    ID: "p18",
    Name: "Swim Shorts",
    Active: false,
    Price: 28,
    DateCreated: "2024-06-15T00:00:00Z",
    Description: "Quick-dry shorts",
    xp: { Color: "Blue", Size: "S", Tags: ["summer"] }
  },
  {
    ID: "p19",
    Name: "Beanie",
    Active: true,
    Price: 12,
    DateCreated: "2024-12-01T00:00:00Z",
    Description: "Knit beanie",
    xp: { Color: "Grey", Size: "S", Tags: ["winter"] }
  },
  {
    ID: "p20",
    Name: "Umbrella",
    Active: true,
    Price: 30,
    DateCreated: "2024-08-01T00:00:00Z",
    Description: "Compact rain umbrella",
    xp: { Color: "Black", Dims: { W: 100, H: 90 } }
  }
]

const all = fixture.map((item) => item.ID as string)
const allBut = (...excluded: ReadonlyArray<string>) => all.filter((id) => !excluded.includes(id))

/** A classic resource: fixed searchable and sortable fields. */
const classic: ListSpec = {
  filters: true,
  searchable: ["ID", "Name", "Description"],
  sortable: ["ID", "Name", "Price", "DateCreated", "Active"],
  facets: false
}
/** A premium-search resource (products): any field, facets. */
const premium: ListSpec = { filters: true, searchable: "any", sortable: "any", facets: true }
/** An assignment list: no filters, no search, no sort. */
const bare: ListSpec = { filters: false, searchable: [], sortable: [], facets: false }

interface Case {
  readonly query: string
  readonly spec?: ListSpec
  readonly reserved?: ReadonlyArray<string>
  readonly ids?: ReadonlyArray<string>
  readonly meta?: Partial<ListMeta>
  readonly error?: string
}

const cases: ReadonlyArray<Case> = [
  // equals
  { query: "Name=red shirt", ids: ["p01"] },
  { query: "xp.Color=red", ids: ["p01", "p04", "p14"] },
  { query: "Active=false", ids: ["p03", "p06", "p12", "p18"] },
  { query: "Active=TRUE&Price=>50", ids: ["p05", "p07", "p14"] },
  { query: "Price=25", ids: ["p08", "p15"] },
  { query: "Price=0", ids: ["p10"] },
  { query: "Name=", ids: [] },
  // wildcards
  { query: "Name=rain*", ids: ["p07", "p17"] },
  { query: "Name=*hat", ids: ["p03", "p13"] },
  { query: "Name=*shirt*", ids: ["p01", "p02", "p09", "p15"] },
  { query: "Name=r*t", ids: ["p01", "p07"] },
  { query: "DateCreated=2024-01*", ids: ["p01", "p02", "p05", "p06"] },
  // negation: the complement, so absent and null values match
  { query: "xp.Color=!red", ids: allBut("p01", "p04", "p14") },
  { query: "Name=!r*", ids: allBut("p01", "p04", "p07", "p17") },
  { query: "Name=!*s", ids: allBut("p05", "p06", "p11", "p16", "p17", "p18") },
  { query: "Nope=!x", ids: all },
  // ranges on numbers; absent values never compare
  { query: "Price=>50", ids: ["p05", "p07", "p14"] },
  { query: "Price=<10", ids: ["p03", "p06", "p10"] },
  { query: "Price=!<25", ids: ["p05", "p07", "p08", "p11", "p14", "p15", "p17", "p18", "p20"] },
  { query: "Price=!>10", ids: ["p01", "p03", "p06", "p10"] },
  { query: "Price=>10&Price=<20", ids: ["p02", "p04", "p13", "p19"] },
  // numeric-looking strings compare as strings ("10" < "5" < "9")
  { query: "SKU=>5", ids: ["p03"] },
  // dates: by instant, whatever the offset; a date alone is midnight UTC
  { query: "DateCreated=>2024-10-01", ids: ["p16", "p19"] },
  { query: "DateCreated=!<2024-10-01", ids: ["p14", "p16", "p19"] },
  { query: "DateCreated=<2024-01-05T10:00:00Z", ids: ["p03", "p05", "p06"] },
  { query: "DateCreated=2024-01-05T09:00:00Z", ids: ["p05"] },
  { query: "DateCreated=<1/1/2024", ids: ["p03"] },
  // OR within a key, OR across keys, AND by repeating a key
  { query: "xp.Color=blue|green", ids: ["p02", "p03", "p11", "p18"] },
  { query: "xp.Size=xl|s*", ids: ["p03", "p07", "p18", "p19"] },
  { query: "Name|Description=*wool*", ids: ["p03", "p14"] },
  { query: "Name|xp.Color=black", ids: ["p05", "p20"] },
  { query: "xp.Color=!red&xp.Color=!blue", ids: allBut("p01", "p04", "p14", "p02", "p11", "p18") },
  // nested paths
  { query: "xp.Dims.W=>50", ids: ["p02", "p11", "p20"] },
  { query: "BillingAddress.City=MINNEAPOLIS", ids: ["p01", "p11"] },
  { query: "Nope=x", ids: [] },
  // absence and presence
  { query: "Description=!*", ids: ["p06"] },
  { query: "Price=!*", ids: ["p09"] },
  { query: "xp=!*", ids: ["p09", "p16"] },
  { query: "xp.Size=*", ids: allBut("p04", "p09", "p10", "p12", "p16", "p20") },
  { query: "xp.Size=!*", ids: ["p04", "p09", "p10", "p12", "p16", "p20"] },
  // arrays: any element; an empty array is absent
  { query: "xp.Tags=cotton", ids: ["p01", "p10"] },
  { query: "xp.Tags=!summer", ids: allBut("p01", "p02", "p13", "p18") },
  { query: "xp.Tags=!*", ids: ["p05", "p06", "p08", "p09", "p11", "p12", "p15", "p16", "p20"] },
  { query: "PriceBreaks.Quantity=10", ids: ["p01"] },
  // parameters that are not filters
  { query: "catalogID=abc&CATALOGID=x", reserved: ["catalogID"], ids: all },
  { query: "pageKey=abc", ids: all },
  { query: "xp.Color=red&search=zzz&sortBy=Nope", spec: bare, ids: all },
  // search on the searchable fields (ID, Name, Description)
  { query: "search=boots", ids: ["p05", "p17"] },
  { query: "search=wool%20leather", ids: ["p03", "p05", "p12", "p14", "p16"] },
  { query: "search=p1", ids: ["p10", "p11", "p12", "p13", "p14", "p15", "p16", "p17", "p18", "p19"] },
  { query: "search=sun+straw&searchType=AllTermsAnyField", ids: ["p13"] },
  { query: "search=sun+straw&searchType=AllTermsSameField", ids: [] },
  { query: "search=rain+jacket&searchType=AllTermsSameField", ids: ["p07", "p08"] },
  { query: "search=rain+jacket&searchType=AnyTerm", ids: ["p07", "p08", "p17", "p20"] },
  { query: "search=rain+boot&searchType=ExactPhrase", ids: [] },
  { query: "search=RAIN++BOOTS&searchType=exactphrase", ids: ["p17"] },
  { query: "search=rain+boot&searchType=ExactPhrasePrefix", ids: ["p17"] },
  { query: "search=ain+boots&searchType=ExactPhrasePrefix", ids: [] },
  { query: "search=cotton&searchOn=Description", ids: ["p01", "p02", "p15"] },
  { query: "search=cotton&searchOn=name", ids: ["p10"] },
  { query: "search=%20%20", ids: all },
  // search on any string field, xp included (premium)
  { query: "search=natural", spec: premium, ids: ["p10"] },
  { query: "search=minneapolis&searchOn=BillingAddress.City", spec: premium, ids: ["p01", "p11"] },
  { query: "search=wool&searchOn=xp.*", spec: premium, ids: ["p03", "p14"] },
  // sort: only when asked; multi-field; ties keep insertion order; null first ascending
  { query: "sortBy=Price&Active=false", ids: ["p06", "p03", "p12", "p18"] },
  { query: "sortBy=!Price&xp.Color=blue|red", ids: ["p14", "p11", "p18", "p04", "p02", "p01"] },
  { query: "sortBy=Price,!ID&Price=!<25&Price=!>30", ids: ["p15", "p08", "p18", "p20"] },
  { query: "sortBy=Active&Price=!<25&Price=!>30", ids: ["p18", "p08", "p15", "p20"] },
  { query: "sortBy=DateCreated&DateCreated=<2024-01-06", ids: ["p03", "p05", "p06", "p01"] },
  { query: "sortBy=Price&Price=!>8|!*", ids: ["p09", "p10", "p06", "p03"] },
  { query: "sortBy=!Price&Price=!>8|!*", ids: ["p03", "p06", "p10", "p09"] },
  { query: "sortBy=Name&Name=r*", ids: ["p17", "p07", "p04", "p01"] },
  { query: "sortby=!name&Name=r*", ids: ["p01", "p04", "p07", "p17"] },
  { query: "sortBy=xp.Dims.W&xp.Dims.W=*", spec: premium, ids: ["p05", "p01", "p02", "p11", "p20"] },
  { query: "sortBy=!Description&Active=false", spec: premium, ids: ["p03", "p18", "p12", "p06"] },
  // paging and Meta
  {
    query: "",
    ids: all,
    meta: { Page: 1, PageSize: 20, TotalCount: 20, TotalPages: 1, ItemRange: [1, 20], NextPageKey: null }
  },
  {
    query: "pageSize=6&page=4",
    ids: ["p19", "p20"],
    meta: { Page: 4, PageSize: 6, TotalCount: 20, TotalPages: 4, ItemRange: [19, 20] }
  },
  {
    query: "pageSize=6&page=5",
    ids: [],
    meta: { Page: 5, PageSize: 6, TotalCount: 20, TotalPages: 4, ItemRange: [0, 0] }
  },
  {
    query: "pageSize=5&page=2&sortBy=!ID",
    ids: ["p15", "p14", "p13", "p12", "p11"],
    meta: { TotalCount: 20, TotalPages: 4, ItemRange: [6, 10] }
  },
  {
    query: "xp.Color=purple",
    ids: [],
    meta: { Page: 1, PageSize: 20, TotalCount: 0, TotalPages: 0, ItemRange: [0, 0] }
  },
  {
    query: "pageSize=3&Active=false",
    ids: ["p03", "p06", "p12"],
    meta: { TotalCount: 4, TotalPages: 2, ItemRange: [1, 3] }
  },
  {
    query: "page=2&pageSize=3&Active=false",
    ids: ["p18"],
    meta: { Page: 2, TotalCount: 4, TotalPages: 2, ItemRange: [4, 4] }
  },
  { query: "PageSize=2&PAGE=3", ids: ["p05", "p06"], meta: { Page: 3, PageSize: 2, ItemRange: [5, 6] } },
  { query: "pageSize=100&page=", ids: all, meta: { Page: 1, PageSize: 100, TotalPages: 1 } },
  // refusals
  { query: "page=0", error: "ValidationFailure" },
  { query: "page=-1", error: "ValidationFailure" },
  { query: "page=abc", error: "ValidationFailure" },
  { query: "page=1.5", error: "ValidationFailure" },
  { query: "pageSize=0", error: "ValidationFailure" },
  { query: "pageSize=x", error: "ValidationFailure" },
  { query: "pageSize=101", error: "List.InvalidPageSize" },
  { query: "search=x&searchType=Fuzzy", error: "ValidationFailure" },
  { query: "search=x&searchOn=xp.Color", error: "List.InvalidSearchProperty" },
  { query: "searchOn=ID,Email", error: "List.InvalidSearchProperty" },
  { query: "sortBy=Description", error: "List.InvalidSortProperty" },
  { query: "sortBy=!", error: "List.InvalidSortProperty" },
  { query: "sortBy=ID,!xp.Color", error: "List.InvalidSortProperty" }
]

const run = (query: string, spec: ListSpec = classic, reserved: ReadonlyArray<string> = []) =>
  list(fixture, new URLSearchParams(query), spec, new Set(reserved))

const idsOf = (result: ListResult<Item>) => result.Items.map((item) => item.ID)

const expectPage = (result: ListResult<Item> | ListError): ListResult<Item> => {
  if (isListError(result)) return assert.fail(`expected a page, got ${result.errorCode}: ${result.message}`)
  return result
}

describe("listing", () => {
  describe("list semantics table", () => {
    cases.forEach((c, index) => {
      const expected = c.error !== undefined ? `400 ${c.error}` : `[${c.ids?.join(",")}]`
      it(`#${index + 1} ?${c.query}${c.spec === undefined ? "" : ` (${c.spec === premium ? "premium" : "bare"})`} -> ${expected}`, () => {
        const result = run(c.query, c.spec, c.reserved)
        if (c.error !== undefined) {
          assert.isTrue(isListError(result), "expected a refusal")
          const error = result as ListError
          assert.strictEqual(error.status, 400)
          assert.strictEqual(error.errorCode, c.error)
          assert.isString(error.message)
          return
        }
        const page = expectPage(result)
        assert.deepStrictEqual(idsOf(page), [...(c.ids ?? [])])
        if (c.meta !== undefined) {
          for (const [key, value] of Object.entries(c.meta)) {
            assert.deepStrictEqual(page.Meta[key as keyof ListMeta], value, `Meta.${key}`)
          }
        }
      })
    })
  })

  it("a refusal carries a message and Data naming the parameter", () => {
    const result = run("sortBy=Description")
    assert.deepStrictEqual(result, {
      status: 400,
      errorCode: "List.InvalidSortProperty",
      message: "Cannot sort by \"Description\". Sortable: ID, Name, Price, DateCreated, Active.",
      data: { Parameter: "sortBy", Value: "Description", Allowed: ["ID", "Name", "Price", "DateCreated", "Active"] }
    })
    assert.deepStrictEqual(run("pageSize=101"), {
      status: 400,
      errorCode: "List.InvalidPageSize",
      message: "pageSize must be a whole number from 1 to 100; got \"101\".",
      data: { Parameter: "pageSize", Value: "101", Min: 1, Max: 100 }
    })
  })

  it("Meta has Facets: [] only for lists with facets, and the exact key set otherwise", () => {
    const withFacets = expectPage(run("pageSize=2", premium))
    assert.deepStrictEqual(withFacets.Meta, {
      Page: 1,
      PageSize: 2,
      TotalCount: 20,
      TotalPages: 10,
      ItemRange: [1, 2],
      NextPageKey: null,
      Facets: []
    })
    const without = expectPage(run("pageSize=2"))
    assert.deepStrictEqual(Object.keys(without.Meta), [
      "Page",
      "PageSize",
      "TotalCount",
      "TotalPages",
      "ItemRange",
      "NextPageKey"
    ])
  })

  it("returns the given objects and leaves the input array untouched when sorting", () => {
    const before = [...fixture]
    const page = expectPage(run("sortBy=!Price&pageSize=100"))
    assert.strictEqual(page.Items.find((item) => item.ID === "p05"), fixture[4])
    assert.deepStrictEqual(fixture, before)
    assert.notStrictEqual(page.Items, fixture)
  })

  it("the Last-ID method (sortBy=ID, ID=>last) visits every item once, in ID order", () => {
    const seen: Array<unknown> = []
    let query = "pageSize=3&sortBy=ID"
    for (let round = 0; round < 20; round++) {
      const page = expectPage(run(query))
      if (page.Items.length === 0) break
      seen.push(...idsOf(page))
      query = `pageSize=3&sortBy=ID&ID=${encodeURIComponent(`>${String(page.Items.at(-1)!.ID)}`)}`
    }
    assert.deepStrictEqual(seen, all)
  })

  it("parses ISO dates with offsets and 7 fraction digits, M/D/YYYY, and rejects impossible dates", () => {
    assert.strictEqual(parseDate("2024-01-05T11:00:00+02:00"), Date.UTC(2024, 0, 5, 9))
    assert.strictEqual(parseDate("2024-01-05T09:00:00.1234567Z"), Date.UTC(2024, 0, 5, 9, 0, 0, 123))
    assert.strictEqual(parseDate("2024-01-05"), Date.UTC(2024, 0, 5))
    assert.strictEqual(parseDate("2024-01-05T09:00"), Date.UTC(2024, 0, 5, 9))
    assert.strictEqual(parseDate("1/2/2022"), Date.UTC(2022, 0, 2))
    assert.strictEqual(parseDate("2024-01-05 09:00:00.5-0130"), Date.UTC(2024, 0, 5, 10, 30, 0, 500))
    assert.strictEqual(parseDate("2024-01-05T09:00:00+02"), Date.UTC(2024, 0, 5, 7))
    assert.strictEqual(parseDate("12/31/2023"), Date.UTC(2023, 11, 31))
    assert.strictEqual(parseDate("2024-02-29"), Date.UTC(2024, 1, 29))
    assert.isUndefined(parseDate("2023-02-29"))
    assert.isUndefined(parseDate("2024-02-30"))
    assert.isUndefined(parseDate("2024-01-05T25:00:00Z"))
    assert.isUndefined(parseDate("2024-01-05T09:00:00Zulu"))
    assert.isUndefined(parseDate("2024-01-05T09"))
    assert.isUndefined(parseDate("2024-1-05"))
    assert.isUndefined(parseDate("2024-13-01"))
    assert.isUndefined(parseDate("Red Shirt"))
    assert.isUndefined(parseDate("12345678"))
  })

  describe("properties", () => {
    const numbered = (count: number): ReadonlyArray<Item> =>
      Array.from({ length: count }, (_, i) => ({ ID: `i${String(i).padStart(4, "0")}`, N: i % 7 }))

    it.prop(
      "the pages of any pageSize partition the full list, with consistent Meta",
      {
        count: FastCheck.integer({ min: 0, max: 250 }),
        pageSize: FastCheck.integer({ min: 1, max: 100 }),
        filtered: FastCheck.boolean(),
        sorted: FastCheck.boolean()
      },
      ({ count, filtered, pageSize, sorted }) => {
        const items = numbered(count)
        const extra = `${filtered ? "&N=!3" : ""}${sorted ? "&sortBy=!ID" : ""}`
        const spec: ListSpec = { filters: true, searchable: ["ID"], sortable: ["ID"], facets: false }
        const full = expectPage(list(items, new URLSearchParams(`pageSize=100${extra}`), spec, new Set()))
        let expected = items.filter((item) => !filtered || item.N !== 3)
        if (sorted) expected = [...expected].reverse()
        const union: Array<Item> = []
        const totalPages = Math.ceil(expected.length / pageSize)
        for (let page = 1; page <= totalPages + 1; page++) {
          const result = expectPage(
            list(items, new URLSearchParams(`page=${page}&pageSize=${pageSize}${extra}`), spec, new Set())
          )
          const { Meta } = result
          assert.strictEqual(Meta.Page, page)
          assert.strictEqual(Meta.PageSize, pageSize)
          assert.strictEqual(Meta.TotalCount, expected.length)
          assert.strictEqual(Meta.TotalPages, totalPages)
          const firstIndex = (page - 1) * pageSize
          const size = Math.max(0, Math.min(pageSize, expected.length - firstIndex))
          assert.strictEqual(result.Items.length, size)
          assert.deepStrictEqual(Meta.ItemRange, size === 0 ? [0, 0] : [firstIndex + 1, firstIndex + size])
          union.push(...result.Items)
        }
        assert.deepStrictEqual(union, expected)
        if (expected.length <= 100) assert.deepStrictEqual(full.Items, expected)
      }
    )

    const priced = FastCheck.array(
      FastCheck.option(FastCheck.integer({ min: -5, max: 5 }), { nil: undefined }),
      { maxLength: 30 }
    ).map((prices) =>
      prices.map((price, i): Item => price === undefined ? { ID: `x${i}` } : { ID: `x${i}`, Price: price })
    )
    const count = (items: ReadonlyArray<Item>, query: string) =>
      expectPage(list(items, new URLSearchParams(`pageSize=100&${query}`), classic, new Set())).Meta.TotalCount

    it.prop(
      "v and !v split the items; >t and !>t split the items that have the field",
      { items: priced, t: FastCheck.integer({ min: -6, max: 6 }) },
      ({ items, t }) => {
        const present = items.filter((item) => item.Price !== undefined).length
        assert.strictEqual(count(items, `Price=${t}`) + count(items, `Price=!${t}`), items.length)
        assert.strictEqual(count(items, `Price=%3E${t}`) + count(items, `Price=!%3E${t}`), present)
        assert.strictEqual(count(items, `Price=%3C${t}`) + count(items, `Price=!%3C${t}`), present)
        assert.strictEqual(count(items, "Price=*") + count(items, "Price=!*"), items.length)
      }
    )

    it.prop(
      "every page of sortBy=Price is the slice of one stable ordering of the items, absent first",
      {
        // up to 60 items, many sharing a price
        items: FastCheck.tuple(priced, priced).map(([first, second]) => [
          ...first,
          ...second.map((item) => ({ ...item, ID: `y${item.ID}` }))
        ]),
        descending: FastCheck.boolean(),
        pageSize: FastCheck.integer({ min: 1, max: 12 })
      },
      ({ descending, items, pageSize }) => {
        const rank = (item: Item) => item.Price === undefined ? -Infinity : item.Price as number
        const expected = items
          .map((item, index) => ({ item, index }))
          .sort((a, b) => (descending ? rank(b.item) - rank(a.item) : rank(a.item) - rank(b.item)) || a.index - b.index)
          .map(({ item }) => item)
        const pages = Math.ceil(items.length / pageSize)
        for (let page = 1; page <= pages; page++) {
          const result = expectPage(list(
            items,
            new URLSearchParams(`page=${page}&pageSize=${pageSize}&sortBy=${descending ? "!" : ""}Price`),
            classic,
            new Set()
          ))
          assert.deepStrictEqual(result.Items, expected.slice((page - 1) * pageSize, page * pageSize), `page ${page}`)
        }
      }
    )
  })
})

describe("selection memo", () => {
  it("pages of a filtered, sorted list are the same with the memo, which selects once per query", () => {
    const memo = new Map<string, ReadonlyArray<Item>>()
    for (const page of [1, 2, 3, 4]) {
      const query = new URLSearchParams(`Active=true&sortBy=!Name&pageSize=3&page=${page}`)
      assert.deepStrictEqual(list(fixture, query, classic, new Set(), memo), list(fixture, query, classic))
    }
    assert.strictEqual(memo.size, 1)
    list(fixture, new URLSearchParams("Active=false&pageSize=3"), classic, new Set(), memo)
    assert.strictEqual(memo.size, 2)
  })
})
