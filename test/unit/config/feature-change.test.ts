/**
 * A feature changed from the handset: applyFeatureChange gives a new validated Config with
 * only that line's features changed (the given Config untouched), or the issues at their
 * paths; ConfigStore.update saves it so it survives a restart (the file is reopened), a bad
 * change (by update, or a whole document by replace) leaves the file bytes and `current`
 * as they were, and two changes in flight both land. Does not cover what the controller does with a feature (src/call/port tests).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyFeatureChange, ConfigStore, redacted, validateConfig, type Config } from "../../../src/config/index.js";
import { Logs, MemorySink } from "../../../src/util/log.js";

const STORED = {
  lines: [
    { enabled: true, account: { registrar: "sip.example.net", user: "1001", password: "line-secret" } },
    { features: { forwardAll: "1003" } },
  ],
};

function stored(): Config {
  const result = validateConfig(STORED);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe("applyFeatureChange", () => {
  it("changes one line's features and nothing else", () => {
    const before = stored();
    const copy = structuredClone(before);
    const result = applyFeatureChange(before, 0, { dnd: true, forwardAll: "18005551234", starCodes: { redial: "*99" } });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const after = result.value;
    expect(after.lines[0]!.features).toEqual({ ...before.lines[0]!.features, dnd: true, forwardAll: "18005551234", starCodes: { ...before.lines[0]!.features.starCodes, redial: "*99" } });
    expect(after.lines[1]).toEqual(before.lines[1]);
    expect({ ...after, lines: [] }).toEqual({ ...before, lines: [] });
    expect(before).toEqual(copy);
  });

  it("leaves keys given as undefined as they were (not back to their default)", () => {
    const result = applyFeatureChange(stored(), 1, { forwardAll: undefined, dnd: true, starCodes: { redial: undefined } });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.lines[1]!.features).toMatchObject({ forwardAll: "1003", dnd: true });
    expect(result.value.lines[1]!.features.starCodes.redial).toBe("*66");
  });

  it("answers the issues at their paths for a bad value or a missing line", () => {
    expect(applyFeatureChange(stored(), 1, { forwardBusy: "call mum" })).toEqual({
      ok: false,
      error: [{ path: "lines[1].features.forwardBusy", message: expect.stringContaining("must be empty, a number") as string }],
    });
    expect(applyFeatureChange(stored(), 0, { starCodes: { dndOn: "*79" } })).toEqual({
      ok: false,
      error: [{ path: "lines[0].features.starCodes.dndOn", message: 'is "*79", the same as starCodes.dndOff' }],
    });
    expect(applyFeatureChange(stored(), 2, { dnd: true })).toEqual({
      ok: false,
      error: [{ path: "lines[2]", message: "there is no line 2 (the configuration has 2)" }],
    });
  });
});

describe("ConfigStore.update with a feature change", () => {
  let dir: string;
  let path: string;
  let sink: MemorySink;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "dialtone-features-"));
    path = join(dir, "config.json");
    sink = new MemorySink();
    await writeFile(path, JSON.stringify(STORED, null, 2), { mode: 0o600 });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function open(): Promise<ConfigStore> {
    const result = await ConfigStore.open(path, { logs: new Logs(sink.sink, "debug"), env: {} });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  it("saves the change so it survives a restart, keeping the password", async () => {
    const store = await open();
    const heard: boolean[] = [];
    store.onChange((_, next) => heard.push(next.lines[0]!.features.dnd));
    const result = await store.update((current) => applyFeatureChange(current, 0, { dnd: true }));
    expect(result.ok).toBe(true);
    expect(store.current.lines[0]!.features.dnd).toBe(true);
    expect(heard).toEqual([true]);
    const reopened = await open();
    expect(reopened.current.lines[0]!.features.dnd).toBe(true);
    expect(reopened.current.lines[0]!.account.password).toBe("line-secret");
    expect(reopened.current.lines[1]!.features.forwardAll).toBe("1003");
  });

  it("refuses a bad change, keeping the file bytes and the current config", async () => {
    const store = await open();
    const before = await readFile(path);
    const old = store.current;
    const result = await store.update((current) => applyFeatureChange(current, 0, { forwardNoAnswerDelaySec: 0 }));
    expect(result).toEqual({ ok: false, error: [{ path: "lines[0].features.forwardNoAnswerDelaySec", message: "must be a whole number from 1 to 300 (got 0)" }] });
    expect(await readFile(path)).toEqual(before);
    expect(store.current).toBe(old);
    expect(sink.lines("config").some((l) => l.includes("refused a configuration change: lines[0].features.forwardNoAnswerDelaySec"))).toBe(true);
  });

  it("refuses a whole document with a bad feature through replace (the PUT path), naming its path", async () => {
    const store = await open();
    const before = await readFile(path);
    const old = store.current;
    const sent = structuredClone(redacted(store.current));
    sent.lines[1]!.features.starCodes.forwardAllOn = "*73";
    const result = await store.replace(sent);
    expect(result).toEqual({ ok: false, error: [{ path: "lines[1].features.starCodes.forwardAllOn", message: 'is "*73", the same as starCodes.forwardAllOff' }] });
    expect(await readFile(path)).toEqual(before);
    expect(store.current).toBe(old);
  });

  it("applies two changes in flight on top of each other, losing neither", async () => {
    const store = await open();
    const first = store.update((current) => applyFeatureChange(current, 0, { dnd: true }));
    const second = store.update((current) => applyFeatureChange(current, 0, { forwardAll: "1002" }));
    expect((await first).ok && (await second).ok).toBe(true);
    expect(store.current.lines[0]!.features).toMatchObject({ dnd: true, forwardAll: "1002" });
    expect((await open()).current.lines[0]!.features).toMatchObject({ dnd: true, forwardAll: "1002" });
  });
});
