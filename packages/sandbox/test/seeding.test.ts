/**
 * OrderCloud's seeding tool (`@ordercloud/seeding`, its JavaScript API) seeds
 * a marketplace through the standard API into `pnpm sandbox` and downloads it
 * again: every one of its 56 resource types comes back in full, and every
 * list it sends carries `depth=all`.
 *
 * The tool first asks OrderCloud's portal to create the marketplace and for a
 * token to it, then reads the API description from OrderCloud's production
 * host. The portal is not the API and the sandbox does not emulate it: a stand-in
 * answers the tool's three portal calls in this process (the marketplace's API
 * is the sandbox, the token a seller token from it), and the two hosts the tool
 * names are sent to the sandbox process. Every API request goes over the socket.
 */
import { createRequire } from "node:module"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { type SandboxProcess, sellerToken, startSandbox } from "./utils/process.js"
import { assignments, marketplaceOwner, objects } from "./utils/seedingMarketplace.js"

type Fields = Readonly<Record<string, unknown>>

/** The part of the tool's API these tests use (its published types name the portal SDK's). */
interface SeedingTool {
  readonly seed: (args: {
    readonly portalToken: string
    readonly marketplaceID: string
    readonly rawData: { readonly Objects: object; readonly Assignments: object }
    readonly logger: (message: string, type?: number) => void
  }) => Promise<{ readonly apiClients: ReadonlyArray<{ readonly ID?: string }> } | undefined>
  readonly download: (args: {
    readonly portalToken: string
    readonly marketplaceID: string
    readonly logger: (message: string, type?: number) => void
  }) => Promise<
    | {
      readonly Objects: Readonly<Record<string, ReadonlyArray<Fields>>>
      readonly Assignments: Readonly<Record<string, ReadonlyArray<Fields>>>
    }
    | undefined
  >
}

/** The request config axios hands its interceptors, as far as the stand-in reads and sets it. */
interface AxiosConfig {
  url?: string
  method?: string
  params?: Record<string, unknown>
  adapter?: (config: AxiosConfig) => Promise<unknown>
}

interface Axios {
  readonly interceptors: {
    readonly request: {
      readonly use: (onRequest: (config: AxiosConfig) => AxiosConfig) => number
      readonly eject: (id: number) => void
    }
  }
}

// The tool's own axios (shared with the SDK copies it uses): the one its interceptors must sit on.
const requireHere = createRequire(import.meta.url)
const toolEntry = requireHere.resolve("@ordercloud/seeding")
const tool: SeedingTool = requireHere("@ordercloud/seeding")
const axios: Axios = createRequire(toolEntry)("axios")

const portal = "https://portal.ordercloud.io/api/v1"
/** What the portal says the marketplace's API is: any sandbox host (the tool seeds nothing else). */
const coreApiUrl = "https://sandboxapi.ordercloud.io"

/** The tool's message types (`MessageType`): Error 0, Warn 3 (a failed request it will retry). */
const troubles = new Set([0, 3])

/** Which fields come back redacted: secrets are never downloaded. */
const redacted: Readonly<Record<string, ReadonlyArray<string>>> = {
  ApiClients: ["ClientSecret"],
  MessageSenders: ["SharedKey"],
  IntegrationEvents: ["HashKey"],
  Webhooks: ["HashKey"],
  OpenIdConnects: ["ConnectClientSecret"]
}
const redactedText = "<Redacted. Leave unchanged.>"

/** `expected` is contained in `actual`: every field it has, equal; arrays item by item. */
const contains = (actual: unknown, expected: unknown): boolean => {
  if (typeof expected !== "object" || expected === null) return actual === expected
  if (typeof actual !== "object" || actual === null) return false
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length &&
      expected.every((item, i) => contains(actual[i], item))
  }
  return Object.entries(expected).every(([key, value]) => contains(Reflect.get(actual, key), value))
}

