/**
 * Call waiting, forwarding, do not disturb, anonymous call rejection, INVITE with Replaces,
 * and star codes from the handset, through PortController with fakes: what each INVITE is
 * answered (180, 302 with the number, 433, 486), the tones the handset hears (call-waiting
 * tone, confirmation, special dial tone) and the features saved. Not covered: the SIP
 * messages themselves (faked), call-waiting caller ID audio (line layer).
 */
import { describe, expect, it } from "vitest";
import { DialPlanMatcher, parseDialPlan } from "../../../../src/call/dialplan/index.js";
import { StarCodes } from "../../../../src/call/features/index.js";
import { memoryFeatures, PortState, type FeatureStore, type PortFeatures } from "../../../../src/call/port/index.js";
import { defaultStarCodes } from "../../../../src/config/index.js";
import { FakeOfferedCall, makePort, type PortRig } from "./port-harness.js";

const BOB = '"Bob" <sip:2002@example.com>;tag=b1';
const HIDDEN = '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=x1';

function rig(features: Partial<PortFeatures> = {}): PortRig & { features: FeatureStore } {
  const store = memoryFeatures(features);
  return { ...makePort({ features: store, starCodes: new StarCodes(defaultStarCodes()) }), features: store };
}

async function talkTo(r: PortRig, number = "1002"): Promise<void> {
  r.lift();
  r.dial(number);
  await r.media.settled();
  r.placer.last.user.onAnswered(`v=0 ${number}`);
}

async function offer(r: PortRig, from = BOB): Promise<FakeOfferedCall> {
  const call = new FakeOfferedCall(from);
  r.port.offered(call);
  await r.media.settled();
  return call;
}

describe("call waiting", () => {
  it("a second call waits with 180 and the call-waiting tone; flash answers it and holds the first; flash swaps back", async () => {
    const r = rig();
    await talkTo(r);
    const b = await offer(r);
    expect(b.sent).toEqual(["180"]);
    expect(r.tones.current).toBe("callWaiting");
    expect(r.port.state).toBe(PortState.Talking);
    r.port.flash();
    expect(b.sent).toEqual(["180", "200 v=0 answer to v=0 caller"]);
    expect(r.tones.current).toBeUndefined();
    const [a, bMedia] = r.media.opened;
    expect(a!.actions).toEqual(["hold"]);
    expect(r.port.heard).toEqual([bMedia]);
    r.port.flash();
    expect(r.port.heard).toEqual([a]);
    expect(bMedia!.actions).toEqual(["hold"]);
    expect(a!.actions).toEqual(["hold", "resume"]);
  });

  it("the waiting caller giving up stops the tone", async () => {
    const r = rig();
    await talkTo(r);
    const b = await offer(r);
    b.user!.onCancelled();
    expect(r.tones.current).toBeUndefined();
    r.port.flash();
    expect(r.port.state).toBe(PortState.DialTone);
  });

  it("on-hook while a call waits ends the first call and rings for the waiting one", async () => {
    const r = rig();
    await talkTo(r);
    const b = await offer(r);
    r.hangUp();
    expect(r.placer.last.hangups).toBe(1);
    expect(r.port.state).toBe(PortState.Ringing);
    r.lift();
    expect(b.sent.at(-1)).toBe("200 v=0 answer to v=0 caller");
    expect(r.port.state).toBe(PortState.Talking);
  });

  it("refuses a second call with 486 when call waiting is off, or forwards it when busy forwarding is set", async () => {
    const off = rig({ callWaiting: false });
    await talkTo(off);
    expect((await offer(off)).sent).toEqual(["486 Busy Here"]);
    const forwarding = rig({ callWaiting: false, forwardBusy: "3000" });
    await talkTo(forwarding);
    expect((await offer(forwarding)).sent).toEqual(["302 3000"]);
  });

  it("*70 turns call waiting off for the call it dials only", async () => {
    const r = rig();
    r.lift();
    r.dial("*70");
    r.dial("1002");
    await r.media.settled();
    r.placer.last.user.onAnswered("v=0");
    expect((await offer(r)).sent).toEqual(["486 Busy Here"]);
    r.hangUp();
    await talkTo(r);
    expect((await offer(r)).sent).toEqual(["180"]);
  });
});

