/** Builds NegotiatedAudio from the remote stream and the choices made; shared by answerer and offerer. */
import { isNullAddress, type StreamDescription } from "./read-description.js";
import type { Flow } from "./direction.js";
import type { Format } from "./formats.js";
import type { Direction, NegotiatedAudio, SdesChoice } from "./types.js";

/** What the peer does: its direction attribute, with c=0.0.0.0 meaning it receives nothing (RFC 3264 §8.4). */
export function remoteFlow(stream: StreamDescription): Flow {
  const send = stream.direction === "sendrecv" || stream.direction === "sendonly";
  const recv = (stream.direction === "sendrecv" || stream.direction === "recvonly") && !isNullAddress(stream.address);
  return { send, recv };
}

export interface Choices {
  readonly stream: StreamDescription;
  /** The codec as the peer numbers it, and as we number it. */
  readonly theirs: Format;
  readonly oursPayloadType: number;
  readonly telephoneEvent?: { readonly theirs: number; readonly ours: number; readonly events: string };
  readonly localPtimeMs: number;
  readonly direction: Direction;
  readonly srtp?: SdesChoice;
}

export function negotiatedAudio(c: Choices): NegotiatedAudio {
  const s = c.stream;
  return {
    mediaIndex: s.index,
    remoteAddress: s.address ?? "0.0.0.0",
    remotePort: s.port,
    remoteRtcpPort: s.rtcpPort ?? s.port + 1,
    codec: { name: c.theirs.name, clockRate: c.theirs.clockRate, channels: c.theirs.channels },
    sendPayloadType: c.theirs.payloadType,
    receivePayloadType: c.oursPayloadType,
    ...(c.telephoneEvent
      ? { telephoneEvent: { sendPayloadType: c.telephoneEvent.theirs, receivePayloadType: c.telephoneEvent.ours, events: c.telephoneEvent.events } }
      : {}),
    ptimeMs: s.ptimeMs ?? c.localPtimeMs,
    direction: c.direction,
    remoteHold: !remoteFlow(s).recv,
    profile: s.protocol === "RTP/SAVP" ? "RTP/SAVP" : "RTP/AVP",
    remoteCrypto: s.crypto,
    ...(c.srtp ? { srtp: c.srtp } : {}),
  };
}
