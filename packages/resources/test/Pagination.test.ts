import { assert, describe, it } from "@effect/vitest"
import type * as ListPage from "@ordercloud-effect/core/ListPage"
import { type InvalidRequest, ServiceUnavailable } from "@ordercloud-effect/core/OrderCloudError"
import { Chunk, Effect, Either, FastCheck, Stream } from "effect"
import * as Pagination from "../src/Pagination.js"

interface Item {
  readonly ID: string
  readonly n: number
}

/** `count` items with zero-padded IDs, so string order is numeric order. */
const makeItems = (count: number): ReadonlyArray<Item> =>
  Array.from({ length: count }, (_, index) => ({ ID: `item-${String(index + 1).padStart(5, "0")}`, n: index + 1 }))

const metaFor = (page: number, pageSize: number, totalCount: number, nextPageKey?: string | null): ListPage.Meta => {
  const first = Math.min((page - 1) * pageSize + 1, totalCount)
  const last = Math.min(page * pageSize, totalCount)
  return {
    Page: page,
    PageSize: pageSize,
    TotalCount: totalCount,
    TotalPages: Math.ceil(totalCount / pageSize),
    ItemRange: totalCount === 0 ? [0, 0] : [first, last],
    ...(nextPageKey === undefined ? {} : { NextPageKey: nextPageKey })
  }
}

/**
 * A fake list endpoint over `data`, paging by number like OrderCloud, that
 * records every request it answers.
 */
const pagedServer = <A>(data: ReadonlyArray<A>) => {
  const requests: Array<Pagination.PageRequest> = []
  const fetch = (request: Pagination.PageRequest): Effect.Effect<ListPage.ListPage<A>> =>
    Effect.sync(() => {
      requests.push(request)
      const page = request.page ?? 1
      const start = (page - 1) * request.pageSize
      return {
        Meta: metaFor(page, request.pageSize, data.length),
        Items: data.slice(start, start + request.pageSize)
      }
    })
  return { fetch, requests }
}

/**
 * A fake "Last ID" endpoint: `page=1`, sorted by ID, `ID > afterId`. With
 * `ignoreFilter` it behaves like a server that drops the ID filter.
 */
const lastIdServer = <A extends { readonly ID?: string | null | undefined }>(
  data: ReadonlyArray<A>,
  options: { readonly ignoreFilter?: boolean } = {}
) => {
  const requests: Array<Pagination.LastIdRequest> = []
  const fetch = (request: Pagination.LastIdRequest): Effect.Effect<ListPage.ListPage<A>> =>
    Effect.sync(() => {
      requests.push(request)
      // `data` is the list sorted by ID: the items after `afterId` are those after its position.
      const start = request.afterId === undefined || options.ignoreFilter === true
        ? 0
        : data.findIndex((item) => item.ID === request.afterId) + 1
      const matching = data.slice(start)
      return { Meta: metaFor(1, request.pageSize, matching.length), Items: matching.slice(0, request.pageSize) }
    })
  return { fetch, requests }
}

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

/** Runs a stream to its failure, keeping what it emitted before failing. */
const emittedThenError = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.gen(function*() {
    const emitted: Array<A> = []
    const result = yield* Effect.either(Stream.runForEach(stream, (item) => Effect.sync(() => emitted.push(item))))
    if (Either.isRight(result)) return assert.fail("the stream should have failed")
    return { emitted, error: result.left }
  })

