/**
 * Hook-flash features through PortController with fakes: hold with recall dial tone and
 * back, consultation calls, three-way (both calls heard), attended transfer (REFER with the
 * consultation's Replaces target) and blind transfer (REFER to the number when the consulted
 * party still rings), recall ringing for a held call, the Nordic R-key sequences, flash relay,
 * digits sent during a call, and being transferred (a REFER from the far end). Every scenario
 * ends with no timer running. Not covered: the SIP messages (faked), audio mixing (PhonePort).
 */
import { describe, expect, it } from "vitest";
import { memoryFeatures, PortState, type PortFeatures } from "../../../../src/call/port/index.js";
import { makePort, type PortRig } from "./port-harness.js";

function rig(features: Partial<PortFeatures> = {}): PortRig {
  return makePort({ features: memoryFeatures(features) });
}

/** Lifts, dials `number` (four digits), and the far end answers. */
async function talkTo(r: PortRig, number = "1002"): Promise<void> {
  if (r.port.state === PortState.Idle) r.lift();
  r.dial(number);
  await r.media.settled();
  r.placer.last.user.onAnswered(`v=0 ${number}`);
}

function flash(r: PortRig): void {
  r.port.flash();
}

/** Talking to 1002, flashed, and talking to 1003 while 1002 is held. */
async function consulting(r: PortRig): Promise<void> {
  await talkTo(r, "1002");
  flash(r);
  await talkTo(r, "1003");
}

/** The handset is back on-hook, the port Idle, no timer left, every media closed. */
function expectClean(r: PortRig): void {
  expect(r.port.state).toBe(PortState.Idle);
  expect(r.clock.activeTimers).toBe(0);
  expect(r.media.opened.every((m) => m.closed > 0)).toBe(true);
}

describe("hold and consultation (North American flash)", () => {
  it("flash holds the call with recall dial tone; a second flash resumes it", async () => {
    const r = rig();
    await talkTo(r);
    flash(r);
    expect(r.port.state).toBe(PortState.DialTone);
    expect(r.tones.current).toBe("recallDial");
    expect(r.media.opened[0]!.actions).toEqual(["hold"]);
    expect(r.port.heard).toEqual([]);
    flash(r);
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.media.opened[0]!.actions).toEqual(["hold", "resume"]);
    expect(r.port.heard).toEqual([r.media.opened[0]]);
    r.hangUp();
    expectClean(r);
  });

  it("a consultation that is answered becomes a three-way call at the next flash; flash again drops the one added", async () => {
    const r = rig();
    await consulting(r);
    const [a, c] = r.media.opened;
    expect(r.port.heard).toEqual([c]);
    flash(r);
    expect(r.port.state).toBe(PortState.Conference);
    expect(a!.actions).toEqual(["hold", "resume"]);
    expect(r.port.heard).toEqual([a, c]);
    expect(r.port.speaking).toEqual([a, c]);
    flash(r);
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.placer.calls[1]!.hangups).toBe(1);
    expect(r.port.heard).toEqual([a]);
    r.hangUp();
    expect(r.placer.calls[0]!.hangups).toBe(1);
    expectClean(r);
  });

  it("in a three-way call, either far party hanging up leaves a two-party call with the other", async () => {
    const r = rig();
    await consulting(r);
    flash(r);
    r.placer.calls[0]!.user.onEnded({ by: "remote" });
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.port.heard).toEqual([r.media.opened[1]]);
    r.hangUp();
    expectClean(r);
  });

  it("without three-way, flash during a consultation swaps between the two calls", async () => {
    const r = rig({ threeWay: false });
    await consulting(r);
    flash(r);
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.port.heard).toEqual([r.media.opened[0]]);
    expect(r.media.opened[1]!.actions).toEqual(["hold"]);
  });

  it("flash while the consulted number still rings drops it (CANCEL) and goes back to the held call", async () => {
    const r = rig();
    await talkTo(r, "1002");
    flash(r);
    r.dial("1003");
    await r.media.settled();
    r.placer.last.user.onProgress(180, "Ringing");
    flash(r);
    expect(r.placer.calls[1]!.hangups).toBe(1);
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.media.opened[0]!.actions).toEqual(["hold", "resume"]);
  });

  it("the consulted party hanging up takes the handset back to the held call", async () => {
    const r = rig();
    await consulting(r);
    r.placer.calls[1]!.user.onEnded({ by: "remote" });
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.port.heard).toEqual([r.media.opened[0]]);
  });

  it("a busy consultation plays busy; flash goes back to the held call", async () => {
    const r = rig();
    await talkTo(r, "1002");
    flash(r);
    r.dial("1003");
    await r.media.settled();
    r.placer.last.user.onFailed({ status: 486, reason: "Busy Here" });
    expect(r.port.state).toBe(PortState.Busy);
    flash(r);
    expect(r.port.state).toBe(PortState.Talking);
  });

  it("on-hook with a call held and nothing dialled rings the phone back; lifting resumes the call", async () => {
    const r = rig();
    await talkTo(r);
    flash(r);
    r.hangUp();
    expect(r.port.state).toBe(PortState.Recall);
    r.clock.advance(100);
    expect(r.line.ringOn).toBe(true);
    r.lift();
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.line.ringOn).toBe(false);
    expect(r.media.opened[0]!.actions).toEqual(["hold", "resume"]);
    r.hangUp();
    expectClean(r);
  });

  it("a recall nobody answers releases the held call after recallMs", async () => {
    const r = rig();
    await talkTo(r);
    flash(r);
    r.hangUp();
    r.clock.advance(60_000);
    expect(r.placer.calls[0]!.hangups).toBe(1);
    expectClean(r);
  });
});

