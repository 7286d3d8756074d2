/**
 * Getting the controller back (docs/line-protocol.md §3, §7) over MockBinding with a
 * FakeClock: a lost command re-sent with the same sequence number after 250 ms; three
 * unanswered tries end the link; an unplugged device (pending read fails with EIO) is
 * reported as a retrying fault, reopened with doubling backoff while opening fails, and
 * after the handshake its hook change is reported and ring/polarity as last asked are
 * re-sent; a boot banner while up re-handshakes on the same port; a controller that falls
 * silent is noticed by the keepalive ping. Does not cover a real tty (serial-line-pty).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { HookEdge, Line, LineFault } from "../../../../hal/line.js";
import { until } from "./mock-controller-port.js";
import { mockSetup, type MockSetup } from "./mock-setup.js";

let open: Line[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

async function watched(s: MockSetup, port = 0): Promise<{ line: Line; faults: LineFault[]; edges: HookEdge[] }> {
  const line = await s.open(port);
  open.push(line);
  const faults: LineFault[] = [];
  const edges: HookEdge[] = [];
  line.onFault((f) => faults.push(f));
  line.onHookEdge((e) => edges.push(e));
  return { line, faults, edges };
}


describe("lost commands", () => {
  it("sends a lost command again with the same sequence number after the timeout, and resolves on the answer", async () => {
    const s = mockSetup();
    const { line, faults } = await watched(s);
    s.controller.dropCommands = 2;
    const before = s.controller.received.length;
    const sent = (): string[] => s.controller.received.slice(before);
    let done = false;
    const ring = line.setRing(true).then(() => {
      done = true;
    });
    await s.advance(0);
    expect(sent()).toEqual(["R 8 0 1"]);
    await s.advance(240);
    expect([sent().length, done]).toEqual([1, false]);
    await s.advance(10);
    expect(sent()).toEqual(["R 8 0 1", "R 8 0 1"]);
    await s.advance(250);
    await ring;
    expect(sent()).toEqual(["R 8 0 1", "R 8 0 1", "R 8 0 1"]);
    expect([s.controller.ring[0], line.ringing, faults]).toEqual([true, true, []]);
  });

  it("gives up after three tries: the command fails, the link is reconnected, and the wanted ring comes back", async () => {
    const s = mockSetup();
    const { line, faults } = await watched(s);
    s.controller.dropCommands = 3;
    const ring = line.setRing(true);
    const failed = expect(ring).rejects.toThrow(/no answer to "R 8 0 1" after 3 tries of 250 ms/);
    await s.advance(750);
    await failed;
    expect(faults[0]).toMatchObject({ retrying: true, message: expect.stringMatching(/controller stopped answering.*reconnecting/) });
    expect(s.device.open).toBe(false);
    await s.advance(250);
    await until(() => faults.length === 2, "recovered");
    expect(faults[1]).toEqual({ message: "controller back; ring on, polarity forward re-applied", retrying: false, recovered: true });
    expect([s.device.opens, s.controller.ring[0], line.ringing]).toEqual([2, true, true]);
    expect(s.controller.received.filter((l) => l === "V?")).toHaveLength(2);
  });
});

describe("unplugged and plugged back", () => {
  it("reports the loss, refuses commands meanwhile, retries with doubling backoff, and restores hook, ring and polarity", async () => {
    const s = mockSetup();
    const { line, faults, edges } = await watched(s);
    await line.setPolarity("reverse");
    await line.setRing(true);
    s.device.unplug();
    await until(() => faults.length === 1, "the fault");
    expect(faults[0]).toMatchObject({ retrying: true, message: expect.stringMatching(/closed: EIO.*reconnecting/) });
    expect(s.device.open).toBe(false);

    const written = s.controller.received.length;
    await expect(line.setRing(false)).rejects.toThrow(/line 0: serial controller .* is not connected \(waiting\)/);
    expect(s.controller.received.length).toBe(written);
    expect(line.ringing).toBe(false);

    // Opens at 250, 750 (+500), 1750 (+1000), 3750 (+2000) ms after the loss all fail.
    for (const [step, refused] of [[240, 0], [10, 1], [500, 2], [1000, 3], [1990, 3], [10, 4]] as const) {
      await s.advance(step);
      expect(s.device.refusedOpens).toBe(refused);
    }
    expect(s.sink.lines("hal.serial").some((l) => /reconnect failed \(cannot open .*No such file or directory.*\); next try in 4000 ms/.test(l))).toBe(true);

    // Plugged back, the phone now off the hook: the next try (4000 ms later) finds it.
    s.device.replug();
    s.controller.hook[0] = "off";
    const edgesBefore = edges.length;
    await s.advance(4000);
    await until(() => faults.length === 2, "recovered");
    expect(s.device.opens).toBe(6);
    expect(edges.slice(edgesBefore)).toEqual([{ state: "off", atMs: s.clock.now() }]);
    const resent = s.controller.received.slice(written);
    expect(resent).toEqual(["V?", expect.stringMatching(/^T/), expect.stringMatching(/^T/), expect.stringMatching(/^T/), expect.stringMatching(/^H \d+ 0$/), expect.stringMatching(/^H \d+ 1$/), expect.stringMatching(/^R \d+ 0 0$/), expect.stringMatching(/^P \d+ 0 R$/)]);
    expect([s.controller.polarity[0], s.controller.ring[0], line.polarity, line.hook]).toEqual(["reverse", false, "reverse", "off"]);
    expect(faults[1]).toEqual({ message: "controller back; ring off, polarity reverse re-applied", retrying: false, recovered: true });

    // And the backoff starts again from 250 ms after a success.
    s.device.unplug();
    await until(() => faults.length === 3, "the second loss");
    s.device.replug();
    await s.advance(250);
    await until(() => faults.length === 4, "recovered again");
  });

  it("rings again after a reconnect when the ring was on and the phone still on-hook", async () => {
    const s = mockSetup();
    const { line, faults } = await watched(s);
    await line.setRing(true);
    s.device.unplug();
    await until(() => faults.length === 1, "the fault");
    expect(s.controller.ring[0]).toBe(false);
    s.device.replug();
    await s.advance(250);
    await until(() => faults.length === 2, "recovered");
    expect([s.controller.ring[0], line.ringing]).toEqual([true, true]);
  });
});

describe("a port that is not open", () => {
  it("is never written to: the command fails, nothing reaches the device, and the link is rebuilt", async () => {
    const s = mockSetup();
    const { line, faults } = await watched(s);
    await s.device.closeUnderneath();
    const written = s.controller.received.length;
    await expect(line.setPolarity("reverse")).rejects.toThrow(/line 0: serial controller .*: .* is not open/);
    expect(s.controller.received.length).toBe(written);
    expect(faults[0]).toMatchObject({ retrying: true, message: expect.stringMatching(/is not open; reconnecting/) });
    await s.advance(250);
    await until(() => faults.length === 2, "recovered");
    expect(s.controller.polarity[0]).toBe("reverse");
  });
});

describe("restarts and silence", () => {
  it("handshakes again on the same port when the controller restarts, and re-applies ring and polarity", async () => {
    const s = mockSetup({ startMs: 5000 });
    const { line, faults, edges } = await watched(s);
    await line.setRing(true);
    await line.setPolarity("reverse");
    await s.advance(1000);
    s.controller.boot("brownout");
    await until(() => faults.length === 2, "fault and recovery");
    expect(faults[0]).toMatchObject({ retrying: true, message: "controller restarted (reset=brownout); reconnecting" });
    expect(faults[1]).toMatchObject({ recovered: true });
    expect([s.device.opens, s.controller.ring[0], s.controller.polarity[0]]).toEqual([1, true, "reverse"]);
    expect(s.controller.received.filter((l) => l === "V?")).toHaveLength(2);
    // The restarted counter is mapped afresh: an edge stamped now is now.
    await s.advance(100);
    s.controller.setLoop(0, "off");
    await until(() => edges.length === 1, "an edge after the restart");
    expect(edges[0]!.atMs).toBe(s.clock.now());
  });

  it("notices a controller that fell silent through the keepalive ping", async () => {
    const s = mockSetup();
    const { faults } = await watched(s);
    const pings = (): number => s.controller.received.filter((l) => l.startsWith("T ")).length;
    await s.advance(4990);
    expect(pings()).toBe(3);
    await s.advance(10);
    expect(pings()).toBe(4);
    s.controller.silent = true;
    // Next ping at 10 000 ms, tries at +0, +250, +500; the last expires at 10 750 ms.
    await s.advance(5740);
    expect(faults).toEqual([]);
    await s.advance(10);
    await until(() => faults.length === 1, "the fault");
    expect(faults[0]!.message).toMatch(/stopped answering: no answer to "T \d+" after 3 tries/);
    s.controller.silent = false;
    await s.advance(250);
    await until(() => faults.length === 2, "recovered");
  });
});
