/**
 * The command line contract: --config, --board, --http-port in both spellings, clear
 * errors for anything else, the default config path per platform, and overrides that
 * change only this run's view. Does not start the agent.
 */
import { describe, expect, it } from "vitest";
import { applyOverrides, defaultConfig, defaultConfigPath, parseCommandLine } from "../../../src/config/index.js";

describe("command line", () => {
  it("reads the three options, with a space or an equals sign", () => {
    expect(parseCommandLine(["--config", "/tmp/x.json", "--board=ag1171-pi", "--http-port", "0"])).toEqual({
      ok: true,
      value: { help: false, configPath: "/tmp/x.json", board: "ag1171-pi", httpPort: 0 },
    });
    expect(parseCommandLine([])).toEqual({ ok: true, value: { help: false } });
    expect(parseCommandLine(["-h"])).toEqual({ ok: true, value: { help: true } });
  });

  it("refuses unknown options, missing values and bad ports with the usage", () => {
    const refused: [string[], string][] = [
      [["--conf", "x"], 'unknown option "--conf"'],
      [["--config"], "--config needs a value"],
      [["--board="], "--board needs a value"],
      [["--http-port", "80a"], '--http-port must be a number from 0 to 65535 (got "80a")'],
      [["--http-port=65536"], "--http-port must be a number from 0 to 65535"],
    ];
    for (const [argv, message] of refused) {
      const result = parseCommandLine(argv);
      expect(result.ok, argv.join(" ")).toBe(false);
      if (!result.ok) expect(result.error).toContain(message);
    }
  });

  it("defaults to /etc/dialtone on a Raspberry Pi and ./dialtone.json elsewhere", () => {
    expect(defaultConfigPath("Raspberry Pi 4 Model B Rev 1.5")).toBe("/etc/dialtone/config.json");
    expect(defaultConfigPath(undefined)).toBe("./dialtone.json");
    expect(defaultConfigPath("Generic x86")).toBe("./dialtone.json");
  });

  it("overrides board and web port without touching the original", () => {
    const config = defaultConfig();
    const run = applyOverrides(config, { help: false, board: "serial-fxs", httpPort: 0 });
    expect(run.board).toBe("serial-fxs");
    expect(run.web).toEqual({ port: 0, bind: "127.0.0.1" });
    expect(config.web.port).toBe(8080);
    expect(applyOverrides(config, { help: false })).toEqual(config);
  });
});
