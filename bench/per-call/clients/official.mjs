/** The official JavaScript SDK (axios underneath), its token set once. */
import { Configuration, Products, Tokens } from "ordercloud-javascript-sdk"

export const make = ({ url, token }) => {
  Configuration.Set({ baseApiUrl: url })
  Tokens.SetAccessToken(token)
  return {
    get: (id) => Products.Get(id),
    list: () => Products.List({ pageSize: 100 }),
    close: async () => {}
  }
}
