/**
 * One SRTP crypto context family (RFC 3711 §3.2): the session keys derived
 * from one master key, and per SSRC a rollover counter and replay list for
 * SRTP and an index counter and replay list for SRTCP. With SDES each side's
 * key serves every SSRC that side sends (RFC 4568 §6.4), so a context is a
 * direction: ours protects what we send, the peer's unprotects what arrives.
 * A state for a new SSRC is kept only once one of its packets authenticates.
 */
import { createHmac, timingSafeEqual, type KeyObject } from "node:crypto";
import { aesCmTransform, counterIv } from "./aes-cm.js";
import { deriveKeys, type DerivedKeys } from "./key-derivation.js";
import type { PacketProtector } from "./packet-protector.js";
import { ReplayWindow } from "./replay-window.js";
import { RolloverCounter } from "./rollover.js";
import type { SrtpSuite } from "./suite.js";

export interface SrtpContextOptions {
  readonly suite: SrtpSuite;
  readonly masterKey: Uint8Array;
  readonly masterSalt: Uint8Array;
  /** RFC 3711 §3.1: the master key identifier carried in every packet, if the key line gave one. */
  readonly mki?: Uint8Array;
}

/** Packets dropped by unprotect…(), by cause. */
export interface SrtpStats {
  authenticationFailures: number;
  /** Replayed, or older than the replay window. */
  replayed: number;
  /** Too short, not version 2, or carrying another MKI. */
  malformed: number;
}

interface RtpState {
  readonly rollover: RolloverCounter;
  readonly window: ReplayWindow;
}

interface RtcpState {
  /** Next SRTCP index to send (§3.4: starts at 0, 31 bits). */
  nextIndex: number;
  readonly window: ReplayWindow;
}

const RTCP_INDEX_MODULO = 0x8000_0000;
const E_FLAG = 0x8000_0000;

export class SrtpContext implements PacketProtector {
  readonly stats: SrtpStats = { authenticationFailures: 0, replayed: 0, malformed: 0 };
  private readonly keys: DerivedKeys;
  private readonly mki: Uint8Array;
  private readonly rtp = new Map<number, RtpState>();
  private readonly rtcp = new Map<number, RtcpState>();

  constructor(private readonly options: SrtpContextOptions) {
    this.keys = deriveKeys(options.suite, options.masterKey, options.masterSalt);
    this.mki = options.mki ?? new Uint8Array(0);
  }

  /** RFC 3711 §3.3: encrypt the payload, append MKI and the tag over header, payload and ROC. */
  protectRtp(packet: Uint8Array): Uint8Array {
    const headerLength = rtpHeaderLength(packet, packet.length);
    if (headerLength === undefined) throw new RangeError(`not an RTP packet (${packet.length} octets)`);
    const { ssrc, seq } = rtpIds(packet);
    let state = this.rtp.get(ssrc);
    if (!state) this.rtp.set(ssrc, (state = freshRtpState(seq)));
    const guess = state.rollover.estimate(seq);
    const index = guess < 0 ? seq : guess;
    state.rollover.update(index);
    const tagLength = this.options.suite.rtpTagLength;
    const out = new Uint8Array(packet.length + this.mki.length + tagLength);
    out.set(packet.subarray(0, headerLength));
    aesCmTransform(this.keys.rtp.encryption, counterIv(this.keys.rtp.salt, ssrc, index), packet.subarray(headerLength), out.subarray(headerLength));
    out.set(this.mki, packet.length);
    const tag = rtpTag(this.keys.rtp.authentication, out.subarray(0, packet.length), rocOf(index), tagLength);
    out.set(tag, packet.length + this.mki.length);
    return out;
  }

  /** RFC 3711 §3.3: guess the index (Appendix A), check replay, MKI and tag, then decrypt; state moves only after. */
  unprotectRtp(packet: Uint8Array): Uint8Array | undefined {
    const tagLength = this.options.suite.rtpTagLength;
    const end = packet.length - this.mki.length - tagLength;
    const headerLength = rtpHeaderLength(packet, end);
    if (headerLength === undefined || !this.hasMki(packet, end)) return this.drop("malformed");
    const { ssrc, seq } = rtpIds(packet);
    const known = this.rtp.get(ssrc);
    const state = known ?? freshRtpState(seq);
    const index = state.rollover.estimate(seq);
    if (index < 0 || state.window.check(index) !== "fresh") return this.drop("replayed");
    const expected = rtpTag(this.keys.rtp.authentication, packet.subarray(0, end), rocOf(index), tagLength);
    if (!timingSafeEqual(expected, packet.subarray(packet.length - tagLength))) return this.drop("authenticationFailures");
    const out = clearHeader(packet, headerLength, end);
    aesCmTransform(this.keys.rtp.encryption, counterIv(this.keys.rtp.salt, ssrc, index), packet.subarray(headerLength, end), out.subarray(headerLength));
    state.rollover.update(index);
    state.window.record(index);
    if (!known) this.rtp.set(ssrc, state);
    return out;
  }

