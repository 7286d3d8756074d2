/**
 * Hang-up from either side in every state: the port ends Idle with no timer running
 * (FakeClock.activeTimers is 0), every media it opened closed, the bell off and silence,
 * and the SIP call told exactly once (CANCEL/BYE through hangup()) when it was live.
 * Late events of a call already left (a 487 after our CANCEL, media that opens after
 * the on-hook) change nothing. Not covered: what the SIP layer sends for hangup().
 */
import { describe, expect, it } from "vitest";
import { PortState } from "../../../../src/call/port/index.js";
import { FakeOfferedCall, makePort, type PortRig } from "./port-harness.js";

type Reach = (rig: PortRig) => Promise<FakeOfferedCall | undefined>;

const outgoing = async (rig: PortRig): Promise<undefined> => {
  rig.lift();
  rig.dial("1002");
  await rig.media.settled();
  return undefined;
};
const incoming = async (rig: PortRig): Promise<FakeOfferedCall> => {
  const call = new FakeOfferedCall('"Alice" <sip:1001@example.com>;tag=1');
  rig.port.offered(call);
  await rig.media.settled();
  return call;
};

/** How to reach each state where the handset is off-hook, and whether a SIP call is live there. */
const OFF_HOOK: Array<[PortState, Reach, boolean]> = [
  [PortState.DialTone, async (rig) => { rig.lift(); return undefined; }, false],
  [PortState.Collecting, async (rig) => { rig.lift(); rig.dial("12"); return undefined; }, false],
  [PortState.Calling, outgoing, true],
  [PortState.Ringback, async (rig) => { await outgoing(rig); rig.placer.last.user.onProgress(180, "Ringing"); return undefined; }, true],
  [PortState.EarlyMedia, async (rig) => { await outgoing(rig); rig.placer.last.user.onEarlyMedia("v=0 early"); return undefined; }, true],
  [PortState.Talking, async (rig) => { await outgoing(rig); rig.placer.last.user.onAnswered("v=0 callee"); return undefined; }, true],
  [PortState.Busy, async (rig) => { await outgoing(rig); rig.placer.last.user.onFailed({ status: 486, reason: "Busy Here" }); return undefined; }, false],
  [PortState.Sit, async (rig) => { await outgoing(rig); rig.placer.last.user.onFailed({ status: 404, reason: "Not Found" }); return undefined; }, false],
  [PortState.Reorder, async (rig) => { rig.lift(); rig.clock.advance(15_000); return undefined; }, false],
  [PortState.Howler, async (rig) => { rig.lift(); rig.clock.advance(75_000); return undefined; }, false],
  [PortState.Answering, async (rig) => {
    const call = new FakeOfferedCall("<sip:1001@example.com>;tag=1");
    rig.media.paused = true;
    rig.port.offered(call);
    rig.lift();
    return call;
  }, true],
];

function expectClean(rig: PortRig): void {
  expect(rig.port.state).toBe(PortState.Idle);
  expect(rig.clock.activeTimers).toBe(0);
  expect(rig.media.opened.every((m) => m.closed === 1)).toBe(true);
  expect(rig.tones.current).toBeUndefined();
  expect(rig.line.ringOn).toBe(false);
}

describe("hang-up on our side", () => {
  it.each(OFF_HOOK)("in %s leaves the port idle and clean", async (state, reach, live) => {
    const rig = makePort({ callerIdMethod: "bell" });
    const offered = await reach(rig);
    expect(rig.port.state).toBe(state);
    rig.hangUp();
    rig.media.resume();
    await rig.media.settled();
    expectClean(rig);
    const sipHangups = offered ? offered.sent.filter((s) => s === "hangup").length : rig.placer.calls.reduce((n, c) => n + c.hangups, 0);
    expect(sipHangups).toBe(live ? 1 : 0);
  });

  it("in Talking after an incoming call sends BYE once", async () => {
    const rig = makePort();
    const call = await incoming(rig);
    rig.lift();
    rig.hangUp();
    expect(call.sent.filter((s) => s === "hangup")).toHaveLength(1);
    expectClean(rig);
  });

  it("ignores the 487 that follows our CANCEL", async () => {
    const rig = makePort();
    await outgoing(rig);
    rig.hangUp();
    rig.placer.last.user.onFailed({ status: 487, reason: "Request Terminated" });
    expectClean(rig);
    expect(rig.tones.heard.at(-1)).toBe("-");
  });

  it("closes media that opens after the on-hook and never places the call", async () => {
    const rig = makePort();
    rig.lift();
    rig.dial("1002");
    rig.hangUp();
    await rig.media.settled();
    expect(rig.placer.calls).toHaveLength(0);
    expectClean(rig);
  });
});

describe("hang-up on the far side", () => {
  it("CANCEL while ringing: idle at once", async () => {
    const rig = makePort({ callerIdMethod: "bell" });
    const call = await incoming(rig);
    call.user!.onCancelled();
    expectClean(rig);
  });

  it("CANCEL after the lift, before media opened: reorder, then idle on on-hook", async () => {
    const rig = makePort();
    const call = new FakeOfferedCall("<sip:1001@example.com>;tag=1");
    rig.port.offered(call);
    rig.lift();
    call.user!.onCancelled();
    expect(rig.port.state).toBe(PortState.Reorder);
    await rig.media.settled();
    expect(call.sent).toEqual(["180"]);
    rig.hangUp();
    expectClean(rig);
  });

  it.each([PortState.Calling, PortState.Ringback, PortState.EarlyMedia])("a final failure in %s: a tone, then idle on on-hook", async (state) => {
    const rig = makePort();
    await outgoing(rig);
    if (state === PortState.Ringback) rig.placer.last.user.onProgress(180, "Ringing");
    if (state === PortState.EarlyMedia) rig.placer.last.user.onEarlyMedia("v=0 early");
    expect(rig.port.state).toBe(state);
    rig.placer.last.user.onFailed({ status: 480, reason: "Temporarily Unavailable" });
    expect(rig.port.state).toBe(PortState.Reorder);
    rig.hangUp();
    expectClean(rig);
    expect(rig.placer.last.hangups).toBe(0);
  });

  it.each([["outgoing"], ["incoming"]])("BYE while talking (%s): reorder, then idle on on-hook", async (direction) => {
    const rig = makePort();
    let end: (() => void) | undefined;
    if (direction === "outgoing") {
      await outgoing(rig);
      rig.placer.last.user.onAnswered("v=0 callee");
      end = () => rig.placer.last.user.onEnded({ by: "remote" });
    } else {
      const call = await incoming(rig);
      rig.lift();
      end = () => call.user!.onEnded({ by: "remote" });
    }
    end();
    expect(rig.port.state).toBe(PortState.Reorder);
    rig.hangUp();
    expectClean(rig);
  });
});
