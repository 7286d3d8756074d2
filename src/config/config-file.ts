/**
 * Reading and writing the configuration file. The file holds secrets, so it is kept
 * at mode 0600, and it is replaced atomically: a new file is written beside it, flushed,
 * renamed over the old one, and the directory flushed, so a crash at any point leaves
 * either the whole old file or the whole new one.
 */
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { Logger } from "../util/log.js";
import { err, ok, type Result } from "../util/result.js";
import type { ConfigFs } from "./config-fs.js";
import type { Config } from "./schema.js";

export const SECRET_FILE_MODE = 0o600;

/** The parsed JSON of the file, or undefined when there is no file. */
export async function readConfigFile(fs: ConfigFs, path: string, log: Logger): Promise<Result<unknown, string>> {
  let text: string;
  try {
    text = await fs.readFile(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return ok(undefined);
    return err(`cannot read ${path}: ${describeError(error)}`);
  }
  await tightenMode(fs, path, log);
  const parsed = parseJson(text);
  return parsed.ok ? parsed : err(`${path} is not valid JSON: ${parsed.error}`);
}

export async function writeConfigFile(fs: ConfigFs, path: string, config: Config, log: Logger): Promise<Result<void, string>> {
  const directory = dirname(path);
  const temp = join(directory, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await fs.mkdirs(directory, 0o700);
    await fs.writeNewFile(temp, JSON.stringify(config, null, 2) + "\n", SECRET_FILE_MODE);
    await fs.rename(temp, path);
  } catch (error) {
    await removeTemp(fs, temp, log);
    return err(`could not save ${path}: ${describeError(error)}`);
  }
  try {
    await fs.syncDirectory(directory);
  } catch (error) {
    log.warn(`saved ${path}, but could not flush its directory: ${describeError(error)}`);
  }
  return ok(undefined);
}

async function removeTemp(fs: ConfigFs, temp: string, log: Logger): Promise<void> {
  try {
    await fs.unlink(temp);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") log.warn(`could not remove ${temp}: ${describeError(error)}`);
  }
}

/** A file readable by group or others is narrowed to 0600, and said so. */
async function tightenMode(fs: ConfigFs, path: string, log: Logger): Promise<void> {
  try {
    const mode = await fs.mode(path);
    if ((mode & 0o077) === 0) return;
    await fs.chmod(path, SECRET_FILE_MODE);
    log.warn(`${path} was readable by others (mode ${octal(mode)}); changed it to ${octal(SECRET_FILE_MODE)}`);
  } catch (error) {
    log.error(`${path} holds secrets but its mode could not be checked or narrowed to 0600: ${describeError(error)}`);
  }
}

/** JSON.parse, with a message giving line and column and never quoting the text (it may hold passwords). */
function parseJson(text: string): Result<unknown, string> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const what = message.replace(/^Unexpected token (.+?), ".*$/s, "Unexpected token $1").replace(/ at position \d+.*$/s, "");
    if (position === null) return err(what);
    const before = text.slice(0, Number(position[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return err(`${what} at line ${line}, column ${column}`);
  }
}

function octal(mode: number): string {
  return "0" + mode.toString(8).padStart(3, "0");
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
