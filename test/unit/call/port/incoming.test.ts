/**
 * Incoming calls through PortController with fakes, the real RingPlayer and the real caller
 * ID ScheduleRunner: 180 and the region's ring cadence, the distinctive ring of Alert-Info,
 * Bell 202 caller ID between the first and second ring (decoded by the software display
 * CallerIdReader), answering with the SDP answer (or our offer for an offerless INVITE),
 * BYE on on-hook, far-end BYE → reorder, CANCEL stopping the bell at once, 486 when busy,
 * and a refused offer. Not covered: call waiting, real SIP (IncomingCall is faked).
 */
import { describe, expect, it } from "vitest";
import { PortState } from "../../../../src/call/port/index.js";
import { CallerIdReader, type CallerIdEvent } from "../../../../src/dsp/index.js";
import { FakeOfferedCall, makePort, type PortRig } from "./port-harness.js";

const ALICE = '"Alice" <sip:1001@example.com>;tag=a1';

async function offer(rig: PortRig, call: FakeOfferedCall): Promise<void> {
  rig.port.offered(call);
  await rig.media.settled();
}

function displayed(rig: PortRig): CallerIdEvent[] {
  const events: CallerIdEvent[] = [];
  const reader = new CallerIdReader((r) => events.push(r.event), { standards: ["bell202"], dtmf: false });
  for (const { samples } of rig.line.audio) reader.process(samples);
  reader.process(new Int16Array(800));
  return events;
}

describe("incoming call", () => {
  it("sends 180, rings with the region's cadence, answers with the SDP answer on off-hook and sends BYE on on-hook", async () => {
    const rig = makePort();
    const call = new FakeOfferedCall(ALICE);
    await offer(rig, call);
    expect(rig.port.state).toBe(PortState.Ringing);
    rig.clock.advance(6500);
    expect(rig.line.bell).toEqual(["on@0", "off@2000", "on@6000"]);
    rig.lift();
    expect(rig.port.state).toBe(PortState.Talking);
    expect(call.sent).toEqual(["180", "200 v=0 answer to v=0 caller"]);
    expect(rig.line.ringOn).toBe(false);
    rig.hangUp();
    expect(call.sent.at(-1)).toBe("hangup");
    expect(rig.port.state).toBe(PortState.Idle);
    expect(rig.media.opened[0]!.closed).toBe(1);
    expect(rig.clock.activeTimers).toBe(0);
  });

  it("offers in the 200 when the INVITE had no SDP, and applies the answer from the ACK", async () => {
    const rig = makePort();
    const call = new FakeOfferedCall(ALICE, {}, null);
    await offer(rig, call);
    rig.lift();
    expect(call.sent).toEqual(["180", "200 v=0 offer"]);
    call.user!.onConfirmed("v=0 from ack");
    expect(rig.media.opened[0]!.applied).toEqual(["v=0 from ack"]);
  });

  it("waits in Answering when lifted before media is open, then answers", async () => {
    const rig = makePort();
    const call = new FakeOfferedCall(ALICE);
    rig.port.offered(call);
    rig.lift();
    expect(rig.port.state).toBe(PortState.Answering);
    expect(call.sent).toEqual(["180"]);
    await rig.media.settled();
    expect(rig.port.state).toBe(PortState.Talking);
    expect(call.sent).toEqual(["180", "200 v=0 answer to v=0 caller"]);
  });

  it("plays reorder when the far end hangs up while talking", async () => {
    const rig = makePort();
    const call = new FakeOfferedCall(ALICE);
    await offer(rig, call);
    rig.lift();
    call.user!.onEnded({ by: "remote" });
    expect(rig.port.state).toBe(PortState.Reorder);
    expect(rig.media.opened[0]!.closed).toBe(1);
    rig.hangUp();
    expect(call.sent).not.toContain("hangup");
  });

  it("rings the distinctive ring named in Alert-Info", async () => {
    const rig = makePort();
    await offer(rig, new FakeOfferedCall(ALICE, { "Alert-Info": ["<http://127.0.0.1>;info=Bellcore-dr2"] }));
    rig.clock.advance(2100);
    expect(rig.line.bell).toEqual(["on@0", "off@800", "on@1200", "off@2000"]);
  });

  it.each([["alert-autoanswer"], ["constructor"]])("rings the region's cadence for an Alert-Info it does not know (%s)", async (name) => {
    const rig = makePort();
    await offer(rig, new FakeOfferedCall(ALICE, { "Alert-Info": [`<http://127.0.0.1>;info=${name}`] }));
    rig.clock.advance(2100);
    expect(rig.line.bell).toEqual(["on@0", "off@2000"]);
  });

  it("sends Bell 202 caller ID from P-Asserted-Identity between the first and second ring", async () => {
    const rig = makePort({ callerIdMethod: "bell" });
    await offer(rig, new FakeOfferedCall(ALICE, { "P-Asserted-Identity": ['"Bob Smith" <sip:+15551234@example.com>'] }));
    rig.clock.advance(8500);
    expect(rig.line.bell).toEqual(["on@0", "off@2000", "on@6000", "off@8000"]);
    expect(rig.line.audio.map((a) => a.atMs)).toEqual([2550]);
    expect(displayed(rig)).toEqual([
      { kind: "call", info: { time: { month: 12, day: 4, hour: 15, minute: 30 }, number: "+15551234", name: "Bob Smith" } },
    ]);
  });

  it("shows a private caller when the INVITE asks for privacy", async () => {
    const rig = makePort({ callerIdMethod: "bell" });
    await offer(rig, new FakeOfferedCall(ALICE, { Privacy: ["id"] }));
    rig.clock.advance(6000);
    expect(displayed(rig)).toEqual([
      { kind: "call", info: { time: { month: 12, day: 4, hour: 15, minute: 30 }, numberAbsent: "private", nameAbsent: "private" } },
    ]);
  });

  it("stops caller ID and the bell at once when lifted during the first ring", async () => {
    const rig = makePort({ callerIdMethod: "bell" });
    const call = new FakeOfferedCall(ALICE);
    await offer(rig, call);
    rig.clock.advance(1000);
    rig.lift();
    expect(rig.line.bell).toEqual(["on@0", "off@1000"]);
    expect(rig.port.state).toBe(PortState.Talking);
    rig.clock.advance(10_000);
    expect(rig.line.audio).toEqual([]);
    expect(rig.line.bell).toEqual(["on@0", "off@1000"]);
  });
});