describe("OrderCloud's seeding tool against pnpm sandbox", () => {
  let sandbox: SandboxProcess
  let interceptor: number | undefined
  /** The token the portal stand-in takes and gives: a seller token (the portal SDK reads its expiry). */
  let seller = ""
  /** Every list request the tool sent to the sandbox, with its query. */
  const lists: Array<{ readonly url: string; readonly params: Record<string, unknown> | undefined }> = []
  const messages: Array<{ readonly message: string; readonly type: number | undefined }> = []
  const logger = (message: string, type?: number) => void messages.push({ message, type })

  beforeAll(async () => {
    sandbox = await startSandbox()
    seller = await sellerToken(sandbox.url)
    const marketplaces = new Set<string>()
    interceptor = axios.interceptors.request.use((config) => {
      const url = config.url ?? ""
      if (url.startsWith(portal)) {
        config.adapter = async () => {
          const [, id, rest] = /^\/organizations\/([^/]+)(.*)$/.exec(url.slice(portal.length)) ?? []
          const answer = (data: unknown) => ({ data, status: 200, statusText: "OK", headers: {}, config })
          if (id === undefined) throw new Error(`the portal stand-in has no ${config.method} ${url}`)
          if (config.method === "put" && rest === "") {
            marketplaces.add(id)
            return answer({})
          }
          if (!marketplaces.has(id)) throw Object.assign(new Error("Not found"), { response: { status: 404 } })
          if (rest === "/token") return answer({ access_token: seller })
          return answer({ Id: id, Name: id, Environment: "Sandbox", CoreApiUrl: coreApiUrl })
        }
        return config
      }
      config.url = url.replace(coreApiUrl, sandbox.url).replace("https://api.ordercloud.io", sandbox.url)
      // Apart from the API description, the tool only reads lists.
      if (config.method === "get" && !config.url.endsWith("/v1/openapi/v3")) {
        lists.push({ url: config.url, params: config.params })
      }
      return config
    })
  }, 120_000)

  afterAll(async () => {
    if (interceptor !== undefined) axios.interceptors.request.eject(interceptor)
    await sandbox?.stop()
  }, 30_000)

  it("seeds every resource type, downloads each back in full, with depth=all on every list", async () => {
    const seeded = await tool.seed({
      portalToken: seller,
      marketplaceID: "seeded",
      // The tool writes into the records it is given (owner IDs, API client IDs): it gets a copy.
      rawData: structuredClone({ Objects: objects, Assignments: assignments }),
      logger
    })
    assert.deepStrictEqual(messages.filter((m) => troubles.has(m.type ?? 1)), [])
    assert.isDefined(seeded, messages.map((m) => m.message).join("\n"))
    assert.include(messages.map((m) => m.message).join("\n"), "Done! Seeded a new marketplace")

    // API clients get IDs the platform chooses; the tool maps them, and downloads them lower-cased.
    const clientIDs = new Map(objects.ApiClients.map((client, i) => [client.ID, seeded!.apiClients[i]!.ID!]))
    const clientID = (id: string) => clientIDs.get(id)!
    const expectedObjects: Readonly<Record<string, ReadonlyArray<Fields>>> = {
      ...objects,
      ApiClients: objects.ApiClients.map((client) => ({ ...client, ID: clientID(client.ID).toLowerCase() })),
      ImpersonationConfigs: objects.ImpersonationConfigs.map((c) => ({ ...c, ClientID: clientID(c.ClientID) })),
      OpenIdConnects: objects.OpenIdConnects.map((c) => ({
        ...c,
        OrderCloudApiClientID: clientID(c.OrderCloudApiClientID)
      })),
      Webhooks: objects.Webhooks.map((hook) => ({ ...hook, ApiClientIDs: hook.ApiClientIDs.map(clientID) }))
    }
    const expectedAssignments: Readonly<Record<string, ReadonlyArray<Fields>>> = {
      ...assignments,
      ApiClientAssignments: assignments.ApiClientAssignments.map((a) => ({
        ...a,
        ApiClientID: clientID(a.ApiClientID).toLowerCase()
      }))
    }

    const downloaded = await tool.download({ portalToken: seller, marketplaceID: "seeded", logger })
    assert.deepStrictEqual(messages.filter((m) => troubles.has(m.type ?? 1)), [])
    assert.isDefined(downloaded)

    // Every type the tool downloads is one this marketplace seeds: all 56.
    const downloadedTypes = [...Object.keys(downloaded!.Objects), ...Object.keys(downloaded!.Assignments)]
    assert.sameMembers(downloadedTypes, [...Object.keys(expectedObjects), ...Object.keys(expectedAssignments)])
    assert.strictEqual(downloadedTypes.length, 56)
    for (const [group, expected] of [["Objects", expectedObjects], ["Assignments", expectedAssignments]] as const) {
      for (const [type, records] of Object.entries(expected)) {
        const got: ReadonlyArray<Fields> = downloaded![group][type] ?? []
        const secrets = redacted[type] ?? []
        for (const record of records) {
          // Passwords are write-only; redacted secrets come back as the tool's placeholder.
          const { Password: _, ...shown } = record
          const compared = Object.fromEntries(Object.entries(shown).filter(([key]) => !secrets.includes(key)))
          const match: Fields | undefined = got.find((item) => contains(item, compared))
          assert.isDefined(match, `${type}: ${JSON.stringify(compared)} not among ${JSON.stringify(got)}`)
          for (const secret of secrets) {
            if (secret in record) assert.strictEqual(match![secret], redactedText, `${type}.${secret}`)
          }
        }
      }
    }
    // The owner placeholder went in as the marketplace's ID and came back as the placeholder.
    assert.strictEqual(downloaded!.Objects["Locales"]?.find((l) => l["ID"] === "en-us")?.["OwnerID"], marketplaceOwner)

    assert.isAbove(lists.length, 56)
    for (const list of lists) assert.strictEqual(list.params?.["depth"], "all", list.url)
  }, 240_000)
})
