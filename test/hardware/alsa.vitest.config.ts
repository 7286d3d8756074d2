// Runs only the by-hand ALSA suite (the main config excludes test/hardware/): see docs/hardware-alsa.md.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/hardware/alsa*.test.ts"],
    pool: "forks",
    testTimeout: 180_000,
  },
});
