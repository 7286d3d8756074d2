/**
 * MediaSession receiving from a scripted peer (a bare UDP socket writing RTP by hand),
 * for what two of our own sessions never send: comfort noise (RFC 3389) after speech
 * plays as noise at the CN packet's level until speech returns, where silence without
 * CN plays as silence; packets of a payload type that was not negotiated are
 * dropped by the receive-side validation and never played. Not covered: CN spectral
 * shape (test/unit/media/codec/comfort-noise.test.ts).
 */
import { createSocket, type Socket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { dominantFrequency, rmsDbov, ToneGenerator } from "../../../../src/dsp/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { encodeUlaw, type MediaSession, RtpSender, serializeComfortNoise, serializeRtp } from "../../../../src/media/index.js";
import { lastHeard, negotiate, openSession, until } from "./harness.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Peer {
  clock: FakeClock;
  session: MediaSession;
  heard: Int16Array[];
  /** One 20 ms step: the peer sends `payload` (or nothing), time moves, the session plays a frame. */
  step(packet?: { payloadType: number; payload: Uint8Array; marker?: boolean }): Promise<void>;
  /** Advances the peer's media clock by a frame without sending. */
  skip(): void;
}

async function scriptedPeer(): Promise<Peer> {
  const clock = new FakeClock();
  const session = await openSession(clock);
  const socket: Socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  cleanups.push(() => session.close());
  cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
  const peerMedia = { address: "127.0.0.1", port: socket.address().port, codecs: [{ name: "PCMU", payloadType: 0, clockRate: 8000 }] };
  session.start(negotiate(session.localMedia(), peerMedia).forA);
  const sender = new RtpSender({ clock, payloadType: 0 });
  const heard: Int16Array[] = [];
  let sent = 0;
  return {
    clock,
    session,
    heard,
    skip: () => sender.skip(),
    async step(packet) {
      if (packet) {
        const rtp = packet.payloadType === 0 && !packet.marker
          ? sender.sendAudio(packet.payload)
          : sender.send({ payloadType: packet.payloadType, timestamp: sender.nextTimestamp, marker: packet.marker ?? false, payload: packet.payload });
        if (packet.payloadType !== 0 || packet.marker) sender.skip();
        socket.send(serializeRtp(rtp), session.localPort, "127.0.0.1");
        sent++;
        await until(() => session.stats().datagramsReceived === sent, () => `datagram ${sent} at the session`);
      }
      clock.advance(20);
      heard.push(session.pull());
    },
  };
}

function toneFrame(tone: ToneGenerator): Uint8Array {
  const codes = new Uint8Array(160);
  encodeUlaw(tone.next(160), codes);
  return codes;
}

describe("MediaSession with a scripted peer", () => {
  it("plays comfort noise at the CN level while the peer is silent, then speech again", async () => {
    const peer = await scriptedPeer();
    const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
    for (let i = 0; i < 25; i++) await peer.step({ payloadType: 0, payload: toneFrame(tone) });
    await peer.step({ payloadType: 13, payload: serializeComfortNoise({ levelDbov: -40, reflectionCoefficients: [] }) });
    for (let i = 0; i < 40; i++) {
      peer.skip();
      await peer.step();
    }
    const noise = lastHeard(peer.heard, 600);
    expect(rmsDbov(noise)).toBeCloseTo(-40, 0);
    expect(peer.session.stats().concealedFrames).toBe(0);
    // Speech returns with the marker bit: the tone again.
    await peer.step({ payloadType: 0, payload: toneFrame(tone), marker: true });
    for (let i = 0; i < 20; i++) await peer.step({ payloadType: 0, payload: toneFrame(tone) });
    expect(dominantFrequency(lastHeard(peer.heard, 200))).toBeCloseTo(1000, -0.5);
  });

  it("plays silence when the peer stops without CN", async () => {
    const peer = await scriptedPeer();
    const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
    for (let i = 0; i < 25; i++) await peer.step({ payloadType: 0, payload: toneFrame(tone) });
    for (let i = 0; i < 40; i++) await peer.step();
    expect(lastHeard(peer.heard, 400).every((s) => s === 0)).toBe(true);
  });

  it("drops packets of a payload type that was not negotiated", async () => {
    const peer = await scriptedPeer();
    const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
    for (let i = 0; i < 25; i++) await peer.step({ payloadType: 18, payload: toneFrame(tone) });
    expect(peer.session.stats().packetsReceived).toBe(0);
    expect(peer.heard.every((f) => f.every((s) => s === 0))).toBe(true);
  });
});
