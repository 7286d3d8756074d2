/**
 * One audio stream of one call, independent of hardware: 16-bit PCM frames at 8 kHz
 * in (send, from the capture clock) and out (pull, for the playback clock), RTP and
 * RTCP on a pair of UDP sockets in between.
 *
 *   open() ─▶ Opened ─start(negotiated)─▶ Started ─update(re-offer)─▶ Started
 *                └──────────────────── close() ──────────────────────▶ Closed
 *
 * Sending: OutboundAudio packetizes at the negotiated ptime; RFC 4733 digits go
 * through TelephoneEventSender on the same SSRC and sequence space, in-band digits
 * replace the microphone audio. Receiving: RtpReceiver validates (RFC 3550 §A.1),
 * SymmetricLatch follows the peer's source address (RFC 4961), events go to
 * TelephoneEventReceiver, audio to InboundAudio. RTCP SR/RR go out on the
 * RtcpScheduler's interval (RFC 3550 §6.3) and BYE on close (§6.6). A PacketProtector
 * (SRTP) wraps every datagram when given.
 */
import type { Logger } from "../../util/log.js";
import { err, type Result } from "../../util/result.js";
import { type AudioCodec, COMFORT_NOISE_PAYLOAD_TYPE, type G711Name } from "../codec/index.js";
import { GainControl } from "../mixer/index.js";
import { TelephoneEventReceiver } from "../events/index.js";
import { cryptoRandom, type MediaEndpoint, parseRtp, RtpReceiver, RtpSender, serializeRtp, SymmetricLatch, type RtpPacket } from "../rtp/index.js";
import type { MediaOptions, NegotiatedAudio } from "../sdp/index.js";
import { DigitSender } from "./digit-sender.js";
import { InboundAudio } from "./inbound-audio.js";
import { advertisableAddress, CODECS, codecNamed, isNullAddress, localMediaOptions } from "./local-media.js";
import type { DigitMethod, MediaSessionOptions, MediaSessionStats, ReceivedDigit, SendDigitOptions, SessionGain } from "./media-session-options.js";
import { OutboundAudio } from "./outbound-audio.js";
import type { PacketProtector } from "./packet-protector.js";
import { RtcpChannel } from "./rtcp-channel.js";
import { DEFAULT_PORT_RANGE, RtpSocketPair } from "./rtp-socket-pair.js";

const MIN_PTIME_MS = 10;
const MAX_PTIME_MS = 60;

interface Route {
  negotiated: NegotiatedAudio;
  protector: PacketProtector | undefined;
  canSend: boolean;
  canReceive: boolean;
  rtpLatch: SymmetricLatch;
  rtcpLatch: SymmetricLatch;
}

export class MediaSession {
  readonly localAddress: string;
  readonly localPort: number;
  private readonly log: Logger;
  private readonly codecs: readonly G711Name[];
  private readonly sender: RtpSender;
  private readonly receiver: RtpReceiver;
  private readonly rtcp: RtcpChannel;
  private readonly digits: DigitSender;
  private readonly outbound: OutboundAudio;
  private readonly inbound: InboundAudio;
  private readonly eventReceiver: TelephoneEventReceiver;
  private readonly sendGain: GainControl;
  private readonly receiveGain: GainControl;
  private route: Route | undefined;
  private closing: Promise<void> | undefined;
  private readonly digitListeners = new Set<(digit: ReceivedDigit) => void>();
  private readonly byeListeners = new Set<(reason: string | undefined) => void>();
  private readonly counts = { packetsReceived: 0, octetsReceived: 0, datagramsReceived: 0, datagramsDropped: 0 };

  /** Binds the RTP/RTCP port pair; the session sends nothing until start(). */
  static async open(options: MediaSessionOptions): Promise<MediaSession> {
    if (options.codecs?.length === 0) throw new RangeError("media session: the codec list is empty");
    let session: MediaSession | undefined;
    const logger = options.logs.get("media.session", options.id);
    const sockets = await RtpSocketPair.bind({
      bindAddress: options.bindAddress,
      portRange: options.portRange ?? DEFAULT_PORT_RANGE,
      random: options.random ?? cryptoRandom,
      logger,
      onRtp: (data, from) => session?.onRtp(data, from),
      onRtcp: (data, from) => session?.onRtcp(data, from),
    });
    session = new MediaSession(options, sockets);
    return session;
  }