  /** RFC 3711 §3.4: encrypt all but the first 8 octets, append E‖SRTCP index, MKI and the tag. */
  protectRtcp(packet: Uint8Array): Uint8Array {
    if (packet.length < 8 || packet[0]! >> 6 !== 2) throw new RangeError(`not an RTCP packet (${packet.length} octets)`);
    const ssrc = readUint32(packet, 4);
    let state = this.rtcp.get(ssrc);
    if (!state) this.rtcp.set(ssrc, (state = freshRtcpState()));
    const index = state.nextIndex;
    state.nextIndex = (index + 1) % RTCP_INDEX_MODULO;
    const tagLength = this.options.suite.rtcpTagLength;
    const out = new Uint8Array(packet.length + 4 + this.mki.length + tagLength);
    out.set(packet.subarray(0, 8));
    aesCmTransform(this.keys.rtcp.encryption, counterIv(this.keys.rtcp.salt, ssrc, index), packet.subarray(8), out.subarray(8));
    new DataView(out.buffer).setUint32(packet.length, (E_FLAG | index) >>> 0);
    const authenticated = packet.length + 4;
    out.set(this.mki, authenticated);
    out.set(hmac(this.keys.rtcp.authentication, out.subarray(0, authenticated)).subarray(0, tagLength), authenticated + this.mki.length);
    return out;
  }

  /** RFC 3711 §3.4: check replay, MKI and tag over all up to the index word, then decrypt if E is set. */
  unprotectRtcp(packet: Uint8Array): Uint8Array | undefined {
    const tagLength = this.options.suite.rtcpTagLength;
    const authenticated = packet.length - this.mki.length - tagLength;
    const end = authenticated - 4;
    if (end < 8 || packet[0]! >> 6 !== 2 || !this.hasMki(packet, authenticated)) return this.drop("malformed");
    const ssrc = readUint32(packet, 4);
    const word = readUint32(packet, end);
    const index = word % RTCP_INDEX_MODULO;
    const known = this.rtcp.get(ssrc);
    const state = known ?? freshRtcpState();
    if (state.window.check(index) !== "fresh") return this.drop("replayed");
    const expected = hmac(this.keys.rtcp.authentication, packet.subarray(0, authenticated)).subarray(0, tagLength);
    if (!timingSafeEqual(expected, packet.subarray(packet.length - tagLength))) return this.drop("authenticationFailures");
    const encrypted = word >= E_FLAG;
    // §3.4: E = 0 says the sender left this packet unencrypted (authenticated all the same).
    const out = clearHeader(packet, encrypted ? 8 : end, end);
    if (encrypted) aesCmTransform(this.keys.rtcp.encryption, counterIv(this.keys.rtcp.salt, ssrc, index), packet.subarray(8, end), out.subarray(8));
    state.window.record(index);
    if (!known) this.rtcp.set(ssrc, state);
    return out;
  }

  private hasMki(packet: Uint8Array, at: number): boolean {
    const mki = this.mki;
    return mki.length === 0 || timingSafeEqual(mki, packet.subarray(at, at + mki.length));
  }

  private drop(cause: keyof SrtpStats): undefined {
    this.stats[cause]++;
    return undefined;
  }
}

/** RFC 3550 §5.1: fixed header, CSRCs and header extension, which SRTP leaves in clear; undefined if they do not fit in `end`. */
function rtpHeaderLength(packet: Uint8Array, end: number): number | undefined {
  if (end < 12 || packet[0]! >> 6 !== 2) return undefined;
  let length = 12 + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) {
    if (end < length + 4) return undefined;
    length += 4 + 4 * ((packet[length + 2]! << 8) | packet[length + 3]!);
  }
  return length <= end ? length : undefined;
}

function freshRtpState(firstSeq: number): RtpState {
  return { rollover: new RolloverCounter(firstSeq), window: new ReplayWindow() };
}

function freshRtcpState(): RtcpState {
  return { nextIndex: 0, window: new ReplayWindow() };
}

function rocOf(index: number): number {
  return Math.floor(index / 0x1_0000);
}

/** A new packet of `end` octets with the first `clear` copied (the rest is decrypted into it). */
function clearHeader(packet: Uint8Array, clear: number, end: number): Uint8Array {
  const out = new Uint8Array(end);
  out.set(packet.subarray(0, clear));
  return out;
}

function rtpIds(packet: Uint8Array): { ssrc: number; seq: number } {
  return { ssrc: readUint32(packet, 8), seq: (packet[2]! << 8) | packet[3]! };
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function hmac(key: KeyObject, ...parts: Uint8Array[]): Buffer {
  const mac = createHmac("sha1", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** RFC 3711 §4.2: HMAC-SHA1 over the authenticated portion and the 32-bit ROC, truncated. */
function rtpTag(key: KeyObject, authenticated: Uint8Array, roc: number, tagLength: number): Buffer {
  const rocBytes = new Uint8Array(4);
  new DataView(rocBytes.buffer).setUint32(0, roc >>> 0);
  return hmac(key, authenticated, rocBytes).subarray(0, tagLength);
}