describe("Pagination.items pages lazily", () => {
  it.effect("500 items in pages of 100: 5 fetches, and never a page before its first item is pulled", () =>
    Effect.gen(function*() {
      const server = pagedServer(makeItems(500))
      let consumed = 0
      const fetchedAtEachItem: Array<number> = []
      const all = yield* collect(
        Pagination.items(server.fetch).pipe(
          Stream.tap(() =>
            Effect.sync(() => {
              consumed++
              fetchedAtEachItem.push(server.requests.length)
            })
          )
        )
      )
      assert.strictEqual(all.length, 500)
      assert.strictEqual(consumed, 500)
      assert.strictEqual(server.requests.length, 5)
      // Exactly the pages needed so far: item k (1-based) is consumed with ceil(k / 100) pages fetched.
      fetchedAtEachItem.forEach((fetched, index) => {
        if (fetched !== Math.ceil((index + 1) / 100)) {
          assert.fail(`item ${index + 1} was consumed with ${fetched} pages fetched`)
        }
      })
      assert.deepStrictEqual(
        server.requests,
        Array.from({ length: 5 }, (_, index) => ({ page: index + 1, pageSize: 100 }))
      )
      assert.deepStrictEqual(all.map((item) => item.n), makeItems(500).map((item) => item.n))
    }))

  it.effect("Stream.take(150) fetches exactly 2 pages", () =>
    Effect.gen(function*() {
      const server = pagedServer(makeItems(2500))
      const taken = yield* collect(Pagination.items(server.fetch).pipe(Stream.take(150)))
      assert.strictEqual(taken.length, 150)
      assert.strictEqual(taken[149]?.n, 150)
      assert.deepStrictEqual(server.requests, [{ page: 1, pageSize: 100 }, { page: 2, pageSize: 100 }])
    }))

  it.effect("building the stream fetches nothing; each run fetches again", () =>
    Effect.gen(function*() {
      const server = pagedServer(makeItems(30))
      const stream = Pagination.items(server.fetch, { pageSize: 10 })
      assert.strictEqual(server.requests.length, 0)
      yield* Stream.runDrain(stream)
      yield* Stream.runDrain(stream)
      assert.strictEqual(server.requests.length, 6)
    }))
})

describe("Pagination.pages stops where the list ends", () => {
  it.effect("the last page is one with Meta.Page >= Meta.TotalPages: a full last page costs no extra request", () =>
    Effect.gen(function*() {
      const server = pagedServer(makeItems(300))
      const pages = yield* collect(Pagination.pages(server.fetch))
      assert.deepStrictEqual(pages.map((page) => page.Items.length), [100, 100, 100])
      assert.deepStrictEqual(server.requests.map((request) => request.page), [1, 2, 3])
    }))

  it.effect("Meta.TotalPages is believed even when a page is full", () =>
    Effect.gen(function*() {
      const data = makeItems(1000)
      const requests: Array<Pagination.PageRequest> = []
      // Claims 2 pages although more items exist.
      const fetch = (request: Pagination.PageRequest) =>
        Effect.sync((): ListPage.ListPage<Item> => {
          requests.push(request)
          const page = request.page ?? 1
          return {
            Meta: { ...metaFor(page, 10, 20) },
            Items: data.slice((page - 1) * 10, page * 10)
          }
        })
      const items = yield* collect(Pagination.items(fetch, { pageSize: 10 }))
      assert.strictEqual(items.length, 20)
      assert.deepStrictEqual(requests.map((request) => request.page), [1, 2])
    }))

  it.effect("a page with no Items ends the stream even when Meta promises more", () =>
    Effect.gen(function*() {
      const requests: Array<Pagination.PageRequest> = []
      const fetch = (request: Pagination.PageRequest) =>
        Effect.sync((): ListPage.ListPage<Item> => {
          requests.push(request)
          const page = request.page ?? 1
          return { Meta: metaFor(page, 10, 50), Items: page === 1 ? makeItems(10) : [] }
        })
      const pages = yield* collect(Pagination.pages(fetch, { pageSize: 10 }))
      assert.deepStrictEqual(pages.map((page) => page.Items.length), [10, 0])
      assert.strictEqual(requests.length, 2)
    }))

  it.effect("an empty list is one empty page (its Meta kept) and no items, after one request", () =>
    Effect.gen(function*() {
      const server = pagedServer<Item>([])
      const pages = yield* collect(Pagination.pages(server.fetch))
      assert.strictEqual(pages.length, 1)
      assert.deepStrictEqual(pages[0]?.Meta, metaFor(1, 100, 0))
      assert.deepStrictEqual(pages[0]?.Items, [])
      const items = yield* collect(Pagination.items(server.fetch))
      assert.deepStrictEqual(items, [])
      assert.strictEqual(server.requests.length, 2)
    }))

  it.effect("a last partial page is emitted and ends the stream", () =>
    Effect.gen(function*() {
      const server = pagedServer(makeItems(250))
      const pages = yield* collect(Pagination.pages(server.fetch))
      assert.deepStrictEqual(pages.map((page) => page.Items.length), [100, 100, 50])
      assert.deepStrictEqual(pages.map((page) => page.Meta.ItemRange), [[1, 100], [101, 200], [201, 250]])
      assert.strictEqual(server.requests.length, 3)
    }))

  it.effect("the page type is kept: facets of ListPageWithFacets stay readable", () =>
    Effect.gen(function*() {
      const fetch = (_: Pagination.PageRequest) =>
        Effect.succeed<ListPage.ListPageWithFacets<Item>>({
          Meta: { ...metaFor(1, 100, 1), Facets: [{ Name: "Color", XpPath: "Color", Values: [] }] },
          Items: makeItems(1)
        })
      const pages = yield* collect(Pagination.pages(fetch))
      assert.strictEqual(pages[0]?.Meta.Facets?.[0]?.Name, "Color")
    }))
})

