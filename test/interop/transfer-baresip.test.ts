/**
 * Transfer with a real third-party transferee: our UA X (1001) talks to baresip B (2000) and
 * REFERs it to our UA Y (1002); baresip's menu module follows the REFER: it calls Y through
 * Kamailio and NOTIFYs X the new call's progress. Checked: X's REFER is accepted and its
 * NOTIFYs end in 200 once Y answered, B's new INVITE reaches Y naming B as caller (no
 * Replaces), baresip reports that call established, and B and Y are left talking after the
 * first call ends. Signalling only.
 * Not covered: attended transfer with baresip as transferee: baresip-core 1.0.0 (Debian's)
 * does not turn a Refer-To's ?Replaces= into a Replaces header (it puts the whole Refer-To
 * URI, header part and all, into the To of its INVITE), so the INVITE cannot replace
 * anything; transfer.test.ts covers Replaces with SIPp. TCP/TLS.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReferOutcome } from "../../src/sip/session/index.js";
import { startBaresip, startKamailio, stopAllPeers, type BaresipHandle, type KamailioHandle } from "./peers/index.js";
import { startAgent, waitForRegistration, type StartedAgent } from "./support/agent.js";
import { RecordingUser, sdp } from "./support/calls.js";
import { writeToneWav } from "./support/media-wav.js";

const X = { user: "1001", password: "pw-1001" };
const Y = { user: "1002", password: "pw-1002" };
const B = { user: "2000", password: "pw-2000" };
let dir: string;
let kamailio: KamailioHandle;
let baresip: BaresipHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dialtone-transfer-"));
  const wav = join(dir, "b.wav");
  await writeToneWav(wav, { toneMs: 20_000, tone: [{ frequencyHz: 1000, levelDbm0: -10 }] });
  kamailio = await startKamailio({ users: [X, Y, B] });
  baresip = await startBaresip({ ...B, registrar: { port: kamailio.udpPort }, audioSourcePath: wav, record: false });
});

afterAll(async () => {
  await stopAllPeers();
  await rm(dir, { recursive: true, force: true });
});

async function agentFor(account: { user: string; password: string }): Promise<StartedAgent> {
  const agent = await startAgent({ accounts: [{ ...account, registrarPort: kamailio.udpPort }] });
  await waitForRegistration(agent.ua.accounts[0]!, "registered");
  return agent;
}

describe("transfer with baresip as transferee", () => {
  it("B follows our REFER to Y and NOTIFYs us until Y answered (200)", async () => {
    const x = await agentFor(X);
    const y = await agentFor(Y);
    try {
      const xAccount = x.ua.accounts[0]!;
      const toB = new RecordingUser();
      const callB = xAccount.call(xAccount.targetFor(B.user), sdp(40200), toB);
      await toB.when("answered");

      const fromB = y.nextIncoming();
      const referredAt = performance.now();
      const events: string[] = [];
      const outcome = new Promise<ReferOutcome>((resolve) => {
        const sent = callB.refer(`sip:${Y.user}@127.0.0.1:${kamailio.udpPort}`, {
          onAccepted: () => events.push("accepted"),
          onProgress: (status) => events.push(`progress ${status}`),
          onDone: resolve,
        });
        expect(sent).toBe(true);
      });
      const atY = await fromB;
      expect(atY.call.from.uri.user).toBe(B.user);
      expect(atY.call.replaces).toBeUndefined();
      atY.call.ringing();
      atY.call.accept(sdp(40230));
      await atY.user.when("confirmed");
      expect(await outcome).toEqual({ status: 200, reason: "OK" });
      expect(events[0]).toBe("accepted");

      if (!toB.events.some((e) => e.startsWith("ended"))) callB.hangup();
      await toB.when("ended");
      await baresip.waitForEvent("CALL_ESTABLISHED", 10_000, referredAt);
      expect(atY.call.state).toBe("established");
      atY.call.hangup();
      await atY.user.when("ended");
    } finally {
      await Promise.all([x.stop(), y.stop()]);
    }
  });
});
