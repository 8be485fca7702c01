/**
 * The canned OrderCloud of the per-call benchmark, run in a process of its
 * own: `GET /v1/products/{id}` answers one product and `GET /v1/products` a
 * page of 100, from bytes computed at start, so every client costs the server
 * the same. A request without the benchmark's token gets OrderCloud's 401.
 *
 * `POST /__record` starts recording the request headers of the next calls
 * (and forgets earlier ones); `GET /__recorded` answers them and stops. Only
 * the trace-header check uses it.
 *
 * Prints `{"port":N}` on its first stdout line; stops when stdin closes (the
 * driver exits) or on SIGTERM.
 */
import { createServer } from "node:http"
import { page, pageSize, product, productId, token } from "./products.mjs"

const json = (value) => Buffer.from(JSON.stringify(value))

const byId = new Map(Array.from({ length: pageSize }, (_, i) => [productId(i), json(product(i))]))
const pageBytes = json(page())
const notFound = json({ Errors: [{ ErrorCode: "NotFound", Message: "Product not found.", Data: null }] })
const unauthorized = json({
  Errors: [{ ErrorCode: "InvalidToken", Message: "Access token is invalid or expired.", Data: null }]
})
const authorization = `Bearer ${token}`

let recorded = undefined

const send = (response, status, body) => {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length })
  response.end(body)
}

const server = createServer((request, response) => {
  const url = request.url ?? "/"
  if (url === "/__record" && request.method === "POST") {
    recorded = []
    return send(response, 200, json({ recording: true }))
  }
  if (url === "/__recorded") {
    const body = json(recorded ?? [])
    recorded = undefined
    return send(response, 200, body)
  }
  if (recorded !== undefined) recorded.push({ method: request.method, url, headers: request.headers })
  if (request.headers.authorization !== authorization) return send(response, 401, unauthorized)
  const path = url.split("?", 1)[0]
  if (request.method === "GET" && path === "/v1/products") return send(response, 200, pageBytes)
  if (request.method === "GET" && path.startsWith("/v1/products/")) {
    const body = byId.get(decodeURIComponent(path.slice("/v1/products/".length)))
    return send(response, body === undefined ? 404 : 200, body ?? notFound)
  }
  send(response, 404, notFound)
})

server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`)
})

const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
}
process.stdin.on("end", stop)
process.stdin.resume()
process.on("SIGTERM", stop)