describe("Pagination.pages follows NextPageKey", () => {
  /** Items in pages of `pageSize`; every page but the last carries the key of the next. */
  const keyedServer = (count: number, pageSize: number, keyOf: (page: number) => string | null | undefined) => {
    const data = makeItems(count)
    const requests: Array<Pagination.PageRequest> = []
    const fetch = (request: Pagination.PageRequest) =>
      Effect.sync((): ListPage.ListPage<Item> => {
        requests.push(request)
        const page = request.pageKey === undefined ? request.page ?? 1 : Number(request.pageKey.slice(1))
        const lastPage = Math.ceil(count / pageSize)
        return {
          // Key-paged lists do not count pages: Meta says 1 of 1 throughout.
          Meta: { ...metaFor(1, pageSize, pageSize), NextPageKey: page < lastPage ? keyOf(page + 1) : null },
          Items: data.slice((page - 1) * pageSize, page * pageSize)
        }
      })
    return { fetch, requests }
  }

  it.effect("a non-empty NextPageKey is passed as pageKey, without a page number, until a page has none", () =>
    Effect.gen(function*() {
      const server = keyedServer(25, 10, (page) => `k${page}`)
      const items = yield* collect(Pagination.items(server.fetch, { pageSize: 10 }))
      assert.deepStrictEqual(items.map((item) => item.n), makeItems(25).map((item) => item.n))
      assert.deepStrictEqual(server.requests, [
        { page: 1, pageSize: 10 },
        { pageKey: "k2", pageSize: 10 },
        { pageKey: "k3", pageSize: 10 }
      ])
    }))

  it.effect("an empty-string NextPageKey counts as none", () =>
    Effect.gen(function*() {
      const server = keyedServer(25, 10, () => "")
      const items = yield* collect(Pagination.items(server.fetch, { pageSize: 10 }))
      // No key, and Meta says page 1 of 1: the list ends after the first page.
      assert.strictEqual(items.length, 10)
      assert.deepStrictEqual(server.requests, [{ page: 1, pageSize: 10 }])
    }))

  it.effect("a page that returns the key it was fetched with fails with PaginationError instead of looping", () =>
    Effect.gen(function*() {
      const requests: Array<Pagination.PageRequest> = []
      const fetch = (request: Pagination.PageRequest) =>
        Effect.sync((): ListPage.ListPage<Item> => {
          requests.push(request)
          return { Meta: { ...metaFor(1, 10, 10), NextPageKey: "same" }, Items: makeItems(10) }
        })
      const { emitted, error } = yield* emittedThenError(Pagination.items(fetch, { pageSize: 10 }))
      assert.strictEqual(error._tag, "PaginationError")
      if (error._tag !== "PaginationError") return
      assert.strictEqual(error.reason, "RepeatedPageKey")
      assert.notInclude(error.message, "same")
      assert.strictEqual(emitted.length, 10)
      assert.strictEqual(requests.length, 2)
    }))
})

