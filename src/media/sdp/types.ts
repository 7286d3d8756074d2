/**
 * SDP offer/answer for one audio stream (RFC 3264 over RFC 4566 bodies). The
 * media layer describes what it can do with MediaOptions; the negotiation
 * yields NegotiatedAudio, everything the RTP session needs to start.
 */

export type Direction = "sendrecv" | "sendonly" | "recvonly" | "inactive";

/** An audio codec as named in a=rtpmap (RFC 4566 §6): `PCMU/8000`, payload type 0. */
export interface CodecSpec {
  readonly name: string;
  readonly payloadType: number;
  readonly clockRate: number;
  /** Audio channels; default 1. */
  readonly channels?: number;
  /** a=fmtp parameters, written as given. */
  readonly fmtp?: string;
}

/** RFC 4733 telephone-event, with its own payload type. */
export interface TelephoneEventSpec {
  readonly payloadType: number;
  /** Event list as in a=fmtp, e.g. "0-16" (digits, * # A–D and flash). */
  readonly events: string;
  /** Must equal the audio codec's RTP clock rate; default 8000. */
  readonly clockRate?: number;
}

/** RFC 4568 a=crypto line, passed through untouched (the SRTP layer chooses and checks keys). */
export interface CryptoAttribute {
  readonly tag: number;
  /** e.g. AES_CM_128_HMAC_SHA1_80 */
  readonly suite: string;
  /** e.g. inline:base64key|2^31 */
  readonly keyParams: string;
  readonly sessionParams?: string;
}

/** Per-account SRTP policy: off (plain RTP/AVP, an RTP/SAVP offer is refused), optional (a=crypto
 *  offered on RTP/AVP as best effort, plain answers taken), mandatory (RTP/SAVP only). */
export type SrtpPolicy = "off" | "optional" | "mandatory";

/** The keys protecting one stream: our a=crypto line and the peer's, with the same tag and suite. */
export interface SdesChoice {
  readonly local: CryptoAttribute;
  readonly remote: CryptoAttribute;
}

/** RFC 4568 SDES key exchange as offer/answer needs it; src/media/srtp's SdesNegotiator implements it. */
export interface SdesKeying {
  readonly policy: SrtpPolicy;
  /** Our a=crypto lines for an offer, most preferred first. */
  offer(): readonly CryptoAttribute[];
  /** Answerer: the offered line we take (the first we support) and our line answering it, or why none fits. */
  answer(offered: readonly CryptoAttribute[]): SdesChoice | string;
  /** Offerer: the answer's line(s) matched against the lines we offered, or why they do not fit. */
  accept(offered: readonly CryptoAttribute[], answered: readonly CryptoAttribute[]): SdesChoice | string;
}

/** What this side offers or accepts for its audio stream. */
export interface MediaOptions {
  /** Our RTP address (IPv4 or IPv6), written in c= and o=. */
  readonly address: string;
  readonly port: number;
  /** Preference list, most preferred first. */
  readonly codecs: readonly CodecSpec[];
  readonly telephoneEvent?: TelephoneEventSpec;
  /** Packetization we want to receive (a=ptime); default 20. */
  readonly ptimeMs?: number;
  /** Our wish: sendrecv normally, sendonly when we put the peer on hold; default sendrecv. */
  readonly direction?: Direction;
  /** SRTP keys and policy; absent means policy off. */
  readonly srtp?: SdesKeying;
}

/** The o= line fields that stay for the whole session (RFC 4566 §5.2). */
export interface SdpOrigin {
  readonly username?: string;
  readonly sessionId: string;
  readonly sessionVersion: number;
}

export interface OfferOptions extends MediaOptions {
  readonly origin: SdpOrigin;
  /** s= line; default "dialtone". */
  readonly sessionName?: string;
}

export type AnswerOptions = OfferOptions;

/** The audio stream both sides agreed on. */
export interface NegotiatedAudio {
  /** Index of the m= line carrying it. */
  readonly mediaIndex: number;
  /** Where to send RTP; 0.0.0.0 means the peer asked for no media (RFC 3264 §8.4 old-style hold). */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** a=rtcp (RFC 3605) if given, else RTP port + 1. */
  readonly remoteRtcpPort: number;
  readonly codec: { readonly name: string; readonly clockRate: number; readonly channels: number };
  /** Payload type to put on packets we send (the peer's number). */
  readonly sendPayloadType: number;
  /** Payload type the peer puts on packets it sends to us (our number). */
  readonly receivePayloadType: number;
  readonly telephoneEvent?: { readonly sendPayloadType: number; readonly receivePayloadType: number; readonly events: string };
  /** Packetization to send with: the peer's a=ptime, else ours. */
  readonly ptimeMs: number;
  /** What we do: sendrecv, sendonly (only we send), recvonly, inactive. */
  readonly direction: Direction;
  /** True when the peer stopped receiving from us (a=sendonly/inactive or c=0.0.0.0): it put us on hold. */
  readonly remoteHold: boolean;
  readonly profile: "RTP/AVP" | "RTP/SAVP";
  /** The peer's a=crypto lines for this stream, all of them, as written. */
  readonly remoteCrypto: readonly CryptoAttribute[];
  /** Present when SRTP protects the stream: the two key lines to build the PacketProtector from. */
  readonly srtp?: SdesChoice;
}

export type SdpFailureReason =
  | "malformed" // not a usable SDP body
  | "no-acceptable-audio" // no audio m= line we can take (codec, profile or address): answer 488
  | "mismatched-answer" // answer does not fit our offer (m= line count, codecs we did not offer)
  | "audio-rejected"; // the answerer set our audio stream's port to 0

export interface SdpFailure {
  readonly reason: SdpFailureReason;
  readonly detail: string;
}