describe("transfer", () => {
  it("on-hook while talking to the consulted party: REFER to the held one with the consultation's Replaces target; success ends both", async () => {
    const r = rig();
    await consulting(r);
    r.hangUp();
    expect(r.port.state).toBe(PortState.Transferring);
    const refer = r.placer.calls[0]!.signalling.referred;
    expect(refer.map((x) => x.target)).toEqual(["sip:1003@example.net?Replaces=1003-dialog"]);
    refer[0]!.user.onAccepted!();
    expect(r.port.state).toBe(PortState.Transferring);
    refer[0]!.user.onDone({ status: 200, reason: "OK" });
    expect(r.placer.calls.map((c) => c.hangups)).toEqual([1, 1]);
    expectClean(r);
  });

  it("on-hook while the consulted number rings: the consultation is cancelled and the held party is sent to the number (blind)", async () => {
    const r = rig();
    await talkTo(r, "1002");
    flash(r);
    r.dial("1003");
    await r.media.settled();
    r.placer.last.user.onProgress(180, "Ringing");
    r.hangUp();
    expect(r.placer.calls[1]!.hangups).toBe(1);
    const refer = r.placer.calls[0]!.signalling.referred;
    expect(refer.map((x) => x.target)).toEqual(["1003"]);
    expect(r.port.state).toBe(PortState.Transferring);
    refer[0]!.user.onAccepted!();
    expect(r.placer.calls[0]!.hangups).toBe(1);
    expectClean(r);
  });

  it("a refused transfer rings the phone back for the held call", async () => {
    const r = rig();
    await consulting(r);
    r.hangUp();
    r.placer.calls[0]!.signalling.referred[0]!.user.onDone({ status: 603, reason: "Declined" });
    expect(r.placer.calls[1]!.hangups).toBe(1);
    expect(r.port.state).toBe(PortState.Recall);
    r.lift();
    expect(r.port.state).toBe(PortState.Talking);
  });

  it("a transfer with no report within transferMs counts as refused", async () => {
    const r = rig();
    await consulting(r);
    r.hangUp();
    r.clock.advance(32_000);
    expect(r.port.state).toBe(PortState.Recall);
    r.placer.calls[0]!.signalling.referred[0]!.user.onDone({ status: 200, reason: "OK" });
    expect(r.port.state).toBe(PortState.Recall);
  });

  it("with transfer off, on-hook ends the consultation and rings back for the held call", async () => {
    const r = rig({ transfer: false });
    await consulting(r);
    r.hangUp();
    expect(r.placer.calls[0]!.signalling.referred).toEqual([]);
    expect(r.placer.calls[1]!.hangups).toBe(1);
    expect(r.port.state).toBe(PortState.Recall);
  });

  it("being transferred: a REFER from the far end places a call there; 180 and 200 are reported; the old call ends", async () => {
    const r = rig();
    await talkTo(r, "1002");
    const notified: string[] = [];
    const followed = r.placer.calls[0]!.user.onRefer({ target: "sip:1005@example.net", notify: (s, why) => notified.push(`${s} ${why}`) });
    expect(followed).toBe(true);
    await r.media.settled();
    expect(r.placer.last.number).toBe("sip:1005@example.net");
    r.placer.last.user.onProgress(180, "Ringing");
    expect(r.port.state).toBe(PortState.Ringback);
    r.placer.last.user.onAnswered("v=0 1005");
    expect(notified).toEqual(["200 OK"]);
    expect(r.placer.calls[0]!.hangups).toBe(1);
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.port.heard).toEqual([r.media.opened[1]]);
  });

  it("being transferred to a number that fails: the failure is reported and the old call goes on", async () => {
    const r = rig();
    await talkTo(r, "1002");
    const notified: number[] = [];
    r.placer.calls[0]!.user.onRefer({ target: "sip:1005@example.net", notify: (s) => notified.push(s) });
    await r.media.settled();
    r.placer.last.user.onFailed({ status: 486, reason: "Busy Here" });
    expect(notified).toEqual([486]);
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.port.heard).toEqual([r.media.opened[0]]);
  });
});