describe("page sizes", () => {
  const refused: ReadonlyArray<number> = [0, -1, 101, 1.5, Number.NaN, Number.POSITIVE_INFINITY]

  for (const pageSize of refused) {
    it.effect(`pageSize ${pageSize} fails with InvalidRequest before anything is fetched`, () =>
      Effect.gen(function*() {
        const paged = pagedServer(makeItems(5))
        const byId = lastIdServer(makeItems(5))
        const streams: ReadonlyArray<Stream.Stream<unknown, Pagination.PaginationError | InvalidRequest>> = [
          Pagination.pages(paged.fetch, { pageSize }),
          Pagination.items(paged.fetch, { pageSize }),
          Pagination.itemsByLastId(byId.fetch, { pageSize })
        ]
        for (const stream of streams) {
          const error = yield* Effect.flip(Stream.runDrain(stream))
          assert.strictEqual(error._tag, "InvalidRequest")
          if (error._tag !== "InvalidRequest") return
          assert.strictEqual(error.reason, "Query")
          assert.include(error.message, "pageSize must be a whole number from 1 to 100")
        }
        assert.strictEqual(paged.requests.length, 0)
        assert.strictEqual(byId.requests.length, 0)
      }))
  }

  it.effect("pageSize defaults to 100; 1 and 100 are accepted", () =>
    Effect.gen(function*() {
      const server = pagedServer(makeItems(3))
      yield* Stream.runDrain(Pagination.items(server.fetch))
      yield* Stream.runDrain(Pagination.items(server.fetch, { pageSize: undefined }))
      yield* Stream.runDrain(Pagination.items(server.fetch, { pageSize: 100 }))
      yield* Stream.runDrain(Pagination.items(server.fetch, { pageSize: 1 }))
      assert.deepStrictEqual(server.requests.map((request) => request.pageSize), [100, 100, 100, 1, 1, 1])
      const byId = lastIdServer(makeItems(3))
      yield* Stream.runDrain(Pagination.itemsByLastId(byId.fetch))
      assert.deepStrictEqual(byId.requests, [{ pageSize: 100, afterId: undefined }])
    }))
})

describe("errors of fetch pass through", () => {
  const unavailable = new ServiceUnavailable({
    status: 503,
    method: "GET",
    url: "https://api.ordercloud.io/v1/products",
    errors: [],
    errorCode: undefined
  })

  it.effect("a failing page fails the stream with the same typed error, after the pages before it", () =>
    Effect.gen(function*() {
      const server = pagedServer(makeItems(500))
      const fetch = (request: Pagination.PageRequest) =>
        request.page === 3 ? Effect.fail(unavailable) : server.fetch(request)
      const { emitted, error } = yield* emittedThenError(Pagination.items(fetch))
      assert.strictEqual(error, unavailable)
      assert.strictEqual(emitted.length, 200)
      assert.deepStrictEqual(server.requests.map((request) => request.page), [1, 2])
      // The type says so too: catchTag sees ServiceUnavailable.
      const recovered = yield* Pagination.items(fetch).pipe(
        Stream.runCount,
        Effect.catchTag("ServiceUnavailable", (e) => Effect.succeed(e.status))
      )
      assert.strictEqual(recovered, 503)
    }))

  it.effect("itemsByLastId passes fetch errors through the same way", () =>
    Effect.gen(function*() {
      const server = lastIdServer(makeItems(500))
      const fetch = (request: Pagination.LastIdRequest) =>
        server.requests.length === 2 ? Effect.fail(unavailable) : server.fetch(request)
      const { emitted, error } = yield* emittedThenError(Pagination.itemsByLastId(fetch))
      assert.strictEqual(error, unavailable)
      assert.strictEqual(emitted.length, 200)
    }))
})

