/**
 * Our side of a media interop call: a real MediaSession on loopback, paced by a FramePump on
 * the real clock, speaking silence then a steady tone and keeping what it hears with the
 * time each frame was pulled. Its RTP always goes through an ImpairmentRelay (unimpaired
 * unless asked), which doubles as the tap that timestamps packets on the wire:
 *
 *   MediaSession ◀──▶ relay.localFacing │ relay.peerFacing ◀──▶ far phone
 *
 * Our SDP gives the far phone the relay's address; the session is started with the far
 * phone's negotiated stream pointed at the relay instead. SIP is the caller's business:
 * offer()/accept() for calls we place, answer() for calls we take. With an SRTP policy the
 * SDP carries SDES keys (RFC 4568) and the session is started with the negotiated protector.
 */
import { ToneGenerator, type ToneComponent } from "../../../src/dsp/index.js";
import type { NetworkProfile } from "../../../src/media/jitter/testing/network-sim.js";
import {
  FramePump, MediaSession, SdpSession, type MediaOptions, type NegotiatedAudio, type PacketProtector, type SessionJitterOptions,
  type SrtpPolicy,
} from "../../../src/media/index.js";
import { createSdesProtector, SdesNegotiator } from "../../../src/media/srtp/index.js";
import { RealClock, type Clock } from "../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../src/util/log.js";
import { ImpairmentRelay, type RelayEvent } from "./relay.js";

const FRAME_SAMPLES = 160;
/** Frames kept of what we heard and said: 2 minutes. */
const MAX_FRAMES = 6000;
const MAX_WIRE_EVENTS = 20_000;

export interface TimedFrame {
  /** clock.now() when the pump pulled (heard) or sent (said) the frame. */
  atMs: number;
  frame: Int16Array;
}

export interface OurPhoneOptions {
  /** What we say after `silenceMs` of silence. */
  tone: ToneComponent;
  silenceMs: number;
  impairment?: { toLocal?: NetworkProfile; toPeer?: NetworkProfile };
  jitter?: SessionJitterOptions;
  /** SDES-keyed SRTP (RFC 4568) policy for our offer or answer; default "off". */
  srtp?: SrtpPolicy;
  clock?: Clock;
}

export class OurPhone {
  readonly heard: TimedFrame[] = [];
  readonly said: TimedFrame[] = [];
  /** RTP as it reached the relay from either side ("in" events), in arrival order. */
  readonly wire: RelayEvent[] = [];
  readonly logSink: MemorySink;
  private readonly sdp = new SdpSession({ username: "dialtone" });
  private readonly pump: FramePump;
  private readonly keying: SdesNegotiator | undefined;
  private readonly stopObserving: () => void;
  private framesSaid = 0;
  private started = false;

  private constructor(
    readonly session: MediaSession,
    readonly relay: ImpairmentRelay,
    readonly clock: Clock,
    sink: MemorySink,
    options: OurPhoneOptions,
  ) {
    this.logSink = sink;
    const policy = options.srtp ?? "off";
    this.keying = policy === "off" ? undefined : new SdesNegotiator({ policy });
    const silentFrames = Math.round(options.silenceMs / 20);
    const tone = new ToneGenerator([options.tone]);
    this.pump = new FramePump({
      clock,
      session,
      source: () => {
        const frame = this.framesSaid++ < silentFrames ? new Int16Array(FRAME_SAMPLES) : tone.next(FRAME_SAMPLES);
        keep(this.said, { atMs: clock.now(), frame });
        return frame;
      },
      sink: (frame) => keep(this.heard, { atMs: clock.now(), frame }),
    });
    this.stopObserving = relay.observe((event) => {
      if (event.stage === "in" && event.channel === "rtp" && this.wire.length < MAX_WIRE_EVENTS) this.wire.push(event);
    });
    relay.connect({ local: { host: "127.0.0.1", rtpPort: session.localPort, rtcpPort: session.localPort + 1 } });
  }

  static async open(options: OurPhoneOptions): Promise<OurPhone> {
    const clock = options.clock ?? new RealClock();
    const sink = new MemorySink();
    const session = await MediaSession.open({
      clock, logs: new Logs(sink.sink, "info"), bindAddress: "127.0.0.1", codecs: ["PCMU"], ...(options.jitter ? { jitter: options.jitter } : {}),
    });
    const relay = await ImpairmentRelay.open({ clock, ...(options.impairment ?? {}) }).catch(async (error: unknown) => {
      await session.close();
      throw error;
    });
    return new OurPhone(session, relay, clock, sink, options);
  }

  /** Our offer for a call we place (the far phone is pointed at the relay). */
  offer(): string {
    return this.sdp.createOffer(this.media());
  }

  /** Applies the far phone's answer to offer() and starts media. */
  accept(answer: string): NegotiatedAudio {
    const negotiated = this.sdp.applyAnswer(answer);
    if (!negotiated.ok) throw new Error(`the far phone's answer did not fit our offer: ${negotiated.error.reason}: ${negotiated.error.detail}`);
    this.begin(negotiated.value);
    return negotiated.value;
  }

  /** Our answer to the far phone's offer; media starts at once. */
  answer(offer: string): { sdp: string; negotiated: NegotiatedAudio } {
    const answered = this.sdp.createAnswer(offer, this.media());
    if (!answered.ok) throw new Error(`cannot answer the far phone's offer: ${answered.error.reason}: ${answered.error.detail}`);
    this.begin(answered.value.negotiated);
    return answered.value;
  }

  async close(): Promise<void> {
    this.pump.stop();
    this.stopObserving();
    await this.session.close();
    await this.relay.close();
  }

  private media(): MediaOptions {
    const media = { ...this.session.localMedia(), address: "127.0.0.1", port: this.relay.peerFacing.rtpPort };
    return this.keying === undefined ? media : { ...media, srtp: this.keying };
  }

  private begin(negotiated: NegotiatedAudio): void {
    if (this.started) throw new Error("our phone already started media");
    this.started = true;
    this.relay.connect({ peer: { host: negotiated.remoteAddress, rtpPort: negotiated.remotePort, rtcpPort: negotiated.remoteRtcpPort } });
    const viaRelay = this.relay.localFacing;
    this.session.start({ ...negotiated, remoteAddress: viaRelay.host, remotePort: viaRelay.rtpPort, remoteRtcpPort: viaRelay.rtcpPort }, this.protector(negotiated));
    this.pump.start();
  }

  private protector(negotiated: NegotiatedAudio): PacketProtector | undefined {
    if (negotiated.srtp === undefined) return undefined;
    const made = createSdesProtector(negotiated.srtp.local, negotiated.srtp.remote);
    if (!made.ok) throw new Error(`SRTP keys from the offer/answer are unusable: ${made.error}`);
    return made.value;
  }
}

function keep(list: TimedFrame[], frame: TimedFrame): void {
  if (list.length >= MAX_FRAMES) list.shift();
  list.push(frame);
}
