/**
 * RtcpReporter between two endpoints on fake clocks whose wall clocks differ by
 * three hours (RFC 3550 §6.4): A sends audio and an SR; B, which only listens,
 * answers with an RR whose block echoes A's SR (LSR) and the time B held it
 * (DLSR); A works out the round-trip time by hand-checkable arithmetic, in
 * spite of the clock offset. Also: SR versus RR by "sent since the report
 * before last", SDES CNAME in every compound, the compound surviving the wire,
 * BYE making the peer forget the source, and the NTP helpers against known
 * values. Not covered: when reports are sent (rtcp-scheduler.test.ts).
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../src/util/clock.js";
import {
  ntpFromUnixMs,
  ntpMiddle32,
  parseRtcp,
  RtcpReporter,
  RtpReceiver,
  RtpSender,
  serializeRtcp,
  type RtcpPacket,
} from "../../../../src/media/rtp/index.js";

function endpoint(clock: FakeClock, cname: string) {
  const sender = new RtpSender({ clock, payloadType: 0 });
  const receiver = new RtpReceiver({ payloadTypes: [0] });
  const reporter = new RtcpReporter({ clock, sender, receiver, cname });
  return { clock, sender, receiver, reporter };
}

type Endpoint = ReturnType<typeof endpoint>;

/** Both clocks move together; the wire takes `ms` each way. */
function advance(ms: number, ...clocks: FakeClock[]): void {
  for (const clock of clocks) clock.advance(ms);
}

/** Through bytes, as on the network. */
function wire(packets: RtcpPacket[]): RtcpPacket[] {
  const parsed = parseRtcp(serializeRtcp(packets));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function sendAudio(from: Endpoint, to: Endpoint, frames: number): void {
  for (let i = 0; i < frames; i++) {
    const packet = from.sender.sendAudio(new Uint8Array(160));
    to.receiver.receive(packet, to.clock.now());
    advance(20, from.clock, to.clock);
  }
}

describe("RtcpReporter", () => {
  it("measures the round trip from LSR and DLSR across clocks that disagree", () => {
    const a = endpoint(new FakeClock(Date.UTC(2026, 0, 1, 12)), "a@dialtone");
    const b = endpoint(new FakeClock(Date.UTC(2026, 0, 1, 15)), "b@far");
    sendAudio(a, b, 50); // t = 1000 ms after this

    const sr = a.reporter.report(); // at t = 1000
    expect(sr.map((p) => p.type)).toEqual(["sr", "sdes"]);
    advance(30, a.clock, b.clock); // one-way delay 30 ms
    b.reporter.receive(wire(sr));

    advance(500, a.clock, b.clock); // B holds the SR for 500 ms
    const rr = b.reporter.report();
    expect(rr[0]).toMatchObject({ type: "rr", reports: [{ ssrc: a.sender.ssrc, cumulativeLost: 0, delaySinceLastSr: 32_768 }] });
    advance(30, a.clock, b.clock);

    const news = a.reporter.receive(wire(rr));
    // A − LSR − DLSR = (1560 − 1000) − 500 = 60 ms, to 1/65536 s.
    expect(news.roundTripMs).toBeCloseTo(60, 1);
    expect(a.reporter.roundTripMs).toBeCloseTo(60, 1);
    expect(news.cname).toBe("b@far");
    expect(a.reporter.peerCname).toBe("b@far");
  });

  it("reports no round trip before the peer has seen an SR from us", () => {
    const a = endpoint(new FakeClock(), "a");
    const b = endpoint(new FakeClock(), "b");
    sendAudio(a, b, 3);
    const news = a.reporter.receive(wire(b.reporter.report()));
    expect(news.roundTripMs).toBeUndefined();
  });

  it("sends an SR while it sent media since the report before last, then falls back to RR", () => {
    const a = endpoint(new FakeClock(), "a");
    const b = endpoint(new FakeClock(), "b");
    expect(a.reporter.report()[0]!.type).toBe("rr");
    sendAudio(a, b, 5);
    const first = a.reporter.report();
    expect(first[0]).toMatchObject({ type: "sr", sender: { packetCount: 5, octetCount: 800 } });
    expect(a.reporter.report()[0]!.type).toBe("sr");
    expect(a.reporter.report()[0]!.type).toBe("rr");
  });

  it("puts the SR's RTP timestamp and NTP time at the same instant", () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const a = endpoint(clock, "a");
    const b = endpoint(new FakeClock(), "b");
    const firstTimestamp = a.sender.nextTimestamp;
    sendAudio(a, b, 1); // timestamp T at t = 0, clock now 20
    clock.advance(5);
    const [sr] = a.reporter.report();
    if (sr!.type !== "sr") throw new Error("expected SR");
    expect(sr.sender.rtpTimestamp).toBe((firstTimestamp + 200) >>> 0); // 25 ms at 8 kHz
    expect(sr.sender.ntp).toEqual(ntpFromUnixMs(Date.UTC(2026, 0, 1) + 25));
  });

  it("ends the last compound with BYE, and the peer forgets the source", () => {
    const a = endpoint(new FakeClock(), "a");
    const b = endpoint(new FakeClock(), "b");
    sendAudio(a, b, 5);
    expect(b.receiver.ssrc).toBe(a.sender.ssrc);
    const bye = a.reporter.bye("hang-up");
    expect(bye.map((p) => p.type)).toEqual(["sr", "sdes", "bye"]);
    const news = b.reporter.receive(wire(bye));
    expect(news.bye).toEqual({ ssrcs: [a.sender.ssrc], reason: "hang-up" });
    expect(b.receiver.ssrc).toBeUndefined();
  });
});

describe("NTP helpers", () => {
  it("converts Unix time to NTP seconds since 1900 and a binary fraction", () => {
    expect(ntpFromUnixMs(0)).toEqual({ seconds: 2_208_988_800, fraction: 0 });
    expect(ntpFromUnixMs(1500)).toEqual({ seconds: 2_208_988_801, fraction: 0x8000_0000 });
    expect(ntpFromUnixMs(Date.UTC(2036, 1, 7, 6, 28, 16))).toEqual({ seconds: 0, fraction: 0 }); // NTP era 1 begins
  });

  it("takes the middle 32 bits", () => {
    expect(ntpMiddle32({ seconds: 0xaabb_ccdd, fraction: 0xeeff_0011 })).toBe(0xccdd_eeff);
  });
});
