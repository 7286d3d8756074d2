// Runs only the by-hand serial controller suite (the main config excludes test/hardware/): see docs/line-protocol.md.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/hardware/serial*.test.ts"],
    pool: "forks",
    testTimeout: 180_000,
  },
});
