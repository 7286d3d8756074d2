/**
 * A serial Line over serialport's MockBinding with the scripted controller on the far
 * end: the handshake on the wire, hook edges stamped by the controller and mapped onto our
 * clock (spacing kept, across the 32-bit wrap, never after arrival), ring and polarity
 * commands on the wire, ring trip (reported edge, refused ring, an edge overtaking an
 * answer), hardware digits, controller errors, garbage from the controller, close, and the
 * Line contract (hal/line.ts). Does not cover lost commands, unplugging or restarts
 * (controller-recovery.test.ts), opening failures and sharing (test/unit/board), or a real
 * tty (serial-line-pty.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { HardwareDigit, HookEdge, Line, LineFault } from "../../../../hal/line.js";
import { describeLineContract, type LineHarness } from "../line-contract.js";
import { until } from "./mock-controller-port.js";
import { mockSetup, type MockSetup } from "./mock-setup.js";

let open: Line[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

async function opened(s: MockSetup, port = 0): Promise<Line> {
  const line = await s.open(port);
  open.push(line);
  return line;
}

describe("serial line over MockBinding", () => {
  it("handshakes (V?, three pings, every port's hook), reads the hook, and sets ring off and polarity forward at open", async () => {
    const s = mockSetup({ ports: 2 });
    s.controller.hook[1] = "off";
    const line = await opened(s, 1);
    expect(s.controller.received).toEqual(["V?", "T 1", "T 2", "T 3", "H 4 0", "H 5 1", "R 6 1 0", "P 7 1 F"]);
    expect([line.index, line.hook, line.ringing, line.polarity]).toEqual([1, "off", false, "forward"]);
    expect(s.sink.lines("hal.serial").some((l) => /ready: dialtone-line\/1, 2 port\(s\), firmware test-1.0/.test(l))).toBe(true);
  });

  it("maps the controller's edge stamps onto our clock, keeping their spacing across the counter's wrap", async () => {
    const s = mockSetup({ startMs: 2 ** 32 - 500 });
    const line = await opened(s);
    const edges: HookEdge[] = [];
    line.onHookEdge((e) => edges.push(e));
    await s.advance(400);
    // The controller stamped the edge 30 ms before sending it (it was busy).
    s.controller.setLoop(0, "off", s.controller.ms - 30);
    await until(() => edges.length === 1, "the off-hook edge");
    expect(edges[0]).toEqual({ state: "off", atMs: 370 });
    // A dial pulse train of three breaks (60 ms open, 40 ms closed), sent in a burst after the counter wrapped.
    await s.advance(400);
    const first = s.controller.ms - 300;
    expect(first).toBeLessThan(1000);
    for (const [i, state] of (["on", "off", "on", "off", "on", "off"] as const).entries()) {
      s.controller.setLoop(0, state, first + Math.floor(i / 2) * 100 + (i % 2) * 60);
    }
    await until(() => edges.length === 7, "six pulse edges");
    expect(edges.slice(1).map((e) => e.atMs - 500)).toEqual([0, 60, 100, 160, 200, 260]);
    expect(edges.every((e) => e.atMs <= s.clock.now())).toBe(true);
  });

  it("never stamps an edge after it arrived, and keeps later edges' spacing from there", async () => {
    const s = mockSetup({ startMs: 1000 });
    const line = await opened(s);
    const edges: HookEdge[] = [];
    line.onHookEdge((e) => edges.push(e));
    await s.advance(100);
    // A controller whose counter runs ahead of what the pings said: 50 ms in the future.
    const stamp = s.controller.ms + 50;
    s.controller.setLoop(0, "off", stamp);
    await until(() => edges.length === 1, "the first edge");
    await s.advance(60);
    s.controller.setLoop(0, "on", stamp + 60);
    await until(() => edges.length === 2, "the second edge");
    expect(edges.map((e) => e.atMs)).toEqual([100, 160]);
  });

  it("puts ring and polarity commands on the wire and resolves when the controller acknowledged them", async () => {
    const s = mockSetup();
    const line = await opened(s);
    const before = s.controller.received.length;
    await line.setRing(true);
    expect([line.ringing, s.controller.ring[0]]).toEqual([true, true]);
    await line.setPolarity("reverse");
    await line.setRing(false);
    await line.setPolarity("forward");
    expect(s.controller.received.slice(before)).toEqual(["R 8 0 1", "P 9 0 R", "R 10 0 0", "P 11 0 F"]);
    expect([line.ringing, s.controller.ring[0], s.controller.polarity[0]]).toEqual([false, false, "forward"]);
  });

  it("trips the ring when the loop closes, and does not ring off-hook (nor when an edge is still on its way)", async () => {
    const s = mockSetup();
    const line = await opened(s);
    const edges: string[] = [];
    line.onHookEdge((e) => edges.push(e.state));
    await line.setRing(true);
    s.controller.setLoop(0, "off");
    await until(() => edges.length === 1, "the off-hook edge");
    expect([line.ringing, s.controller.ring[0]]).toEqual([false, false]);
    const sent = s.controller.received.length;
    await line.setRing(true);
    expect(s.controller.received.length).toBe(sent);
    expect(line.ringing).toBe(false);

    s.controller.setLoop(0, "on");
    await until(() => line.hook === "on", "on-hook");
    s.controller.hook[0] = "off"; // lifted; the edge has not been sent yet
    await line.setRing(true);
    expect(s.controller.received.at(-1)).toMatch(/^R \d+ 0 1$/);
    expect([line.ringing, s.controller.ring[0]]).toEqual([false, false]);
  });

  it("rejects a ring the controller refused for a hardware fault, and does not claim to ring", async () => {
    const s = mockSetup();
    const line = await opened(s);
    s.controller.refuseNext = { code: "fault", text: "relay stuck" };
    await expect(line.setRing(true)).rejects.toThrow(/line 0: controller refused ring \(fault: relay stuck\)/);
    expect([line.ringing, s.controller.ring[0]]).toEqual([false, false]);
    await line.setRing(true);
    expect([line.ringing, s.controller.ring[0]]).toEqual([true, true]);
  });

  it("reports the controller's DTMF digits at start and end, per port, only when it decodes them", async () => {
    const s = mockSetup({ dtmf: true, startMs: 7 });
    const [zero, one] = [await opened(s, 0), await opened(s, 1)];
    const digits: HardwareDigit[] = [];
    zero.onHardwareDigit!((d) => digits.push(d));
    await s.advance(200);
    s.controller.digit(0, "5", "start");
    s.controller.digit(1, "9", "start");
    await s.advance(70);
    s.controller.digit(0, "5", "end");
    await until(() => digits.length === 2, "start and end of 5");
    expect(digits).toEqual([{ digit: "5", startMs: 200 }, { digit: "5", startMs: 200, endMs: 270 }]);
    expect(one.onHardwareDigit).toBeDefined();
    const plain = mockSetup({ dtmf: false });
    expect((await opened(plain)).onHardwareDigit).toBeUndefined();
  });

  it("passes controller errors to the port's line (all lines for '-') and re-reads hooks after an overflow", async () => {
    const s = mockSetup();
    const [zero, one] = [await opened(s, 0), await opened(s, 1)];
    const faults: [number, LineFault][] = [];
    zero.onFault((f) => faults.push([0, f]));
    one.onFault((f) => faults.push([1, f]));
    s.controller.send({ kind: "error", port: 1, code: "ring", text: "generator over current" });
    await until(() => faults.length === 1, "the ring fault");
    expect(faults[0]).toEqual([1, { message: "port 1 reports ring: generator over current", retrying: false }]);
    s.controller.hook[0] = "off"; // the edge was lost in the overflow
    const edges: HookEdge[] = [];
    zero.onHookEdge((e) => edges.push(e));
    s.controller.send({ kind: "error", port: undefined, code: "overflow", text: "" });
    await until(() => edges.length === 1, "the re-read hook");
    expect(faults.map(([port, f]) => [port, f.message])).toContainEqual([0, "controller reports overflow"]);
    expect(s.controller.received.slice(-2)).toEqual([expect.stringMatching(/^H \d+ 0$/), expect.stringMatching(/^H \d+ 1$/)]);
    expect([edges[0]!.state, zero.hook]).toEqual(["off", "off"]);
  });

  it("logs and drops garbage from the controller, and keeps working", async () => {
    const s = mockSetup();
    const line = await opened(s);
    s.controller.sendRaw("\u0000\u00ff?? noise");
    s.controller.sendRaw("Z".repeat(500));
    s.controller.sendRaw("A 4242");
    s.controller.sendRaw("H 0 maybe 12");
    await line.setRing(true);
    expect(s.controller.ring[0]).toBe(true);
    const warnings = s.sink.records.filter((r) => r.level === "warn").map((r) => r.message);
    expect(warnings).toEqual([
      expect.stringMatching(/unreadable line from the controller \(line holds a character outside printable ASCII\)/),
      "discarded a line of 500 characters from the controller (limit 64)",
      expect.stringMatching(/unreadable line .*hook state wants on or off/),
    ]);
  });

  it("stops ringing at close and releases the controller", async () => {
    const s = mockSetup();
    const line = await s.open(0);
    await line.setRing(true);
    await line.close();
    expect(s.controller.received.at(-1)).toMatch(/^R \d+ 0 0$/);
    expect([s.controller.ring[0], s.device.open, s.pool.size]).toEqual([false, false, 0]);
    await expect(line.setRing(true)).rejects.toThrow(/serial line 0 is closed/);
  });
});

describeLineContract("serial line over MockBinding", async (): Promise<LineHarness> => {
  const s = mockSetup({ startMs: 123456 });
  const line = await s.open(0);
  const far = s.audio[0]!;
  let speaking: Int16Array = new Int16Array(160);
  const heard: number[] = [];
  return {
    line,
    now: () => s.clock.now(),
    setLoop: async (state) => {
      s.controller.setLoop(0, state);
      await until(() => line.hook === state, `hook ${state}`);
    },
    advance: async (ms) => {
      // One frame each way per 20 ms, as the sound card would.
      for (let left = ms; left > 0; left -= 20) {
        await s.advance(Math.min(20, left));
        far.capture(speaking.slice());
        heard.push(...far.takePlayed());
      }
    },
    ringVoltage: () => s.controller.ring[0]!,
    speak: (frame) => {
      speaking = frame;
    },
    heard: () => Int16Array.from(heard),
  };
});
