import { NodeContext } from "@effect/platform-node"
import { Session, TokenStore } from "@ordercloud-effect/auth"
import { Layer } from "effect"

// Every instance of this integration, and every restart, shares one token
// through the directory (created readable by its owner only).
export const IntegrationLive = Session.layerClientCredentialsConfig().pipe(
  Layer.provide(TokenStore.layerFileSystem("/var/cache/my-integration/ordercloud-tokens")),
  Layer.provide(NodeContext.layer)
)

// Or any KeyValueStore of yours (Redis, a database): provide it under TokenStore.layer.
// TokenStore.layerMemory shares one token between the sessions of one program.
export const storeFrom = TokenStore.layer
