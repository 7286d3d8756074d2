/**
 * The JSON API in-process over real HTTP on 127.0.0.1 (port 0), with a FakeClock driving
 * sessions, login limits and a real simulated port: login and its cookie flags, CSRF
 * refusal, session expiry and logout, the login rate limit, 401/403/404/405/413/415/422/409
 * with JSON errors, a client that aborts an upload, GET /api/status, and every sim route, checked at the line (hook edges,
 * DTMF measured with src/dsp, mouthpiece samples) and at the earpiece (WAV measured).
 * Does not cover GET/PUT /api/config (not served yet) or the agent process (interop).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HookEdge } from "../../../hal/line.js";
import { openSimPort, type SimPort } from "../../../board/sim/sim-port.js";
import { hashPassword, verifyPassword } from "../../../src/config/password.js";
import { DBM0_MINUS_DBOV, dominantFrequency, rmsDbm0, ToneGenerator, toneDbov } from "../../../src/dsp/index.js";
import { FakeClock } from "../../../src/util/clock.js";
import { Logs, MemorySink, silentLogs } from "../../../src/util/log.js";
import { request } from "node:http";
import { parseWav, writeWav } from "../../../src/web/wav.js";
import { WebServer, type WebServerOptions } from "../../../src/web/web-server.js";
import type { StatusDocument } from "../../../src/web/status-route.js";
import { ApiClient } from "../../support/http-client.js";

const PASSWORD = "correct horse";
let hash: string;
/** The web server's clock (sessions, login limits), apart from the line's so long waits do not run audio. */
const webClock = new FakeClock();
const clock = new FakeClock();
let port: SimPort;
let server: WebServer;
let client: ApiClient;
const edges: HookEdge[] = [];
const captured: number[] = [];

const status: StatusDocument = {
  version: "0.1.0", uptimeSec: 12, board: "sim",
  lines: [{ index: 0, registration: "unregistered", hook: "on", state: "unattached", call: null }],
  resources: { Timeout: 1 },
};

async function start(overrides: Partial<WebServerOptions> = {}): Promise<{ server: WebServer; client: ApiClient }> {
  const s = new WebServer({
    clock: webClock, logs: silentLogs,
    admin: { isSet: () => true, verify: (password) => verifyPassword(hash, password) },
    status: () => status,
    sim: (index) => (index === 0 ? port.handset : undefined),
    ...overrides,
  });
  const address = await s.listen(0, "127.0.0.1");
  if (!address.ok) throw new Error(address.error);
  return { server: s, client: new ApiClient(address.value.port) };
}

beforeAll(async () => {
  hash = await hashPassword(PASSWORD);
  port = openSimPort({ index: 0, clock, logs: silentLogs });
  port.line.onHookEdge((e) => edges.push(e));
  port.line.audio.onCapture((frame) => captured.push(...frame));
  ({ server, client } = await start());
  expect((await client.login(PASSWORD)).status).toBe(200);
});

afterAll(async () => {
  await server?.close();
  await port?.line.close();
});

