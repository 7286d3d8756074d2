/**
 * RtpReceiver: one stream as the media session sees it. Payload types that
 * were not negotiated are dropped; the first packet of a new SSRC is held on
 * probation and handed out with the packet that validates it; a second SSRC
 * takes over only once validated (and a stray packet of the old one does not
 * flip it back); a confirmed sequence restart and a timestamp jump are
 * flagged; telephone-event packets (one timestamp for many packets) stay out
 * of the jitter estimate; BYE forgets the source; report blocks appear once a
 * source is validated. Sequence arithmetic itself is in rtp-source.test.ts.
 */
import { describe, expect, it } from "vitest";
import { RtpReceiver, type ReceiveResult, type RtpPacket } from "../../../../src/media/rtp/index.js";

function rtp(ssrc: number, sequenceNumber: number, timestamp: number, payloadType = 0): RtpPacket {
  return { marker: false, payloadType, sequenceNumber, timestamp, ssrc, csrcs: [], extension: undefined, payload: new Uint8Array(160), paddingLength: 0 };
}

const A = 0xaaaa0001;
const B = 0xbbbb0002;

function receiver(): RtpReceiver {
  return new RtpReceiver({ payloadTypes: [0, 101], eventPayloadTypes: [101] });
}

/** Sends n packets of a 20 ms stream arriving on time; returns the results. */
function stream(rx: RtpReceiver, ssrc: number, firstSeq: number, n: number, startMs = 0): ReceiveResult[] {
  return Array.from({ length: n }, (_, i) => rx.receive(rtp(ssrc, (firstSeq + i) & 0xffff, 1000 + 160 * (firstSeq + i)), startMs + 20 * i));
}

function sequences(result: ReceiveResult): number[] {
  return result.kind === "accepted" ? result.packets.map((p) => p.packet.sequenceNumber) : [];
}

describe("RtpReceiver", () => {
  it("holds the first packet on probation and hands it out with the one that validates the source", () => {
    const rx = receiver();
    const [first, second, third] = stream(rx, A, 100, 3);
    expect(first).toEqual({ kind: "dropped", reason: "probation" });
    expect(second).toMatchObject({ kind: "accepted", sourceChanged: true });
    expect(sequences(second!)).toEqual([100, 101]);
    expect(third).toMatchObject({ kind: "accepted", sourceChanged: false });
    expect(sequences(third!)).toEqual([102]);
    expect(rx.ssrc).toBe(A);
  });

  it("drops payload types that were not negotiated, before any other check", () => {
    const rx = receiver();
    stream(rx, A, 1, 3);
    expect(rx.receive(rtp(A, 4, 1640, 96), 60)).toEqual({ kind: "dropped", reason: "payload-type" });
    expect(rx.stats().droppedPayloadType).toBe(1);
    expect(rx.stats().source?.received).toBe(2);
  });

  it("switches to a new SSRC only once it is validated", () => {
    const rx = receiver();
    stream(rx, A, 1, 5);
    expect(rx.receive(rtp(B, 7000, 50_000), 100)).toEqual({ kind: "dropped", reason: "probation" });
    expect(rx.ssrc).toBe(A);
    expect(rx.receive(rtp(A, 6, 1960), 101)).toMatchObject({ kind: "accepted", sourceChanged: false });
    const switched = rx.receive(rtp(B, 7001, 50_160), 120);
    expect(switched).toMatchObject({ kind: "accepted", sourceChanged: true });
    expect(sequences(switched)).toEqual([7000, 7001]);
    expect(rx.ssrc).toBe(B);
    expect(rx.stats()).toMatchObject({ sourceChanges: 2, source: { ssrc: B, received: 1 } });
    // A late packet of the old source does not flip the stream back.
    expect(rx.receive(rtp(A, 7, 2120), 121)).toEqual({ kind: "dropped", reason: "probation" });
    expect(rx.ssrc).toBe(B);
  });

  it("restarts probation for a new SSRC whose packets are not in sequence", () => {
    const rx = receiver();
    expect(rx.receive(rtp(B, 10, 0), 0).kind).toBe("dropped");
    expect(rx.receive(rtp(B, 12, 320), 40).kind).toBe("dropped");
    const ok = rx.receive(rtp(B, 13, 480), 60);
    expect(sequences(ok)).toEqual([12, 13]);
  });

  it("flags a confirmed sequence restart and keeps playing", () => {
    const rx = receiver();
    stream(rx, A, 1, 4);
    expect(rx.receive(rtp(A, 30_000, 2000), 80)).toEqual({ kind: "dropped", reason: "bad-sequence" });
    expect(rx.receive(rtp(A, 30_001, 2160), 100)).toMatchObject({ kind: "accepted", restarted: true });
    expect(rx.receive(rtp(A, 30_001, 2160), 101)).toEqual({ kind: "dropped", reason: "duplicate" });
  });

  it("flags a timestamp jump in an otherwise continuous stream", () => {
    const rx = receiver();
    stream(rx, A, 1, 3);
    expect(rx.receive(rtp(A, 4, 9_000_000), 60)).toMatchObject({ kind: "accepted", timestampJump: true });
    expect(rx.receive(rtp(A, 5, 9_000_160), 80)).toMatchObject({ kind: "accepted", timestampJump: false });
    expect(rx.stats().source).toMatchObject({ timestampJumps: 1, jitter: 0 });
  });

  it("keeps telephone-event packets, which repeat one timestamp, out of the jitter estimate", () => {
    const rx = receiver();
    stream(rx, A, 1, 3);
    for (let i = 0; i < 10; i++) {
      const result = rx.receive(rtp(A, 4 + i, 1000 + 160 * 4, 101), 60 + 20 * i);
      expect(result).toMatchObject({ kind: "accepted", timestampJump: false });
    }
    expect(rx.stats().source).toMatchObject({ jitter: 0, received: 12 });
  });

  it("reports on the current source only, and forgets it on BYE", () => {
    const rx = receiver();
    expect(rx.reportBlocks(0)).toEqual([]);
    stream(rx, A, 1, 5);
    expect(rx.reportBlocks(100)).toMatchObject([{ ssrc: A, highestSequence: 5, cumulativeLost: 0 }]);
    rx.forget(A);
    expect(rx.ssrc).toBeUndefined();
    expect(rx.reportBlocks(200)).toEqual([]);
  });

  it("forgets the oldest of many SSRCs on probation", () => {
    const rx = new RtpReceiver({ payloadTypes: [0], maxCandidates: 2 });
    rx.receive(rtp(1, 10, 0), 0);
    rx.receive(rtp(2, 10, 0), 0);
    rx.receive(rtp(3, 10, 0), 0);
    // SSRC 1 was evicted: its next packet starts probation again instead of validating.
    expect(rx.receive(rtp(1, 11, 160), 20).kind).toBe("dropped");
    expect(rx.receive(rtp(3, 11, 160), 20).kind).toBe("accepted");
  });
});