  private constructor(private readonly options: MediaSessionOptions, private readonly sockets: RtpSocketPair) {
    const { clock } = options;
    const random = options.random ?? cryptoRandom;
    this.localPort = sockets.rtpPort;
    this.localAddress = options.advertisedAddress ?? advertisableAddress(options.bindAddress);
    this.log = options.logs.get("media.session", options.id ?? String(this.localPort));
    this.codecs = options.codecs ?? ["PCMU", "PCMA"];
    this.sender = new RtpSender({ clock, payloadType: CODECS[this.codecs[0]!].payloadType, ptimeMs: options.ptimeMs ?? 20, random });
    this.receiver = new RtpReceiver({ payloadTypes: [], logger: this.log });
    this.rtcp = new RtcpChannel({
      clock,
      random,
      logger: this.log,
      sender: this.sender,
      receiver: this.receiver,
      cname: options.cname ?? `${random.uint32().toString(16).padStart(8, "0")}@dialtone`,
      sending: () => this.route?.canSend ?? false,
      transmit: (compound, sent) => this.transmitRtcp(compound, sent),
    });
    this.sendGain = new GainControl(options.gain?.sendDb ?? 0);
    this.receiveGain = new GainControl(options.gain?.receiveDb ?? 0);
    this.digits = new DigitSender({
      clock,
      logger: this.log,
      timestampNow: () => this.sender.nextTimestamp,
      transmit: (fields) => {
        if (this.route?.canSend) this.transmit(this.sender.send(fields));
      },
      ...(options.inbandDtmf ? { inband: options.inbandDtmf } : {}),
    });
    this.outbound = new OutboundAudio({
      sender: this.sender,
      transmit: (packet) => this.transmit(packet),
      inband: this.digits.inband,
      replacedByEvent: (timestamp) => this.digits.replacedByEvent(timestamp),
    });
    this.inbound = new InboundAudio({ initialPacketMs: options.ptimeMs ?? 20, jitter: options.jitter ?? {}, logger: this.log });
    this.eventReceiver = new TelephoneEventReceiver({
      clock,
      logger: this.log,
      listener: {
        onEvent: (event) => {
          if (event.name === undefined) return;
          for (const listener of this.digitListeners) listener({ digit: event.name, durationMs: event.durationMs });
        },
      },
    });
    this.log.info(`opened on ${options.bindAddress}:${this.localPort} (RTCP ${this.localPort + 1})`);
  }

  /** What to put in createOffer/createAnswer (add direction and crypto as needed). */
  localMedia(): MediaOptions {
    return localMediaOptions({
      address: this.localAddress,
      port: this.localPort,
      codecs: this.codecs,
      telephoneEventPayloadType: this.options.telephoneEventPayloadType ?? 101,
      ptimeMs: this.options.ptimeMs ?? 20,
    });
  }

  /** Starts media with the outcome of the offer/answer; RTCP reports begin. */
  start(negotiated: NegotiatedAudio, protector?: PacketProtector): void {
    if (this.closing) throw new Error("media session: start after close");
    if (this.route) throw new Error("media session: already started (use update for a re-offer)");
    this.configure(negotiated, protector);
    this.rtcp.start();
  }

  /** A re-offer: new port, codec, ptime, direction or keys. SSRC, sequence and timestamps carry on. */
  update(negotiated: NegotiatedAudio, protector?: PacketProtector): void {
    if (this.closing) throw new Error("media session: update after close");
    if (!this.route) throw new Error("media session: update before start");
    this.configure(negotiated, protector);
  }

  /** One frame of microphone audio (normally 20 ms). Ignored before start and after close. */
  send(frame: Int16Array): void {
    if (!this.route || this.closing) return;
    this.outbound.push(this.sendGain.isUnity ? frame : this.sendGain.process(frame));
  }

  /** The next 20 ms for the earpiece: jitter-buffered, concealed, comfort noise; silence when nothing plays. */
  pull(): Int16Array {
    const frame = this.inbound.pull(this.options.clock.now());
    return this.receiveGain.isUnity ? frame : this.receiveGain.process(frame, frame);
  }

