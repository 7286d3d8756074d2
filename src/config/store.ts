/**
 * ConfigStore: the one live configuration, backed by a file.
 *
 * open():    missing file → created with defaults; invalid file → an error listing every
 *            issue (the caller exits non-zero with it). The admin password given at first
 *            start (admin.initialPassword, or DIALTONE_ADMIN_PASSWORD when no hash exists
 *            yet) is replaced by its hash and the file rewritten.
 * replace(): validate → keep write-only secrets → save atomically → swap `current` →
 *            tell listeners. Any failure before the swap leaves file and `current` as they were.
 * update():  the same, for a change computed from the current document at its turn.
 * Calls to replace() and update() run one at a time, in call order.
 */
import type { Logger, Logs } from "../util/log.js";
import { err, ok, type Result } from "../util/result.js";
import { nodeConfigFs, type ConfigFs } from "./config-fs.js";
import { readConfigFile, writeConfigFile } from "./config-file.js";
import { hashPassword } from "./password.js";
import { formatIssue, type ConfigIssue } from "./reader.js";
import { defaultConfig, type Config } from "./schema.js";
import { restoreSecrets } from "./secrets.js";
import { validateConfig } from "./validate.js";

export { verifyAdminPassword } from "./password.js";
export { redacted } from "./secrets.js";

export const ADMIN_PASSWORD_ENV = "DIALTONE_ADMIN_PASSWORD";

export interface ConfigStoreOptions {
  logs: Logs;
  /** Usually process.env; only DIALTONE_ADMIN_PASSWORD is read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Defaults to the real file system; tests inject failures here. */
  fs?: ConfigFs;
}

export interface ConfigLoadError {
  file: string;
  /** Several lines: what went wrong and, for an invalid document, one line per issue. */
  message: string;
  issues: ConfigIssue[];
}

/** Called after a new configuration is saved and current; `previous` and `next` are frozen. */
export type ConfigChangeListener = (previous: Config, next: Config) => void;

