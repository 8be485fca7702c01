/**
 * A static server for the page's files on a loopback port: the page then has
 * an origin of its own, other than the sandbox's, as a storefront has.
 */
import * as Effect from "effect/Effect"
import { createServer } from "node:http"
import type { Files } from "./build.js"

/** Serves `files` (GET and HEAD; `/` is `index.html`) on a free port of 127.0.0.1 until the scope closes; gives its URL. */
export const serve = (files: Files) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly close: () => void }, Error>((resume) => {
      const server = createServer((request, response) => {
        const path = new URL(request.url ?? "/", "http://page").pathname.slice(1) || "index.html"
        const file = files.get(path)
        if (file === undefined || (request.method !== "GET" && request.method !== "HEAD")) {
          response.writeHead(404, { "content-type": "text/plain" }).end("not found")
          return
        }
        response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" })
        response.end(request.method === "HEAD" ? undefined : file.body)
      })
      server.once("error", (error) => resume(Effect.fail(error)))
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const bound = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({
          url: `http://127.0.0.1:${bound}`,
          close: () => {
            server.close()
            server.closeAllConnections()
          }
        }))
      })
    }),
    (server) => Effect.sync(server.close)
  ).pipe(Effect.map(({ url }) => url))