describe("incoming call features", () => {
  it("do not disturb answers 486 without ringing", async () => {
    const r = rig({ dnd: true });
    expect((await offer(r)).sent).toEqual(["486 Busy Here"]);
    expect(r.port.state).toBe(PortState.Idle);
  });

  it("forward all answers 302 to the number", async () => {
    const r = rig({ forwardAll: "3000" });
    expect((await offer(r)).sent).toEqual(["302 3000"]);
  });

  it("forward on no answer rings for the delay, then stops the bell and answers 302", async () => {
    const r = rig({ forwardNoAnswer: "3000", forwardNoAnswerDelaySec: 12 });
    const b = await offer(r);
    r.clock.advance(11_900);
    expect(r.port.state).toBe(PortState.Ringing);
    r.clock.advance(100);
    expect(b.sent).toEqual(["180", "302 3000"]);
    expect(r.port.state).toBe(PortState.Idle);
    expect(r.line.ringOn).toBe(false);
    expect(r.clock.activeTimers).toBe(0);
  });

  it("anonymous call rejection answers 433 to a hidden caller and rings for a known one", async () => {
    const r = rig({ anonymousCallRejection: true });
    expect((await offer(r, HIDDEN)).sent).toEqual(["433 Anonymity Disallowed"]);
    expect((await offer(r, BOB)).sent).toEqual(["180"]);
  });

  it("an INVITE with Replaces for our call takes its place at once, without ringing", async () => {
    const r = rig();
    await talkTo(r);
    const replacing = new FakeOfferedCall(BOB);
    replacing.replacing = r.placer.last.signalling;
    r.port.offered(replacing);
    await r.media.settled();
    expect(replacing.sent).toEqual(["180", "200 v=0 answer to v=0 caller"]);
    expect(r.placer.last.hangups).toBe(1);
    expect(r.port.state).toBe(PortState.Talking);
    expect(r.port.heard).toEqual([r.media.opened[1]]);
  });
});

describe("star codes", () => {
  it("*78 turns do-not-disturb on with the confirmation tone, then dial tone (the special one while DND is on)", () => {
    const r = rig();
    r.lift();
    r.dial("*78");
    expect(r.features.current().dnd).toBe(true);
    expect(r.port.state).toBe(PortState.Confirm);
    expect(r.tones.current).toBe("confirmation");
    r.clock.advance(600);
    expect(r.port.state).toBe(PortState.DialTone);
    expect(r.tones.current).toBe("recallDial");
    r.dial("*79");
    r.clock.advance(600);
    expect(r.features.current().dnd).toBe(false);
    expect(r.tones.current).toBe("dial");
    r.hangUp();
    expect(r.clock.activeTimers).toBe(0);
  });

  it("*72 then a number sets forward-all to it; *73 clears it", () => {
    const r = rig();
    r.lift();
    r.dial("*72");
    expect(r.tones.current).toBe("dial");
    r.dial("4000");
    expect(r.features.current().forwardAll).toBe("4000");
    expect(r.tones.current).toBe("confirmation");
    r.clock.advance(600);
    r.dial("*73");
    expect(r.features.current().forwardAll).toBe("");
    expect(r.placer.calls).toEqual([]);
  });

  it("*67 hides caller ID on the call it dials; *30 on every call; *82 shows it on one call", async () => {
    const r = rig();
    const call = async (...steps: string[]): Promise<void> => {
      r.lift();
      for (const step of steps) {
        r.dial(step);
        r.clock.advance(600);
      }
      await r.media.settled();
      r.hangUp();
    };
    await call("*671002");
    await call("1002");
    await call("*30", "1002");
    await call("*821002");
    expect(r.placer.calls.map((c) => c.options.anonymous)).toEqual([true, false, true, false]);
  });

  it("*69 calls the last caller back; *66 dials the last number again", async () => {
    const r = rig();
    const b = await offer(r);
    b.user!.onCancelled();
    r.lift();
    r.dial("*69");
    await r.media.settled();
    expect(r.placer.last.number).toBe("sip:2002@example.com");
    r.hangUp();
    r.lift();
    r.dial("1002");
    await r.media.settled();
    r.hangUp();
    r.lift();
    r.dial("*66");
    await r.media.settled();
    expect(r.placer.calls.map((c) => c.number)).toEqual(["sip:2002@example.com", "1002", "1002"]);
  });

  it("*69 with nobody to call back plays reorder; a hidden caller is not remembered", async () => {
    const r = rig();
    const hidden = await offer(r, HIDDEN);
    hidden.user!.onCancelled();
    r.lift();
    r.dial("*69");
    expect(r.port.state).toBe(PortState.Reorder);
  });

  it("takes star codes with a real dial plan that has no * sequence (the plan refused * and is asked nothing more)", () => {
    const plan = parseDialPlan("(xxxx)");
    if (!plan.ok) throw new Error(JSON.stringify(plan.error));
    const store = memoryFeatures();
    const r = makePort({ features: store, starCodes: new StarCodes(defaultStarCodes()), newCollector: () => new DialPlanMatcher(plan.value) });
    r.lift();
    r.dial("*78");
    expect(store.current().dnd).toBe(true);
    r.clock.advance(600);
    r.dial("*4");
    expect(r.port.state).toBe(PortState.Reorder);
    r.hangUp();
    r.lift();
    r.dial("*7");
    r.clock.advance(15_000);
    expect(r.port.state).toBe(PortState.Reorder);
  });
});