  /** Changes the send or receive gain; the change ramps over one frame. */
  setGain(gain: SessionGain): void {
    if (gain.sendDb !== undefined) this.sendGain.setGainDb(gain.sendDb);
    if (gain.receiveDb !== undefined) this.receiveGain.setGainDb(gain.receiveDb);
  }

  /** Sends a digit (0–9 * # A–D, or "flash" over RFC 4733). Returns the method used, or why it could not be sent. */
  sendDigit(digit: string, options: SendDigitOptions = {}): Result<DigitMethod> {
    const route = this.route;
    if (!route || this.closing) return err("media session is not running");
    if (!route.canSend) return err("sending is not allowed now (hold or no remote address)");
    return this.digits.send(digit, options);
  }

  /** Received RFC 4733 digits, once each with its duration. Returns the unsubscribe function. */
  onDigit(listener: (event: ReceivedDigit) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }

  /** The peer's RTCP BYE (RFC 3550 §6.6). Returns the unsubscribe function. */
  onRemoteBye(listener: (reason: string | undefined) => void): () => void {
    this.byeListeners.add(listener);
    return () => this.byeListeners.delete(listener);
  }

  stats(): MediaSessionStats {
    const route = this.route;
    const source = this.receiver.stats().source;
    const playout = this.inbound.stats();
    return {
      codec: route?.negotiated.codec.name,
      ptimeMs: route?.negotiated.ptimeMs,
      direction: route?.negotiated.direction,
      remote: route?.rtpLatch.destination,
      latched: route?.rtpLatch.isLatched ?? false,
      localSsrc: this.sender.ssrc,
      remoteSsrc: this.receiver.ssrc,
      packetsSent: this.sender.packetsSent,
      octetsSent: this.sender.octetsSent,
      lost: source?.lost ?? 0,
      late: playout.late,
      jitterMs: (source?.jitter ?? 0) / 8,
      rttMs: this.rtcp.roundTripMs,
      jitterBufferDelayMs: playout.currentBufferingMs,
      jitterBufferTargetMs: playout.targetDelayMs,
      meanBufferingMs: playout.meanBufferingMs,
      packetsPlayed: playout.played,
      concealedFrames: playout.concealedFrames,
      rtcpSent: this.rtcp.sent,
      rtcpReceived: this.rtcp.received,
      ...this.counts,
    };
  }

  /** Sends RTCP BYE (RFC 3550 §6.6) and frees the sockets; later calls return the same promise. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.digits.close();
    this.eventReceiver.close();
    await this.rtcp.stop(this.route ? { reason: "hang-up" } : undefined);
    await this.sockets.close();
    this.log.info(`closed: sent ${this.sender.packetsSent}, received ${this.counts.packetsReceived}`);
  }

  private configure(offered: NegotiatedAudio, protector: PacketProtector | undefined): void {
    const negotiated = { ...offered, ptimeMs: this.supportedPtime(offered.ptimeMs) };
    const codec = codecNamed(negotiated.codec.name);
    if (!codec || negotiated.codec.clockRate !== 8000) throw new RangeError(`media session: cannot play ${negotiated.codec.name}/${negotiated.codec.clockRate}`);
    const remoteKnown = negotiated.remotePort > 0 && !isNullAddress(negotiated.remoteAddress);
    const canSend = remoteKnown && (negotiated.direction === "sendrecv" || negotiated.direction === "sendonly");
    const canReceive = negotiated.direction === "sendrecv" || negotiated.direction === "recvonly";
    const te = negotiated.telephoneEvent;
    const rtpTarget = { address: negotiated.remoteAddress, port: negotiated.remotePort };
    const rtcpTarget = { address: negotiated.remoteAddress, port: negotiated.remoteRtcpPort };
    const previous = this.route;
    this.route = {
      negotiated, protector, canSend, canReceive,
      rtpLatch: this.latch(previous?.rtpLatch, rtpTarget),
      rtcpLatch: this.latch(previous?.rtcpLatch, rtcpTarget),
    };
    this.outbound.configure({ codec, payloadType: negotiated.sendPayloadType, ptimeMs: negotiated.ptimeMs, canSend });
    const audio = new Map<number, AudioCodec>([[negotiated.receivePayloadType, codec]]);
    // Static payload types of our other codecs: an answerer listing several may switch between them.
    for (const name of this.codecs) if (!audio.has(CODECS[name].payloadType)) audio.set(CODECS[name].payloadType, CODECS[name]);
    this.inbound.setCodecs(audio);
    this.receiver.setPayloadTypes([...audio.keys(), COMFORT_NOISE_PAYLOAD_TYPE, ...(te ? [te.receivePayloadType] : [])], te ? [te.receivePayloadType] : []);
    this.digits.configure(negotiated);
    this.log.info(`${previous ? "updated" : "started"}: ${codec.name} ${negotiated.ptimeMs} ms ${negotiated.direction} to ${rtpTarget.address}:${rtpTarget.port}${te ? `, events ${te.events} pt ${te.sendPayloadType}` : ""}${protector ? ", protected" : ""}`);
  }

  /** The peer's a=ptime is its wish, not a command: a whole number of ms in 10–60 is kept, anything else is moved into that range. */
  private supportedPtime(ptimeMs: number): number {
    const supported = Number.isFinite(ptimeMs) ? Math.min(MAX_PTIME_MS, Math.max(MIN_PTIME_MS, Math.round(ptimeMs))) : 20;
    if (supported !== ptimeMs) this.log.warn(`peer asked for ptime ${ptimeMs} ms; sending ${supported} ms`);
    return supported;
  }

