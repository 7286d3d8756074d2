/**
 * CallMedia against SIPp (uas-answer-info-dtmf.xml): our user agent calls SIPp with
 * CallMedia's offer, takes its answer, and sends a digit by the account's "info" method;
 * SIPp checks the INFO on the wire (Content-Type application/dtmf-relay, body
 * Signal=5 / Duration=160) and sends its own dtmf-relay INFO, which must be reported
 * once through onDigit (answered 200); SIPp hangs up. Not covered: audio (SIPp
 * plays none here), RFC 4733 and in-band (test/unit/call/media, test/interop/media*.test.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { CallMedia } from "../../src/call/media/index.js";
import { RealClock } from "../../src/util/clock.js";
import { silentLogs } from "../../src/util/log.js";
import { startSipp, stopAllPeers } from "./peers/index.js";
import { settings, Station, until } from "../support/loopback-phone.js";

afterAll(async () => {
  await stopAllPeers();
});

describe("CallMedia with SIPp", () => {
  it("sends and receives application/dtmf-relay INFO as the account's DTMF method", async () => {
    const sipp = await startSipp({ scenario: "uas-answer-info-dtmf.xml", timeoutSec: 20 });
    await sipp.ready();
    const station = new Station("1001", sipp.port);
    await station.start();
    try {
      const media = await CallMedia.open({ clock: new RealClock(), logs: silentLogs, bindAddress: "127.0.0.1", settings: settings({ dtmfMethod: "info" }) });
      const { phone } = await station.call("2000", media, 600);
      await until(() => phone.events.includes("answered"), "SIPp answers");
      expect(await media.sendDigit("5", 160)).toEqual({ ok: true, value: "info" });
      await until(() => phone.events.includes("ended remote"), "SIPp's BYE");
      expect(phone.digits).toEqual([{ digit: "9", durationMs: 250 }]);
      expect(phone.infoStatuses).toEqual([200]);

      const result = await sipp.done;
      expect(result.errors).toBe("");
      expect(result.ok).toBe(true);
      const info = result.messages.find((m) => m.direction === "received" && m.firstLine.startsWith("INFO "));
      expect(info?.text).toMatch(/^Content-Type: application\/dtmf-relay\r?$/m);
      // SIPp's trace is trimmed and may drop the CRs: Content-Length 24 proves the CRLF endings.
      expect(info?.text).toMatch(/\r?\n\r?\nSignal=5\r?\nDuration=160$/);
      expect(info?.text).toMatch(/^Content-Length: 24\r?$/m);
    } catch (e) {
      const result = await sipp.stop();
      console.log(`SIPp: ${result.errors}\n${result.messages.map((m) => `${m.direction} ${m.firstLine}`).join("\n")}`);
      throw e;
    } finally {
      await sipp.stop();
      await station.stop();
    }
  });
});