describe("caller ID before the first ring (ETSI DT-AS with line reversal)", () => {
  it("sets the line forward again when lifted in the middle of the schedule", async () => {
    const rig = makePort({ callerIdMethod: "etsi-dt-as" });
    await offer(rig, new FakeOfferedCall(ALICE));
    rig.clock.advance(100);
    expect(rig.line.polarity).toEqual(["reverse"]);
    rig.lift();
    expect(rig.line.polarity).toEqual(["reverse", "forward"]);
    rig.clock.advance(10_000);
    expect(rig.line.audio).toEqual([]);
    expect(rig.line.bell).toEqual([]);
    expect(rig.clock.activeTimers).toBe(0);
  });
});

describe("an incoming call that does not become a call", () => {
  it("stops ringing at once on CANCEL and returns to Idle with nothing running", async () => {
    const rig = makePort({ callerIdMethod: "bell" });
    const call = new FakeOfferedCall(ALICE);
    await offer(rig, call);
    rig.clock.advance(500);
    call.user!.onCancelled();
    expect(rig.line.bell).toEqual(["on@0", "off@500"]);
    expect(rig.port.state).toBe(PortState.Idle);
    expect(rig.clock.activeTimers).toBe(0);
    expect(rig.media.opened[0]!.closed).toBe(1);
    rig.clock.advance(10_000);
    expect(rig.line.bell).toEqual(["on@0", "off@500"]);
  });

  it("answers 486 when the port is not idle, and leaves the port's own call alone", async () => {
    const rig = makePort();
    rig.lift();
    const second = new FakeOfferedCall(ALICE);
    rig.port.offered(second);
    expect(second.sent).toEqual(["486 Busy Here"]);
    expect(second.user).toBeUndefined();
    expect(rig.port.state).toBe(PortState.DialTone);
    expect(rig.tones.current).toBe("dial");
    expect(rig.line.bell).toEqual([]);
  });

  it("refuses an offer it cannot answer (488) and stops ringing", async () => {
    const rig = makePort();
    const call = new FakeOfferedCall(ALICE, {}, "bad");
    await offer(rig, call);
    expect(call.sent).toEqual(["180", "488 Not Acceptable Here"]);
    expect(rig.port.state).toBe(PortState.Idle);
    expect(rig.line.ringOn).toBe(false);
    expect(rig.clock.activeTimers).toBe(0);
  });

  it("answers 503 when no media port opens", async () => {
    const rig = makePort();
    rig.media.fail = true;
    const call = new FakeOfferedCall(ALICE);
    await offer(rig, call);
    expect(call.sent).toEqual(["180", "503 Service Unavailable"]);
    expect(rig.port.state).toBe(PortState.Idle);
  });
});
