/**
 * Outgoing calls through PortController with fakes: the exact tones the handset hears from
 * off-hook to talking, stutter dial tone, the dial plan's verdicts (dial now, interdigit
 * timeout, refused), each SIP failure status to its tone, far-end BYE → reorder → howler
 * after the off-hook warning time, and media that fails to open or an unusable answer.
 * Not covered: the real dial plan, real SIP or media (fakes stand in), mid-call features.
 */
import { describe, expect, it } from "vitest";
import { failureTone, PortState } from "../../../../src/call/port/index.js";
import { makePort, type PortRig } from "./port-harness.js";

async function dialled(rig: PortRig, digits = "1002"): Promise<void> {
  rig.lift();
  rig.dial(digits);
  await rig.media.settled();
}

describe("outgoing call", () => {
  it("plays dial tone, stops it at the first digit, rings back on 180, goes quiet on 200 and tells reorder after far-end BYE", async () => {
    const rig = makePort();
    rig.lift();
    expect(rig.port.state).toBe(PortState.DialTone);
    expect(rig.tones.current).toBe("dial");
    rig.dial("1");
    expect(rig.tones.current).toBeUndefined();
    rig.dial("002");
    await rig.media.settled();
    expect(rig.port.state).toBe(PortState.Calling);
    expect(rig.placer.last).toMatchObject({ number: "1002", offer: "v=0 offer" });
    rig.placer.last.user.onProgress(100, "Trying");
    expect(rig.port.state).toBe(PortState.Calling);
    rig.placer.last.user.onProgress(180, "Ringing");
    expect(rig.tones.current).toBe("ringback");
    rig.placer.last.user.onAnswered("v=0 callee");
    expect(rig.port.state).toBe(PortState.Talking);
    expect(rig.media.opened[0]!.applied).toEqual(["v=0 callee"]);
    rig.placer.last.user.onEnded({ by: "remote" });
    expect(rig.port.state).toBe(PortState.Reorder);
    expect(rig.media.opened[0]!.closed).toBe(1);
    rig.clock.advance(59_999);
    expect(rig.tones.current).toBe("reorder");
    rig.clock.advance(1);
    expect(rig.port.state).toBe(PortState.Howler);
    rig.hangUp();
    expect(rig.tones.heard).toEqual(["dial", "-", "ringback", "-", "reorder", "howler", "-"]);
    expect(rig.port.state).toBe(PortState.Idle);
    expect(rig.placer.last.hangups).toBe(0);
    expect(rig.clock.activeTimers).toBe(0);
  });

  it("logs every move with the port's category and index", async () => {
    const rig = makePort();
    await dialled(rig);
    expect(rig.sink.lines("call.port")).toEqual(expect.arrayContaining(["debug call.port Idle -> DialTone", "debug call.port Collecting -> Calling"]));
    expect(rig.sink.records.filter((r) => r.category === "call.port").every((r) => r.id === "0")).toBe(true);
  });

  it("plays stutter dial tone while messages wait", () => {
    const rig = makePort();
    rig.port.setMessageWaiting(true);
    rig.lift();
    expect(rig.tones.current).toBe("stutterDial");
  });

  it("switches from ringback to the far end's early media on 183 with SDP, and stays there on a later 180", async () => {
    const rig = makePort();
    await dialled(rig);
    rig.placer.last.user.onProgress(180, "Ringing");
    rig.placer.last.user.onEarlyMedia("v=0 announcement");
    expect(rig.port.state).toBe(PortState.EarlyMedia);
    expect(rig.tones.current).toBeUndefined();
    rig.placer.last.user.onProgress(180, "Ringing");
    expect(rig.port.state).toBe(PortState.EarlyMedia);
    rig.placer.last.user.onAnswered("v=0 announcement");
    expect(rig.port.state).toBe(PortState.Talking);
    rig.placer.last.user.onEarlyMedia("v=0 late");
    expect(rig.port.state).toBe(PortState.Talking);
  });

  it("keeps ringback when the 183's SDP cannot be used", async () => {
    const rig = makePort();
    await dialled(rig);
    rig.placer.last.user.onProgress(180, "Ringing");
    rig.placer.last.user.onEarlyMedia("bad");
    expect(rig.port.state).toBe(PortState.Ringback);
    expect(rig.tones.current).toBe("ringback");
  });

  it("dials what there is when the interdigit timer runs out", async () => {
    const rig = makePort();
    rig.lift();
    rig.dial("55");
    rig.clock.advance(3999);
    expect(rig.placer.calls).toHaveLength(0);
    rig.clock.advance(1);
    await rig.media.settled();
    expect(rig.placer.last.number).toBe("55");
  });

  it("restarts the interdigit timer at each digit and dials at once on #", async () => {
    const rig = makePort();
    rig.lift();
    rig.dial("5");
    rig.clock.advance(3000);
    rig.dial("6");
    rig.clock.advance(3000);
    expect(rig.port.state).toBe(PortState.Collecting);
    rig.dial("#");
    await rig.media.settled();
    expect(rig.placer.last.number).toBe("56");
    expect(rig.clock.activeTimers).toBe(0);
  });

  it("plays second dial tone where the dial plan asks for it, until the next key", () => {
    const rig = makePort();
    rig.lift();
    rig.dial("9*");
    expect(rig.tones.current).toBe("dial");
    rig.dial("1");
    expect(rig.tones.heard).toEqual(["dial", "-", "dial", "-"]);
  });

  it("asks a fresh collector at each off-hook", async () => {
    const rig = makePort();
    rig.lift();
    rig.dial("12");
    rig.hangUp();
    rig.lift();
    rig.dial("3456");
    await rig.media.settled();
    expect(rig.collectors).toHaveLength(2);
    expect(rig.placer.last.number).toBe("3456");
  });

  it("dials a hot line at off-hook, before any key", async () => {
    const rig = makePort({ newCollector: () => ({ current: { kind: "dial", number: "911" }, press: () => { throw new Error("no keys"); }, timeout: () => { throw new Error("no timer"); } }) });
    rig.lift();
    await rig.media.settled();
    expect(rig.port.state).toBe(PortState.Calling);
    expect(rig.placer.last.number).toBe("911");
  });

  it("dials a warm line after its delay over dial tone", async () => {
    const rig = makePort({
      newCollector: () => ({ current: { kind: "collect", timeoutMs: 5000 }, press: () => ({ kind: "refuse", reason: "no-match" }), timeout: () => ({ kind: "dial", number: "100" }) }),
    });
    rig.lift();
    rig.clock.advance(4999);
    expect(rig.tones.current).toBe("dial");
    rig.clock.advance(1);
    await rig.media.settled();
    expect(rig.placer.last.number).toBe("100");
  });

  it("plays reorder for a number the dial plan refuses", () => {
    const rig = makePort();
    rig.lift();
    rig.dial("0");
    expect(rig.port.state).toBe(PortState.Reorder);
    expect(rig.tones.heard).toEqual(["dial", "-", "reorder"]);
  });

  it("gives up on dial tone with no digit after the first-digit time, then howler", () => {
    const rig = makePort({ timings: { firstDigitMs: 10_000, offHookWarningMs: 30_000 } });
    rig.lift();
    rig.clock.advance(10_000);
    expect(rig.tones.current).toBe("reorder");
    rig.clock.advance(30_000);
    expect(rig.tones.current).toBe("howler");
    expect(rig.clock.activeTimers).toBe(0);
  });

  it("plays reorder when no media port opens, and never places the call", async () => {
    const rig = makePort();
    rig.media.fail = true;
    await dialled(rig);
    expect(rig.port.state).toBe(PortState.Reorder);
    expect(rig.placer.calls).toHaveLength(0);
  });

  it("answers the far end's re-INVITE with this call's media, and refuses one from a call already left", async () => {
    const rig = makePort();
    await dialled(rig);
    const first = rig.placer.last.user;
    first.onAnswered("v=0 callee");
    expect(first.onRemoteOffer("v=0 hold")).toBe("v=0 answer to v=0 hold");
    rig.hangUp();
    await dialled(rig);
    expect(first.onRemoteOffer("v=0 hold")).toBeUndefined();
    expect(rig.port.state).toBe(PortState.Calling);
  });

  it("takes a second answer for the same call as no change", async () => {
    const rig = makePort();
    await dialled(rig);
    rig.placer.last.user.onAnswered("v=0 callee");
    rig.placer.last.user.onAnswered("v=0 callee");
    expect(rig.port.state).toBe(PortState.Talking);
    expect(rig.media.opened).toHaveLength(1);
  });

  it("hangs up (BYE) an answer whose SDP cannot be used and plays reorder", async () => {
    const rig = makePort();
    await dialled(rig);
    rig.placer.last.user.onAnswered("bad");
    expect(rig.placer.last.hangups).toBe(1);
    expect(rig.port.state).toBe(PortState.Reorder);
    expect(rig.media.opened[0]!.closed).toBe(1);
  });
});

