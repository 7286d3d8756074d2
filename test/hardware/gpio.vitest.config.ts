// Runs only the by-hand GPIO suite (the main config excludes test/hardware/): see docs/hardware-gpio.md.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/hardware/gpio*.test.ts"],
    pool: "forks",
    testTimeout: 120_000,
  },
});
