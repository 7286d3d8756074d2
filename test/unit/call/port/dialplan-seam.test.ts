/**
 * The seam between PortController and src/call/dialplan: the real DialPlanMatcher as the
 * DigitCollector (a fresh one per off-hook), and, checked by the compiler, the real
 * CallMedia, IncomingCall, OutgoingCall, TonePlayer, RingPlayer and ScheduleRunner fitting
 * the port's interfaces through the adapters the agent uses (src/agent/port-adapters.ts).
 * Not covered: the agent's wiring itself (the interop phone tests run it).
 */
import { describe, expect, it } from "vitest";
import { DialPlanMatcher, parseDialPlan } from "../../../../src/call/dialplan/index.js";
import type { CallMedia } from "../../../../src/call/media/index.js";
import {
  PortState, type AlertLine, type CallerIdRunner, type CallSignalling, type OfferedCall, type PortMedia, type RingOutput, type ToneOutput,
} from "../../../../src/call/port/index.js";
import type { CallerIdOutput, ScheduleRunner } from "../../../../src/line/callerid/index.js";
import type { RingPlayer, TonePlayer } from "../../../../src/line/index.js";
import { OfferedSession, SessionSignalling } from "../../../../src/agent/port-adapters.js";
import type { IncomingCall, OutgoingCall } from "../../../../src/sip/session/index.js";
import { makePort } from "./port-harness.js";

/** The adapters src/agent will use; they compile only while the real classes fit. */
export const adapters = {
  media: (media: CallMedia): PortMedia => media,
  placed: (call: OutgoingCall): CallSignalling => new SessionSignalling(call, (n) => `sip:${n}@example.com`),
  offered: (call: IncomingCall): OfferedCall => new OfferedSession(call, (n) => `sip:${n}@example.com`),
  tones: (player: TonePlayer): ToneOutput => player,
  ring: (player: RingPlayer): RingOutput => player,
  callerId: (runner: ScheduleRunner): CallerIdRunner => runner,
  alertLine: (output: CallerIdOutput): AlertLine => output,
};

function matcherFor(map: string): () => DialPlanMatcher {
  const plan = parseDialPlan(map);
  if (!plan.ok) throw new Error(JSON.stringify(plan.error));
  return () => new DialPlanMatcher(plan.value);
}

describe("PortController with the real dial plan matcher", () => {
  it("dials a four-digit number as soon as it is complete", async () => {
    const rig = makePort({ newCollector: matcherFor("(xxxx)") });
    rig.lift();
    rig.dial("1002");
    await rig.media.settled();
    expect(rig.placer.last.number).toBe("1002");
  });

  it("plays reorder for keys no sequence matches, and starts afresh after on-hook", async () => {
    const rig = makePort({ newCollector: matcherFor("(1xxx)") });
    rig.lift();
    rig.dial("5");
    expect(rig.port.state).toBe(PortState.Reorder);
    rig.hangUp();
    rig.lift();
    rig.dial("1234");
    await rig.media.settled();
    expect(rig.placer.last.number).toBe("1234");
  });
});
