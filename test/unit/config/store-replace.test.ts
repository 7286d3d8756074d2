/**
 * ConfigStore.replace (PUT /api/config): a refused document changes neither the file
 * bytes nor `current`; "********" keeps the stored password; a save that fails half-way
 * (write dies, rename fails) leaves the previous file whole and parseable and the old
 * configuration in force; listeners hear (old, new) only after the file is saved; calls
 * run in order. Does not cover open() (store-open.test.ts).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigStore, nodeConfigFs, redacted, REDACTED, verifyAdminPassword,
  type Config, type ConfigFs,
} from "../../../src/config/index.js";
import { Logs, MemorySink } from "../../../src/util/log.js";

let dir: string;
let path: string;
let sink: MemorySink;

const STORED = {
  lines: [{
    enabled: true,
    account: { registrar: "sip.example.net", user: "1001", password: "line-secret", transport: "udp" },
  }],
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "dialtone-config-"));
  path = join(dir, "config.json");
  sink = new MemorySink();
  await writeFile(path, JSON.stringify(STORED, null, 2), { mode: 0o600 });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(fs: ConfigFs = nodeConfigFs): Promise<ConfigStore> {
  const result = await ConfigStore.open(path, { logs: new Logs(sink.sink, "debug"), env: {}, fs });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** What the web page sends back after GET: the redacted document with one edit. */
function edited(store: ConfigStore, edit: (c: Config) => void): Config {
  const next = structuredClone(redacted(store.current));
  edit(next);
  return next;
}

describe("ConfigStore.replace", () => {
  it("refuses a bad document and keeps the old config and the file bytes", async () => {
    const store = await open();
    const before = await readFile(path);
    const old = store.current;
    let heard = 0;
    store.onChange(() => heard++);

    const result = await store.replace(edited(store, (c) => (c.lines[0]!.account.transport = "sctp" as "udp")));
    expect(result).toEqual({ ok: false, error: [{ path: "lines[0].account.transport", message: 'must be one of udp, tcp, tls (got "sctp")' }] });
    expect(await readFile(path)).toEqual(before);
    expect(store.current).toBe(old);
    expect(heard).toBe(0);
  });

  it("saves a good document, then swaps current, then tells listeners", async () => {
    const store = await open();
    const seen: string[] = [];
    store.onChange((previous, next) => {
      expect(previous.lines[0]!.account.displayName).toBe("");
      expect(store.current).toBe(next);
      const onDisk = JSON.parse(readFileSync(path, "utf8")) as Config;
      seen.push(`${next.lines[0]!.account.displayName}/${onDisk.lines[0]!.account.displayName}`);
    });
    const result = await store.replace(edited(store, (c) => (c.lines[0]!.account.displayName = "Kitchen")));
    expect(result.ok).toBe(true);
    expect(seen).toEqual(["Kitchen/Kitchen"]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(sink.lines("config")).toContain("info config configuration replaced (changed: lines)");
  });

  it("keeps the stored password when the document says ******** and never shows it", async () => {
    const store = await open();
    const sent = edited(store, (c) => (c.lines[0]!.region = "DE"));
    expect(sent.lines[0]!.account.password).toBe(REDACTED);
    const result = await store.replace(sent);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(store.current.lines[0]!.account.password).toBe("line-secret");
    expect(JSON.parse(await readFile(path, "utf8")).lines[0].account.password).toBe("line-secret");
    expect(JSON.stringify(redacted(store.current))).not.toContain("line-secret");
    expect(sink.records.map((r) => r.message).join("\n")).not.toContain("line-secret");
  });

  it("refuses ******** for an account pointed at another registrar", async () => {
    const store = await open();
    const result = await store.replace(edited(store, (c) => (c.lines[0]!.account.registrar = "elsewhere.example.org")));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.map((i) => i.path)).toEqual(["lines[0].account.password"]);
    expect(store.current.lines[0]!.account.registrar).toBe("sip.example.net");
  });

  it("sets a new admin password given as admin.initialPassword, storing only its hash", async () => {
    const store = await open();
    const result = await store.replace({ ...edited(store, () => undefined), admin: { initialPassword: "new-admin" } });
    expect(result.ok).toBe(true);
    expect(await verifyAdminPassword(store.current, "new-admin")).toBe(true);
    expect(await readFile(path, "utf8")).not.toContain("new-admin");
    const again = await store.replace(edited(store, (c) => (c.log.level = "debug")));
    expect(again.ok).toBe(true);
    expect(await verifyAdminPassword(store.current, "new-admin")).toBe(true);
  });

  const failures: [string, (fs: ConfigFs) => Partial<ConfigFs>][] = [
    ["the write dies half-way", (fs) => ({
      writeNewFile: async (temp, data, mode) => {
        await fs.writeNewFile(temp, data.slice(0, data.length / 2), mode);
        throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      },
    })],
    ["the rename fails", () => ({
      rename: async () => {
        throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
      },
    })],
    ["the directory cannot be written", () => ({
      writeNewFile: async () => {
        throw Object.assign(new Error("EROFS: read-only file system"), { code: "EROFS" });
      },
    })],
  ];
  for (const [what, breakFs] of failures) {
    it(`leaves the previous file whole and the old config in force when ${what}`, async () => {
      const store = await open({ ...nodeConfigFs, ...breakFs(nodeConfigFs) });
      const before = await readFile(path, "utf8");
      const old = store.current;
      let heard = 0;
      store.onChange(() => heard++);

      const result = await store.replace(edited(store, (c) => (c.lines[0]!.account.displayName = "Kitchen")));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toEqual([{ path: "", kind: "save", message: expect.stringContaining(`could not save ${path}`) as string }]);
      expect(await readFile(path, "utf8")).toBe(before);
      expect(JSON.parse(before)).toEqual(STORED);
      expect(store.current).toBe(old);
      expect(heard).toBe(0);
      expect(await readdir(dir)).toEqual(["config.json"]);
    });
  }

  it("runs overlapping calls in order, each on top of the last", async () => {
    const store = await open();
    const first = store.replace(edited(store, (c) => (c.lines[0]!.account.displayName = "First")));
    const second = store.replace({ lines: [{ account: { registrar: "sip.example.net", user: "1001", displayName: "Second" } }] });
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    expect(store.current.lines[0]!.account).toMatchObject({ displayName: "Second", password: "line-secret" });
  });

  it("tells the other listeners and logs it when one listener throws", async () => {
    const store = await open();
    const heard: string[] = [];
    store.onChange(() => {
      throw new Error("listener bug");
    });
    const stop = store.onChange((_, next) => heard.push(next.log.level));
    await store.replace(edited(store, (c) => (c.log.level = "warn")));
    stop();
    await store.replace(edited(store, (c) => (c.log.level = "error")));
    expect(heard).toEqual(["warn"]);
    expect(sink.lines("config").some((l) => l.startsWith("error config a configuration listener failed: Error: listener bug"))).toBe(true);
  });
});