describe("a failed call gives a tone a person understands", () => {
  const cases: Array<[number, string, string[]]> = [
    [486, "Busy Here", ["busy", "howler"]],
    [600, "Busy Everywhere", ["busy", "howler"]],
    [603, "Decline", ["busy", "howler"]],
    [404, "Not Found", ["sit", "reorder", "howler"]],
    [484, "Address Incomplete", ["sit", "reorder", "howler"]],
    [604, "Does Not Exist Anywhere", ["sit", "reorder", "howler"]],
    [480, "Temporarily Unavailable", ["reorder", "howler"]],
    [408, "Request Timeout", ["reorder", "howler"]],
    [500, "Server Internal Error", ["reorder", "howler"]],
    [503, "Service Unavailable", ["reorder", "howler"]],
    [403, "Forbidden", ["reorder", "howler"]],
  ];
  it.each(cases)("%i %s → %j", async (status, reason, tones) => {
    const rig = makePort();
    await dialled(rig);
    rig.placer.last.user.onProgress(180, "Ringing");
    rig.placer.last.user.onFailed({ status, reason });
    expect(rig.media.opened[0]!.closed).toBe(1);
    rig.clock.advance(61_000);
    expect(rig.tones.heard).toEqual(["dial", "-", "ringback", ...tones]);
    expect(failureTone(status)).toBe(tones[0]);
    rig.hangUp();
    expect(rig.clock.activeTimers).toBe(0);
  });

  it("plays SIT for one sequence's time before reorder", async () => {
    const rig = makePort();
    await dialled(rig);
    rig.placer.last.user.onFailed({ status: 404, reason: "Not Found" });
    rig.clock.advance(999);
    expect(rig.tones.current).toBe("sit");
    rig.clock.advance(1);
    expect(rig.tones.current).toBe("reorder");
  });
});
