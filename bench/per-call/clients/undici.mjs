/** `undici.request` and its body's `json()`: the floor of an HTTP call in Node. */
import { request } from "undici"

export const make = ({ url, token }) => {
  const headers = { accept: "application/json", authorization: `Bearer ${token}` }
  const call = async (target) => {
    const { statusCode, body } = await request(target, { headers })
    if (statusCode !== 200) {
      await body.dump()
      throw new Error(`status ${statusCode}`)
    }
    return body.json()
  }
  return {
    get: (id) => call(`${url}/v1/products/${encodeURIComponent(id)}`),
    list: () => call(`${url}/v1/products?pageSize=100`),
    close: async () => {}
  }
}
