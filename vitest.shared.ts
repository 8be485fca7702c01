import * as path from "node:path"
import type { ViteUserConfig } from "vitest/config"

const config: ViteUserConfig = {
  test: {
    setupFiles: [path.join(import.meta.dirname, "vitest.setup.ts")],
    include: ["test/**/*.test.ts"],
    fakeTimers: { toFake: undefined },
    // Vitest's defaults, stated: no test depends on the machine's speed. Waits
    // run on the TestClock and in-process work is sized to its purpose; only
    // tests over a real socket or a child process set their own, larger limit.
    testTimeout: 5_000,
    hookTimeout: 10_000,
    sequence: { concurrent: false }
  }
}

export default config
