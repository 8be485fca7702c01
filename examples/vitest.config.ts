import { defineConfig, mergeConfig } from "vitest/config"
import shared from "../vitest.shared.js"

// Each test here runs a whole example program against an in-process sandbox (dozens of requests,
// tokens signed with RSA): real work, not waits, so a busy 2-core machine can stretch it past the
// shared 5 s limit. The browser and README tests set their own, longer limits.
export default mergeConfig(shared, defineConfig({ test: { name: "examples", testTimeout: 30_000 } }))
