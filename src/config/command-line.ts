/**
 * The command line (DESIGN.md §4, contract):
 *   node dist/dialtone.js [--config PATH] [--board NAME] [--http-port N]
 * `--opt value` and `--opt=value` are both accepted. --board and --http-port override
 * the file for this run only; they are never written back.
 */
import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "../util/result.js";
import type { Config } from "./schema.js";

export interface CommandLine {
  /** Absent: use defaultConfigPath(). */
  configPath?: string;
  board?: string;
  httpPort?: number;
  help: boolean;
}

export const USAGE = "usage: dialtone [--config PATH] [--board NAME] [--http-port N]";

const DEVELOPMENT_PATH = "./dialtone.json";
const PI_PATH = "/etc/dialtone/config.json";

/** `argv` without the node and script names (process.argv.slice(2)). */
export function parseCommandLine(argv: readonly string[]): Result<CommandLine, string> {
  const parsed: CommandLine = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      parsed.help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (name !== "--config" && name !== "--board" && name !== "--http-port") return err(`unknown option ${JSON.stringify(name)}\n${USAGE}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") return err(`${name} needs a value\n${USAGE}`);
    if (name === "--config") parsed.configPath = value;
    else if (name === "--board") parsed.board = value;
    else {
      const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : NaN;
      if (!(port >= 0 && port <= 65535)) return err(`--http-port must be a number from 0 to 65535 (got ${JSON.stringify(value)})`);
      parsed.httpPort = port;
    }
  }
  return ok(parsed);
}

/** /etc/dialtone/config.json on a Raspberry Pi, ./dialtone.json elsewhere (development). */
export function defaultConfigPath(deviceModel: string | undefined): string {
  return deviceModel !== undefined && deviceModel.startsWith("Raspberry Pi") ? PI_PATH : DEVELOPMENT_PATH;
}

/** The board model from the device tree ("Raspberry Pi 4 Model B Rev 1.5"), or undefined off a Pi. */
export async function readDeviceModel(path = "/proc/device-tree/model"): Promise<string | undefined> {
  try {
    return (await readFile(path, "utf8")).replace(/\0+$/, "").trim();
  } catch {
    return undefined; // no device tree: not a single-board computer
  }
}

/** The configuration this run uses: the file's, with command-line overrides on top. */
export function applyOverrides(config: Config, line: CommandLine): Config {
  return {
    ...config,
    board: line.board ?? config.board,
    web: { ...config.web, port: line.httpPort ?? config.web.port },
  };
}