describe("Nordic R key", () => {
  it("R alone holds and gives dial tone; R2 swaps between held and current; R1 releases the current and takes the other", async () => {
    const r = rig({ flashStyle: "nordic" });
    await talkTo(r, "1002");
    flash(r);
    expect(r.port.state).toBe(PortState.DialTone);
    await talkTo(r, "1003");
    flash(r);
    r.dial("2");
    expect(r.port.heard).toEqual([r.media.opened[0]]);
    flash(r);
    r.dial("1");
    expect(r.placer.calls[0]!.hangups).toBe(1);
    expect(r.port.heard).toEqual([r.media.opened[1]]);
    expect(r.port.state).toBe(PortState.Talking);
  });

  it("R3 joins the three; R0 then releases the held party", async () => {
    const r = rig({ flashStyle: "nordic" });
    await consulting(r);
    flash(r);
    r.dial("3");
    expect(r.port.state).toBe(PortState.Conference);
    flash(r);
    r.dial("0");
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.placer.calls[0]!.hangups).toBe(1);
  });

  it("R4 transfers the two calls to each other", async () => {
    const r = rig({ flashStyle: "nordic" });
    await consulting(r);
    flash(r);
    r.dial("4");
    expect(r.port.state).toBe(PortState.Transferring);
    expect(r.placer.calls[0]!.signalling.referred[0]!.target).toBe("sip:1003@example.net?Replaces=1003-dialog");
  });

  it("a digit after R's wait is over goes to the far end as a digit", async () => {
    const r = rig({ flashStyle: "nordic" });
    await consulting(r);
    flash(r);
    r.clock.advance(4_000);
    r.dial("2");
    expect(r.media.opened[1]!.actions).toEqual(["digit 2"]);
  });
});

describe("during a call", () => {
  it("sends keys to the far end (DTMF or rotary digits alike)", async () => {
    const r = rig();
    await talkTo(r);
    r.dial("12#");
    expect(r.media.opened[0]!.actions).toEqual(["digit 1", "digit 2", "digit #"]);
  });

  it("with flash relay, the flash goes to the far end instead of holding", async () => {
    const r = rig({ flashRelay: "rfc4733" });
    await talkTo(r);
    flash(r);
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.media.opened[0]!.actions).toEqual(["flash rfc4733"]);
  });
});
