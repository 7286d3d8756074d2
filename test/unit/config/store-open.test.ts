/**
 * ConfigStore.open: a missing file is created with defaults at mode 0600; a looser
 * existing file is narrowed to 0600 and the change logged; an invalid file is refused
 * with every issue listed and left as it was; the admin password given at first start
 * (env var or admin.initialPassword) is replaced by a hash that verifies.
 * Does not cover replace() (store-replace.test.ts).
 */
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigStore, defaultConfig, verifyAdminPassword, type ConfigLoadError } from "../../../src/config/index.js";
import { Logs, MemorySink } from "../../../src/util/log.js";

let dir: string;
let sink: MemorySink;
let logs: Logs;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "dialtone-config-"));
  sink = new MemorySink();
  logs = new Logs(sink.sink, "debug");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openOk(path: string, env: Record<string, string> = {}): Promise<ConfigStore> {
  const result = await ConfigStore.open(path, { logs, env });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function openErr(path: string): Promise<ConfigLoadError> {
  const result = await ConfigStore.open(path, { logs, env: {} });
  if (result.ok) throw new Error("expected the file to be refused");
  return result.error;
}

describe("ConfigStore.open", () => {
  it("creates a missing file, and its directory, with the defaults at mode 0600", async () => {
    const path = join(dir, "etc", "dialtone", "config.json");
    const store = await openOk(path);
    expect(store.current).toEqual(defaultConfig());
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(defaultConfig());
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(sink.lines("config")).toContain(`info config created ${path} with defaults`);
    expect(sink.lines("config")).toContainEqual(expect.stringContaining("warn config no admin password is set"));
  });

  it("loads an existing file as it is, filling defaults in memory only", async () => {
    const path = join(dir, "config.json");
    const text = JSON.stringify({ board: "sim", lines: [{ region: "UK", callerId: "v23" }] });
    await writeFile(path, text, { mode: 0o600 });
    const store = await openOk(path);
    expect(store.current.lines[0]).toMatchObject({ region: "UK", callerId: "v23", enabled: false });
    expect(store.current.web.port).toBe(8080);
    expect(await readFile(path, "utf8")).toBe(text);
  });

  it("narrows a file readable by others to 0600 and says so", async () => {
    const path = join(dir, "config.json");
    await writeFile(path, "{}");
    await chmod(path, 0o644);
    await openOk(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(sink.lines("config")).toContain(`warn config ${path} was readable by others (mode 0644); changed it to 0600`);
  });

  it("refuses an invalid file, listing each issue by path, and leaves it untouched", async () => {
    const path = join(dir, "config.json");
    const text = JSON.stringify({ web: { port: 99999 }, lines: [{ enabled: true, account: { transport: "sctp" } }] });
    await writeFile(path, text, { mode: 0o600 });
    const error = await openErr(path);
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      "lines[0].account.registrar",
      "lines[0].account.transport",
      "lines[0].account.user",
      "web.port",
    ]);
    expect(error.message).toContain(`${path} is not a usable configuration:`);
    expect(error.message).toContain('  lines[0].account.transport: must be one of udp, tcp, tls (got "sctp")');
    expect(await readFile(path, "utf8")).toBe(text);
  });

  it("refuses broken JSON with a line and column, without quoting the file", async () => {
    const path = join(dir, "config.json");
    await writeFile(path, '{\n  "lines": [{ "account": { "password": "topsecret" }\n  ]\n}\n', { mode: 0o600 });
    const error = await openErr(path);
    expect(error.message).toMatch(/is not valid JSON: .* at line 3, column 3$/);
    expect(error.message).not.toContain("topsecret");
    await writeFile(path, '{ "password": "topsecret" }}', { mode: 0o600 });
    expect((await openErr(path)).message).not.toContain("topsecret");
  });

  it("hashes DIALTONE_ADMIN_PASSWORD at first start, and ignores it once a hash exists", async () => {
    const path = join(dir, "config.json");
    const store = await openOk(path, { DIALTONE_ADMIN_PASSWORD: "first-secret" });
    const text = await readFile(path, "utf8");
    expect(text).not.toContain("first-secret");
    expect(store.current.admin.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyAdminPassword(store.current, "first-secret")).toBe(true);

    const again = await openOk(path, { DIALTONE_ADMIN_PASSWORD: "other-secret" });
    expect(await readFile(path, "utf8")).toBe(text);
    expect(await verifyAdminPassword(again.current, "first-secret")).toBe(true);
    expect(await verifyAdminPassword(again.current, "other-secret")).toBe(false);
    expect(sink.lines("config")).toContain("info config DIALTONE_ADMIN_PASSWORD ignored: an admin password is already set");
  });

  it("replaces admin.initialPassword in the file by its hash, even over an older hash", async () => {
    const path = join(dir, "config.json");
    await openOk(path, { DIALTONE_ADMIN_PASSWORD: "old-secret" });
    const withHash = JSON.parse(await readFile(path, "utf8"));
    await writeFile(path, JSON.stringify({ ...withHash, admin: { ...withHash.admin, initialPassword: "reset-secret" } }), { mode: 0o600 });

    const store = await openOk(path, { DIALTONE_ADMIN_PASSWORD: "old-secret" });
    const saved = JSON.parse(await readFile(path, "utf8"));
    expect(Object.keys(saved.admin)).toEqual(["passwordHash"]);
    expect(JSON.stringify(saved)).not.toContain("reset-secret");
    expect(await verifyAdminPassword(store.current, "reset-secret")).toBe(true);
    expect(await verifyAdminPassword(store.current, "old-secret")).toBe(false);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("hands out a frozen configuration", async () => {
    const store = await openOk(join(dir, "config.json"));
    expect(() => {
      store.current.lines[0]!.account.password = "x";
    }).toThrow(TypeError);
  });
});
