import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/hardware/**", "node_modules/**"],
    pool: "forks",
    globalSetup: ["test/support/build-agent.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