describe("login and sessions", () => {
  it("sets an HttpOnly, SameSite=Strict session cookie and returns a CSRF token", async () => {
    const fresh = new ApiClient(client.port);
    const reply = await fresh.login(PASSWORD);
    expect(reply.status).toBe(200);
    const cookie = reply.headers["set-cookie"]![0]!;
    expect(cookie).toMatch(/^dialtone_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(reply.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reply.headers["cache-control"]).toBe("no-store");
    expect(fresh.csrfToken).not.toBe(client.csrfToken);
  });

  it("refuses a wrong password, and a body that is not a JSON object with a password", async () => {
    const anonymous = new ApiClient(client.port);
    const wrong = await anonymous.login("nope");
    expect([wrong.status, wrong.json()]).toEqual([401, { error: "wrong password" }]);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    expect((await anonymous.send("POST", "/api/login", { body: { pass: PASSWORD } })).status).toBe(422);
    expect((await anonymous.send("POST", "/api/login", { bytes: Buffer.from("{"), contentType: "application/json" })).status).toBe(400);
    expect((await anonymous.send("POST", "/api/login", { bytes: Buffer.from("password=x"), contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
  });

  it("needs a session for every other route, and the CSRF token for changes", async () => {
    const anonymous = new ApiClient(client.port);
    for (const [method, path] of [["GET", "/api/status"], ["GET", "/api/sim/lines/0"], ["POST", "/api/sim/lines/0/flash"]] as const) {
      const reply = await anonymous.send(method, path);
      expect([reply.status, typeof reply.json().error]).toEqual([401, "string"]);
    }
    anonymous.cookie = "dialtone_session=forged";
    expect((await anonymous.send("GET", "/api/status")).status).toBe(401);
    const noToken = await client.send("POST", "/api/sim/lines/0/hook", { body: { offHook: true }, headers: { "X-CSRF-Token": "" } });
    expect([noToken.status, noToken.json().error]).toEqual([403, expect.stringMatching(/X-CSRF-Token/)]);
    const wrongToken = await client.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: writeWav(new Int16Array(8)), contentType: "audio/wav", headers: { "X-CSRF-Token": "x".repeat(43) } });
    expect(wrongToken.status).toBe(403);
    expect(port.handset.state.offHook).toBe(false);
  });

  it("ends a session after 30 idle minutes, and at logout", async () => {
    const a = new ApiClient(client.port);
    await a.login(PASSWORD);
    webClock.advance(29 * 60_000);
    expect((await a.send("GET", "/api/status")).status).toBe(200);
    expect((await client.send("GET", "/api/status")).status).toBe(200);
    webClock.advance(30 * 60_000);
    expect((await a.send("GET", "/api/status")).status).toBe(401);
    expect((await client.login(PASSWORD)).status).toBe(200);
    const b = new ApiClient(client.port);
    await b.login(PASSWORD);
    const out = await b.send("POST", "/api/logout");
    expect(out.headers["set-cookie"]![0]).toContain("Max-Age=0");
    expect((await b.send("GET", "/api/status")).status).toBe(401);
  });

  it("limits login attempts per address, with Retry-After, until the window passes", async () => {
    const limited = await start({ loginLimits: { perAddress: 3, overall: 10, windowMs: 60_000 } });
    try {
      const c = limited.client;
      for (let i = 0; i < 3; i++) expect((await c.login("guess")).status).toBe(401);
      const refused = await c.login(PASSWORD);
      expect([refused.status, refused.headers["retry-after"]]).toEqual([429, "60"]);
      webClock.advance(60_001);
      expect((await c.login(PASSWORD)).status).toBe(200);
    } finally {
      await limited.server.close();
    }
  });

  it("says so when no admin password has been set", async () => {
    const unset = await start({ admin: { isSet: () => false, verify: async () => false } });
    try {
      const reply = await unset.client.login("anything");
      expect([reply.status, reply.json().error]).toEqual([401, expect.stringMatching(/DIALTONE_ADMIN_PASSWORD/)]);
    } finally {
      await unset.server.close();
    }
  });
});

describe("routing and errors", () => {
  it("answers 404 for unknown paths and lines that are not simulated, 405 with Allow for wrong methods", async () => {
    for (const path of ["/api/nothing", "/api/config", "/api/sim/lines/1", "/api/sim/lines/abc", "/api/sim/lines/00", "/api/sim/lines/%zz"]) {
      const reply = await client.send("GET", path);
      expect([path, reply.status, typeof reply.json().error]).toEqual([path, 404, "string"]);
    }
    const wrong = await client.send("DELETE", "/api/status");
    expect([wrong.status, wrong.headers.allow]).toEqual([405, "GET"]);
    const mouthpiece = await client.send("GET", "/api/sim/lines/0/mouthpiece");
    expect([mouthpiece.status, mouthpiece.headers.allow]).toEqual([405, "PUT, DELETE"]);
  });

  it("refuses bodies that are too large (413) or of the wrong type (415)", async () => {
    const big = await client.send("POST", "/api/sim/lines/0/hook", { bytes: Buffer.alloc(20_000, 32), contentType: "application/json" });
    expect([big.status, big.json().error]).toEqual([413, "the body is larger than 16384 bytes"]);
    const chunked = await client.send("POST", "/api/sim/lines/0/hook", { bytes: Buffer.alloc(20_000, 32), contentType: "application/json", chunked: true });
    expect(chunked.status).toBe(413);
    const declared = { "Content-Length": String(8 * 1024 * 1024 + 2) };
    const hugeWav = await client.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: writeWav(new Int16Array(8)), contentType: "audio/wav", headers: declared });
    expect([hugeWav.status, hugeWav.headers.connection]).toEqual([413, "close"]);
    const text = await client.send("POST", "/api/sim/lines/0/hook", { bytes: Buffer.from("offHook"), contentType: "text/plain" });
    expect(text.status).toBe(415);
    const jsonWav = await client.send("PUT", "/api/sim/lines/0/mouthpiece", { body: {} });
    expect(jsonWav.status).toBe(415);
  });

  it("shrugs off a client that goes away mid-upload", async () => {
    const sink = new MemorySink();
    const watched = await start({ logs: new Logs(sink.sink, "debug") });
    try {
      await watched.client.login(PASSWORD);
      await new Promise<void>((resolve) => {
        const req = request({
          host: "127.0.0.1", port: watched.client.port, method: "PUT", path: "/api/sim/lines/0/mouthpiece",
          headers: { Cookie: watched.client.cookie!, "X-CSRF-Token": watched.client.csrfToken!, "Content-Type": "audio/wav", "Content-Length": "100000" },
        });
        req.on("error", () => resolve());
        req.write(Buffer.alloc(1000), () => req.destroy());
        req.on("close", () => resolve());
      });
      await eventuallyTrue(() => sink.lines("web").some((l) => l.includes("the client went away")));
      expect((await watched.client.send("GET", "/api/status")).status).toBe(200);
      expect(sink.records.filter((r) => r.level === "error")).toEqual([]);
    } finally {
      await watched.server.close();
    }
  });

  it("serves the status document", async () => {
    const reply = await client.send("GET", "/api/status");
    expect([reply.status, reply.json()]).toEqual([200, status]);
  });
});

describe("sim routes", () => {
  it("lifts and replaces the handset with real hook edges, idempotently", async () => {
    edges.length = 0;
    const up = await client.send("POST", "/api/sim/lines/0/hook", { body: { offHook: true } });
    expect([up.status, up.json()]).toEqual([200, { offHook: true, ringing: false, bell: false, polarity: "forward", callerId: [], mwi: false }]);
    await client.send("POST", "/api/sim/lines/0/hook", { body: { offHook: true } });
    expect(edges.map((e) => e.state)).toEqual(["off"]);
    expect((await client.send("POST", "/api/sim/lines/0/hook", { body: { offHook: "yes" } })).status).toBe(422);
    const down = await client.send("POST", "/api/sim/lines/0/hook", { body: { offHook: false } });
    expect(down.json().offHook).toBe(false);
    expect(edges.map((e) => e.state)).toEqual(["off", "on"]);
  });

  it("refuses dialing and flashing on-hook (409), bad digits and methods (422)", async () => {
    const onHook = await client.send("POST", "/api/sim/lines/0/dial", { body: { digits: "1", method: "dtmf" } });
    expect([onHook.status, onHook.json().error]).toEqual([409, "cannot dial: the handset is on-hook (lift it first)"]);
    expect((await client.send("POST", "/api/sim/lines/0/flash")).status).toBe(409);
    await client.send("POST", "/api/sim/lines/0/hook", { body: { offHook: true } });
    expect((await client.send("POST", "/api/sim/lines/0/dial", { body: { digits: "12*", method: "pulse" } })).status).toBe(422);
    expect((await client.send("POST", "/api/sim/lines/0/dial", { body: { digits: "1", method: "mf" } })).json()).toEqual({ error: "method must be \"dtmf\" or \"pulse\"", path: "method" });
    expect((await client.send("POST", "/api/sim/lines/0/dial", { body: { digits: 12 } })).status).toBe(422);
  });

  it("dials DTMF as real tones in the line's audio", async () => {
    clock.advance(100);
    const from = captured.length;
    const reply = await client.send("POST", "/api/sim/lines/0/dial", { body: { digits: "7", method: "dtmf" } });
    expect([reply.status, reply.json()]).toEqual([202, { digits: "7", method: "dtmf", durationMs: 200 }]);
    expect((await client.send("POST", "/api/sim/lines/0/dial", { body: { digits: "8" } })).status).toBe(409);
    clock.advance(200);
    const burst = captured.slice(from, from + 800);
    expect(toneDbov(burst, 852) + DBM0_MINUS_DBOV).toBeCloseTo(-8, 0);
    expect(toneDbov(burst, 1209) + DBM0_MINUS_DBOV).toBeCloseTo(-6, 0);
  });

  it("dials by pulse as loop breaks, and flashes as one timed break", async () => {
    edges.length = 0;
    const pulse = await client.send("POST", "/api/sim/lines/0/dial", { body: { digits: "2", method: "pulse" } });
    expect(pulse.json()).toEqual({ digits: "2", method: "pulse", durationMs: 161 });
    clock.advance(500);
    const t0 = edges[0]!.atMs;
    expect(edges.map((e) => [e.state, e.atMs - t0])).toEqual([["on", 0], ["off", 61], ["on", 100], ["off", 161]]);
    edges.length = 0;
    const flash = await client.send("POST", "/api/sim/lines/0/flash", { body: { durationMs: 300 } });
    expect([flash.status, flash.json()]).toEqual([202, { durationMs: 300 }]);
    clock.advance(400);
    expect(edges.map((e) => [e.state, e.atMs - edges[0]!.atMs])).toEqual([["on", 0], ["off", 300]]);
    const plain = await client.send("POST", "/api/sim/lines/0/flash");
    expect(plain.json()).toEqual({ durationMs: 500 });
    clock.advance(600);
  });

  it("loops an uploaded mouthpiece WAV into the line until deleted, and names what is wrong with a bad one", async () => {
    const recording = Int16Array.from({ length: 400 }, (_, i) => (i % 7) * 100 - 300);
    const put = await client.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: writeWav(recording), contentType: "audio/wav" });
    expect([put.status, put.json()]).toEqual([200, { samples: 400, durationMs: 50 }]);
    const from = captured.length;
    clock.advance(200);
    const sent = captured.slice(from);
    expect(sent.length).toBe(1600);
    expect(sent).toEqual(Array.from({ length: 1600 }, (_, i) => recording[i % 400]));
    const stereo = writeWav(recording);
    stereo.writeUInt16LE(2, 22);
    const bad = await client.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: stereo, contentType: "audio/x-wav" });
    expect([bad.status, bad.json().error]).toEqual([422, "not usable audio (2 channels: mono is needed): send a WAV of 8000 Hz mono 16-bit PCM"]);
    const untyped = await client.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: writeWav(recording) });
    expect(untyped.status).toBe(200);
    const del = await client.send("DELETE", "/api/sim/lines/0/mouthpiece");
    expect([del.status, del.body.length]).toEqual([204, 0]);
    const after = captured.length;
    clock.advance(100);
    expect(captured.slice(after).every((s) => s === 0)).toBe(true);
  });

  it("gives the line a hybrid echo and takes it away, and names a bad setting", async () => {
    const put = await client.send("PUT", "/api/sim/lines/0/hybrid", { body: { erlDb: 6, delayMs: 5 } });
    expect([put.status, put.json()]).toEqual([200, { erlDb: 6, delayMs: 5 }]);
    expect(port.handset.hybrid.current).toEqual({ erlDb: 6, delayMs: 5 });
    const bad = await client.send("PUT", "/api/sim/lines/0/hybrid", { body: { erlDb: 6, delayMs: 90 } });
    expect([bad.status, bad.json().error]).toEqual([422, "delayMs must be a number from 0 to 60"]);
    expect(port.handset.hybrid.current).toEqual({ erlDb: 6, delayMs: 5 });
    const del = await client.send("DELETE", "/api/sim/lines/0/hybrid");
    expect(del.status).toBe(204);
    expect(port.handset.hybrid.current).toBeUndefined();
  });

  it("returns the last ms of the earpiece as a WAV", async () => {
    const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -12 }]);
    for (let i = 0; i < 25; i++) port.line.audio.play(tone.next(160));
    clock.advance(500);
    const reply = await client.send("GET", "/api/sim/lines/0/earpiece.wav?ms=500");
    expect([reply.status, reply.headers["content-type"]]).toEqual([200, "audio/wav"]);
    const wav = parseWav(reply.body);
    if (!wav.ok) throw new Error(wav.error);
    expect(wav.value.length).toBe(4000);
    expect(Math.abs(dominantFrequency(wav.value) - 1000)).toBeLessThan(2);
    expect(rmsDbm0(wav.value)).toBeCloseTo(-12, 1);
    const defaultLength = parseWav((await client.send("GET", "/api/sim/lines/0/earpiece.wav")).body);
    expect(defaultLength.ok && defaultLength.value.length).toBe(16_000);
    for (const bad of ["0", "-5", "1.5", "x", "30001"]) {
      expect((await client.send("GET", `/api/sim/lines/0/earpiece.wav?ms=${bad}`)).status).toBe(400);
    }
  });

  it("reports ringing and bell while the line rings", async () => {
    await client.send("POST", "/api/sim/lines/0/hook", { body: { offHook: false } });
    await port.line.setRing(true);
    expect((await client.send("GET", "/api/sim/lines/0")).json()).toMatchObject({ ringing: true, bell: true });
    await port.line.setRing(false);
    expect((await client.send("GET", "/api/sim/lines/0")).json()).toMatchObject({ ringing: true, bell: false });
    clock.advance(7000);
    expect((await client.send("GET", "/api/sim/lines/0")).json()).toMatchObject({ ringing: false, bell: false });
  });
});

/** Waits (real time: the server runs on real sockets) until `probe` holds, for at most 5 s. */
async function eventuallyTrue(probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("condition not met within 5 s");
    await new Promise((r) => setTimeout(r, 10));
  }
}
