/** Raw `fetch` and `JSON.parse`: no client at all. */
const read = async (response) => {
  if (!response.ok) throw new Error(`status ${response.status}`)
  return response.json()
}

export const make = ({ url, token }) => {
  const headers = { accept: "application/json", authorization: `Bearer ${token}` }
  return {
    get: (id) => fetch(`${url}/v1/products/${encodeURIComponent(id)}`, { headers }).then(read),
    list: () => fetch(`${url}/v1/products?pageSize=100`, { headers }).then(read),
    close: async () => {}
  }
}
