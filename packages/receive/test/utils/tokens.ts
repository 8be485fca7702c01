import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"

const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url")
const b64urlText = (text: string) => Buffer.from(text, "utf8").toString("base64url")

export interface TestKey {
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly jwk: {
    readonly kty: "RSA"
    readonly n: string
    readonly e: string
    readonly alg: "RS256"
    readonly use: "sig"
    readonly kid: string
  }
}

/** An RS256 key pair made with WebCrypto, as OrderCloud's. */
export const makeKey = (kid: string) =>
  Effect.promise(async (): Promise<TestKey> => {
    const pair = await crypto.subtle.generateKey(
      { ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ["sign", "verify"]
    )
    const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey)
    return {
      kid,
      privateKey: pair.privateKey,
      jwk: { kty: "RSA", n: jwk.n!, e: jwk.e!, alg: "RS256", use: "sig", kid }
    }
  })

export const audience = "https://api.ordercloud.test"

/** A buyer's claims, valid from 0 to 600 s of the TestClock. */
export const claims = (overrides: Record<string, unknown> = {}) => ({
  usr: "buyer01",
  cid: "storefront-client",
  u: "1920563",
  usrtype: "buyer",
  role: ["Shopper", "MeAddressAdmin"],
  iss: audience,
  aud: audience,
  nbf: 0,
  exp: 600,
  ...overrides
})

/** Signs a JWT; `header` overrides the RS256/kid header. */
export const sign = (
  payload: unknown,
  key: TestKey,
  header: Record<string, unknown> = { alg: "RS256", kid: key.kid, typ: "JWT" }
) =>
  Effect.promise(async () => {
    const input = `${b64urlText(JSON.stringify(header))}.${b64urlText(JSON.stringify(payload))}`
    const signature = await crypto.subtle.sign(RS256, key.privateKey, new TextEncoder().encode(input))
    return `${input}.${b64url(new Uint8Array(signature))}`
  })

/**
 * OrderCloud's key and `/me` endpoints, answered in-process: `keys` are
 * served at `/oauth/certs/{kid}`, `/v1/me` accepts the tokens in `meAccepts`.
 * `gate` holds answers back until it resolves.
 */
export const fakeOrderCloud = (
  keys: ReadonlyArray<TestKey>,
  options: { meAccepts?: ReadonlyArray<string>; gate?: Promise<void> } = {}
) => {
  const requests: Array<string> = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    requests.push(`${request.method} ${url.origin}${url.pathname}`)
    await options.gate
    const certs = /^\/oauth\/certs\/(.+)$/.exec(url.pathname)
    if (certs !== null) {
      const key = keys.find((k) => k.kid === decodeURIComponent(certs[1]!))
      return key === undefined
        ? Response.json({ Errors: [{ ErrorCode: "NotFound" }] }, { status: 404 })
        : Response.json(key.jwk)
    }
    if (url.pathname === "/v1/me") {
      const token = request.headers.get("authorization")?.replace(/^Bearer /, "")
      return options.meAccepts?.includes(token ?? "")
        ? Response.json({ ID: "buyer01" })
        : Response.json({}, { status: 401 })
    }
    return new Response("", { status: 500 })
  }
  const layer = FetchHttpClient.layer.pipe(
    Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch as typeof globalThis.fetch))
  )
  return { requests, layer }
}