export class ConfigStore {
  private config: Config;
  private readonly listeners = new Set<ConfigChangeListener>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    config: Config,
    private readonly fs: ConfigFs,
    private readonly log: Logger,
  ) {
    this.config = deepFreeze(config);
  }

  static async open(path: string, options: ConfigStoreOptions): Promise<Result<ConfigStore, ConfigLoadError>> {
    const fs = options.fs ?? nodeConfigFs;
    const log = options.logs.get("config");
    const raw = await readConfigFile(fs, path, log);
    if (!raw.ok) return err({ file: path, message: raw.error, issues: [] });
    const exists = raw.value !== undefined;
    const validated = exists ? validateConfig(raw.value) : ok(defaultConfig());
    if (!validated.ok) {
      const lines = validated.error.map((issue) => `  ${formatIssue(issue)}`);
      return err({ file: path, message: [`${path} is not a usable configuration:`, ...lines].join("\n"), issues: validated.error });
    }
    const config = validated.value;
    const hashed = await takeAdminPassword(config, options.env, log);
    if (!exists || hashed) {
      const saved = await writeConfigFile(fs, path, config, log);
      if (!saved.ok) return err({ file: path, message: saved.error, issues: [] });
      log.info(exists ? `rewrote ${path} with the admin password hashed` : `created ${path} with defaults`);
    }
    if (config.admin.passwordHash === undefined) {
      log.warn(`no admin password is set: set ${ADMIN_PASSWORD_ENV} or admin.initialPassword, then restart`);
    }
    log.info(`loaded ${path}: board ${config.board}, ${config.lines.length} line(s), ${config.lines.filter((l) => l.enabled).length} enabled`);
    return ok(new ConfigStore(path, config, fs, log));
  }

  /** The live configuration, deeply frozen: copy it (structuredClone) to build a changed one. */
  get current(): Config {
    return this.config;
  }

  /** Returns a function that removes the listener. */
  onChange(listener: ConfigChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replaces the whole document (PUT /api/config). A password given as "********" or
   * left out keeps the stored one; admin.initialPassword, if given, sets a new admin
   * password. Errors: validation issues, or one issue with `kind: "save"` when the file
   * could not be written (then nothing changed).
   */
  replace(next: unknown): Promise<Result<Config, ConfigIssue[]>> {
    return this.enqueue(() => this.replaceNow(next));
  }

  /**
   * Changes the document from what is current when this call's turn comes (so two changes
   * in flight never undo each other), then saves it as `replace` does. `edit` gets the
   * frozen current Config and answers the new one or issues (e.g. applyFeatureChange).
   */
  update(edit: (current: Config) => Result<Config, ConfigIssue[]>): Promise<Result<Config, ConfigIssue[]>> {
    return this.enqueue(async () => {
      const next = edit(this.config);
      if (!next.ok) {
        this.log.info(`refused a configuration change: ${next.error.map(formatIssue).join("; ")}`);
        return next;
      }
      return this.replaceNow(next.value);
    });
  }

  private enqueue(work: () => Promise<Result<Config, ConfigIssue[]>>): Promise<Result<Config, ConfigIssue[]>> {
    const run = this.queue.then(work);
    this.queue = run.then(
      () => undefined,
      () => undefined, // the rejection reaches the caller through `run`; the queue only orders calls
    );
    return run;
  }

  private async replaceNow(next: unknown): Promise<Result<Config, ConfigIssue[]>> {
    const restored = restoreSecrets(next, this.config);
    const validated = validateConfig(restored.input);
    const issues = [...restored.issues, ...(validated.ok ? [] : validated.error)];
    if (!validated.ok || issues.length > 0) {
      this.log.info(`refused a new configuration: ${issues.map(formatIssue).join("; ")}`);
      return err(issues);
    }
    const config = validated.value;
    await hashInitialPassword(config, "admin.initialPassword", this.log);
    const saved = await writeConfigFile(this.fs, this.path, config, this.log);
    if (!saved.ok) {
      this.log.error(`${saved.error}; the previous configuration stays in force`);
      return err([{ path: "", message: saved.error, kind: "save" }]);
    }
    const previous = this.config;
    this.config = deepFreeze(config);
    this.log.info(`configuration replaced (changed: ${changedSections(previous, this.config).join(", ") || "nothing"})`);
    for (const listener of this.listeners) {
      try {
        listener(previous, this.config);
      } catch (error) {
        this.log.error(`a configuration listener failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    }
    return ok(this.config);
  }
}

/**
 * The admin password given in clear at first start is hashed here. admin.initialPassword
 * always wins (someone with the file wrote it); the environment variable only sets a
 * password when none exists, since it stays set across restarts. True when `config` changed.
 */
async function takeAdminPassword(config: Config, env: ConfigStoreOptions["env"], log: Logger): Promise<boolean> {
  if (await hashInitialPassword(config, "admin.initialPassword", log)) return true;
  const fromEnv = env[ADMIN_PASSWORD_ENV];
  if (fromEnv === undefined || fromEnv === "") return false;
  if (config.admin.passwordHash !== undefined) {
    log.info(`${ADMIN_PASSWORD_ENV} ignored: an admin password is already set`);
    return false;
  }
  config.admin = { initialPassword: fromEnv };
  return hashInitialPassword(config, ADMIN_PASSWORD_ENV, log);
}

async function hashInitialPassword(config: Config, source: string, log: Logger): Promise<boolean> {
  const initial = config.admin.initialPassword;
  if (initial === undefined) return false;
  config.admin = { passwordHash: await hashPassword(initial) };
  log.info(`admin password set from ${source}; only its hash is stored`);
  return true;
}

function changedSections(previous: Config, next: Config): string[] {
  const keys = Object.keys(next) as (keyof Config)[];
  return keys.filter((key) => JSON.stringify(previous[key]) !== JSON.stringify(next[key]));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