describe("Pagination.itemsByLastId", () => {
  it.effect("asks for items after the last ID of each page, and stops on a short page", () =>
    Effect.gen(function*() {
      const data = makeItems(250)
      const server = lastIdServer(data)
      const items = yield* collect(Pagination.itemsByLastId(server.fetch))
      assert.deepStrictEqual(items, data)
      assert.deepStrictEqual(server.requests, [
        { pageSize: 100, afterId: undefined },
        { pageSize: 100, afterId: "item-00100" },
        { pageSize: 100, afterId: "item-00200" }
      ])
    }))

  it.effect("a list that fills its last page costs one final empty request", () =>
    Effect.gen(function*() {
      const server = lastIdServer(makeItems(20))
      const items = yield* collect(Pagination.itemsByLastId(server.fetch, { pageSize: 10 }))
      assert.strictEqual(items.length, 20)
      assert.deepStrictEqual(server.requests.map((request) => request.afterId), [undefined, "item-00010", "item-00020"])
    }))

  it.effect("is lazy: Stream.take(15) of pages of 10 fetches 2 pages", () =>
    Effect.gen(function*() {
      const server = lastIdServer(makeItems(1000))
      const items = yield* collect(Pagination.itemsByLastId(server.fetch, { pageSize: 10 }).pipe(Stream.take(15)))
      assert.strictEqual(items.length, 15)
      assert.strictEqual(server.requests.length, 2)
    }))

  it.effect("0 items: one request, no items", () =>
    Effect.gen(function*() {
      const server = lastIdServer<Item>([])
      const items = yield* collect(Pagination.itemsByLastId(server.fetch))
      assert.deepStrictEqual(items, [])
      assert.deepStrictEqual(server.requests, [{ pageSize: 100, afterId: undefined }])
    }))

  it.effect("a server that ignores the ID filter fails with RepeatedLastId instead of looping", () =>
    Effect.gen(function*() {
      const server = lastIdServer(makeItems(50), { ignoreFilter: true })
      const { emitted, error } = yield* emittedThenError(Pagination.itemsByLastId(server.fetch, { pageSize: 10 }))
      assert.strictEqual(error._tag, "PaginationError")
      if (error._tag !== "PaginationError") return
      assert.strictEqual(error.reason, "RepeatedLastId")
      assert.include(error.message, "item-00010")
      // The first page is emitted; the repeat is caught before its items are.
      assert.strictEqual(emitted.length, 10)
      assert.strictEqual(server.requests.length, 2)
    }))

  const withoutId: ReadonlyArray<{ readonly name: string; readonly item: { readonly ID?: string | null } }> = [
    { name: "absent", item: {} },
    { name: "null", item: { ID: null } },
    { name: "empty", item: { ID: "" } }
  ]

  for (const { item, name } of withoutId) {
    it.effect(`an item whose ID is ${name} fails with MissingId before its page is emitted`, () =>
      Effect.gen(function*() {
        const data: ReadonlyArray<{ readonly ID?: string | null }> = [
          ...makeItems(10).map(({ ID }) => ({ ID })),
          { ID: "item-00011" },
          item,
          { ID: "item-00013" }
        ]
        const server = lastIdServer(data)
        const { emitted, error } = yield* emittedThenError(Pagination.itemsByLastId(server.fetch, { pageSize: 10 }))
        assert.strictEqual(error._tag, "PaginationError")
        if (error._tag !== "PaginationError") return
        assert.strictEqual(error.reason, "MissingId")
        assert.include(error.message, "item 2 of page 2")
        assert.strictEqual(emitted.length, 10)
      }))
  }
})

describe("properties", () => {
  // Sized to what the properties are about, the arithmetic of counts and page
  // sizes (empty, under one page, exact multiples, one over), not volume:
  // every case stays a few hundred pages at most.
  const count = FastCheck.integer({ min: 0, max: 250 })
  const pageSize = FastCheck.integer({ min: 1, max: 50 })

  it.prop(
    "items yields every item in order and fetches ceil(n / pageSize) pages (1 when n = 0)",
    { n: count, pageSize },
    ({ n, pageSize }) => {
      const data = makeItems(n)
      const server = pagedServer(data)
      const items = Effect.runSync(collect(Pagination.items(server.fetch, { pageSize })))
      assert.deepStrictEqual(items, data)
      assert.strictEqual(server.requests.length, Math.max(1, Math.ceil(n / pageSize)))
      assert.deepStrictEqual(
        server.requests.map((request) => request.page),
        Array.from({ length: server.requests.length }, (_, index) => index + 1)
      )
    },
    { fastCheck: { numRuns: 100 } }
  )

  // Plain properties run synchronously (the fake servers answer in Effect.sync):
  // a fresh test environment per case would cost more than the case.
  it.prop(
    "itemsByLastId yields every item in order and fetches floor(n / pageSize) + 1 pages",
    { n: count, pageSize },
    ({ n, pageSize }) => {
      const data = makeItems(n)
      const server = lastIdServer(data)
      const items = Effect.runSync(collect(Pagination.itemsByLastId(server.fetch, { pageSize })))
      assert.deepStrictEqual(items, data)
      assert.strictEqual(server.requests.length, Math.floor(n / pageSize) + 1)
    },
    { fastCheck: { numRuns: 100 } }
  )
})