  private latch(previous: SymmetricLatch | undefined, signalled: MediaEndpoint): SymmetricLatch {
    if (!previous) return new SymmetricLatch({ enabled: this.options.symmetricRtp ?? true, signalled });
    const before = previous.signalledEndpoint;
    if (before.address !== signalled.address || before.port !== signalled.port) previous.resignal(signalled);
    return previous;
  }

  private transmit(packet: RtpPacket): void {
    const route = this.route!;
    const plain = serializeRtp(packet);
    this.sockets.sendRtp(route.protector ? route.protector.protectRtp(plain) : plain, route.rtpLatch.destination);
  }

  /** RTCP goes where the peer's RTCP comes from (or the SDP said); nowhere while the peer gave no address. */
  private transmitRtcp(compound: Uint8Array, sent?: () => void): boolean {
    const route = this.route;
    if (!route || isNullAddress(route.negotiated.remoteAddress) || route.negotiated.remotePort === 0) return false;
    this.sockets.sendRtcp(route.protector ? route.protector.protectRtcp(compound) : compound, route.rtcpLatch.destination, sent);
    return true;
  }

  private onRtp(data: Buffer, from: MediaEndpoint): void {
    this.counts.datagramsReceived++;
    const route = this.route;
    if (!route || this.closing || !route.canReceive) return this.drop();
    const plain = route.protector ? route.protector.unprotectRtp(data) : data;
    const parsed = plain ? parseRtp(plain) : undefined;
    if (!parsed?.ok) return this.drop();
    const nowMs = this.options.clock.now();
    const result = this.receiver.receive(parsed.value, nowMs);
    if (result.kind === "dropped") return;
    route.rtpLatch.onAcceptedPacket(from, result.sourceChanged);
    const eventType = route.negotiated.telephoneEvent?.receivePayloadType;
    for (const { packet, arrivalMs } of result.packets) {
      this.counts.packetsReceived++;
      this.counts.octetsReceived += packet.payload.length;
      if (packet.payloadType === eventType) this.eventReceiver.receive(packet);
      else this.inbound.push(packet, arrivalMs);
    }
  }

  private onRtcp(data: Buffer, from: MediaEndpoint): void {
    this.counts.datagramsReceived++;
    const route = this.route;
    if (!route || this.closing) return this.drop();
    const plain = route.protector ? route.protector.unprotectRtcp(data) : data;
    const news = plain ? this.rtcp.receive(plain) : undefined;
    if (!news) return this.drop();
    route.rtcpLatch.onAcceptedPacket(from);
    if (news.bye) for (const listener of this.byeListeners) listener(news.bye.reason);
  }

  private drop(): void {
    this.counts.datagramsDropped++;
  }
}
