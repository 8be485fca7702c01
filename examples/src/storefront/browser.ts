/**
 * A scripted browser for the storefront examples: it keeps cookies per host
 * as a browser does, follows redirects from host to host, and sends each
 * request to the fetch-style handler serving that host (no sockets).
 */
import { Effect } from "effect"

export type Handler = (request: Request) => Promise<Response>

export interface Page {
  readonly status: number
  readonly body: string
  /** The Set-Cookie lines of every response on the way. */
  readonly setCookie: ReadonlyArray<string>
  /** Each redirect followed: status, then where it pointed, without its query (it may hold tokens). */
  readonly hops: ReadonlyArray<string>
}

export interface Options {
  /** A form to post (urlencoded). */
  readonly form?: Record<string, string> | undefined
  /** The handler for the first request, instead of the host's. */
  readonly via?: Handler | undefined
}

/** A browser whose requests for a host go to `route(url)`. */
export const make = (origin: string, route: (url: URL) => Handler) => {
  const jars = new Map<string, Map<string, string>>()
  const jarOf = (host: string) => {
    let jar = jars.get(host)
    if (jar === undefined) jars.set(host, jar = new Map())
    return jar
  }

  const send = (handler: Handler, method: string, url: URL, form?: Record<string, string>) =>
    Effect.promise(async () => {
      const jar = jarOf(url.host)
      const headers = new Headers()
      if (jar.size > 0) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "))
      if (form !== undefined) headers.set("content-type", "application/x-www-form-urlencoded")
      const init: RequestInit = form === undefined
        ? { method, headers }
        : { method, headers, body: new URLSearchParams(form).toString() }
      const response = await handler(new Request(url, init))
      const setCookie = response.headers.getSetCookie()
      for (const line of setCookie) {
        const pair = line.split(";")[0]!
        const name = pair.slice(0, pair.indexOf("="))
        const value = pair.slice(pair.indexOf("=") + 1)
        if (value === "" || /;\s*max-age=0(;|$)/i.test(line)) jar.delete(name)
        else jar.set(name, value)
      }
      return { response, setCookie, body: await response.text() }
    })

  return {
    /** A request, then every redirect it leads to (as GETs), up to 10. */
    visit: (method: string, path: string, options: Options = {}): Effect.Effect<Page> =>
      Effect.gen(function*() {
        let url = new URL(path, origin)
        let answer = yield* send(options.via ?? route(url), method, url, options.form)
        const setCookie = [...answer.setCookie]
        const hops: Array<string> = []
        for (let hop = 0; hop < 10; hop++) {
          const location = answer.response.headers.get("location")
          if (![301, 302, 303, 307, 308].includes(answer.response.status) || location === null) break
          url = new URL(location, url)
          hops.push(`${answer.response.status} ${url.origin}${url.pathname}`)
          answer = yield* send(options.via ?? route(url), "GET", url)
          setCookie.push(...answer.setCookie)
        }
        return { status: answer.response.status, body: answer.body, setCookie, hops }
      }),
    /** A cookie's value for the browser's own origin, to compare (never printed). */
    cookie: (name: string) => jarOf(new URL(origin).host).get(name)
  }
}

/** The text of the element with this id. */
export const textOf = (html: string, id: string) => new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1] ?? "(none)"

/** What a Set-Cookie says, its value left out. */
export const describeCookie = (line: string) => {
  const [pair, ...attributes] = line.split(";").map((part) => part.trim())
  const name = pair!.slice(0, pair!.indexOf("="))
  const seconds = Number(/^max-age=(\d+)$/i.exec(attributes.find((a) => /^max-age=/i.test(a)) ?? "")?.[1] ?? NaN)
  if (seconds === 0) return `${name} removed`
  const kept = seconds >= 86_000 ? `${Math.round(seconds / 86_400)} days` : `${Math.round(seconds / 3600)} hours`
  return `${name} (${attributes.filter((a) => !/^(max-age|path)=/i.test(a)).join(", ")}, kept ${kept})`
}

/** The Set-Cookie lines of a page, one line. */
export const cookiesLine = (page: Page) =>
  page.setCookie.length === 0 ? "   no Set-Cookie" : `   Set-Cookie: ${page.setCookie.map(describeCookie).join("; ")}`
