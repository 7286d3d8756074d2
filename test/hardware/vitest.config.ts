// The by-hand suites for real hardware (the main config excludes test/hardware/). Run one by its
// path, e.g. `npx vitest run --config test/hardware/vitest.config.ts test/hardware/gpio`:
// docs/hardware-gpio.md, docs/hardware-alsa.md and docs/line-protocol.md say what each needs.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/hardware/**/*.test.ts"],
    pool: "forks",
    testTimeout: 180_000,
  },
});
