/**
 * Media formats of an m= line: the payload type list joined with a=rtpmap and
 * a=fmtp, static payload types filled in from RFC 3551 §6 when the rtpmap is
 * left out (RFC 4566 §6 allows that), and codec matching by name, rate and
 * channels (payload type numbers are the peer's business).
 */
import type { MediaDescription } from "sdp-transform";
import type { CodecSpec } from "./types.js";

export interface Format {
  readonly payloadType: number;
  readonly name: string;
  readonly clockRate: number;
  readonly channels: number;
  readonly fmtp?: string;
}

/** RFC 3551 §6, Table 4: static audio payload types. */
const STATIC: Record<number, readonly [string, number, number?]> = {
  0: ["PCMU", 8000], 3: ["GSM", 8000], 4: ["G723", 8000], 5: ["DVI4", 8000], 6: ["DVI4", 16000], 7: ["LPC", 8000],
  8: ["PCMA", 8000], 9: ["G722", 8000], 10: ["L16", 44100, 2], 11: ["L16", 44100], 12: ["QCELP", 8000], 13: ["CN", 8000],
  14: ["MPA", 90000], 15: ["G728", 8000], 16: ["DVI4", 11025], 17: ["DVI4", 22050], 18: ["G729", 8000],
};

export const TELEPHONE_EVENT = "telephone-event";
const NOT_AUDIO_CODECS = new Set([TELEPHONE_EVENT, "cn"]);

/** Payload type numbers of an m= line, in order; tokens that are not 0–127 are skipped. */
export function payloadTypes(media: MediaDescription): number[] {
  const list = String(media.payloads ?? "").trim();
  if (list === "") return [];
  return list.split(/\s+/).filter((t) => /^\d{1,3}$/.test(t)).map(Number).filter((n) => n <= 127);
}

export function formatsOf(media: MediaDescription): Format[] {
  const formats: Format[] = [];
  for (const payloadType of payloadTypes(media)) {
    const map = (media.rtp ?? []).find((r) => r.payload === payloadType);
    const fmtp = (media.fmtp ?? []).find((f) => f.payload === payloadType)?.config;
    const channels = Number(map?.encoding ?? STATIC[payloadType]?.[2] ?? 1);
    const base = map
      ? { payloadType, name: String(map.codec), clockRate: Number(map.rate ?? 0), channels: channels > 0 ? channels : 1 }
      : STATIC[payloadType]
        ? { payloadType, name: STATIC[payloadType][0], clockRate: STATIC[payloadType][1], channels }
        : undefined;
    if (base) formats.push(fmtp === undefined ? base : { ...base, fmtp });
  }
  return formats;
}

export function sameCodec(a: { name: string; clockRate: number; channels?: number }, b: { name: string; clockRate: number; channels?: number }): boolean {
  return a.name.toLowerCase() === b.name.toLowerCase() && a.clockRate === b.clockRate && (a.channels ?? 1) === (b.channels ?? 1);
}

/** A real audio codec, not telephone-event or comfort noise. */
export function isAudioCodec(format: Format): boolean {
  return !NOT_AUDIO_CODECS.has(format.name.toLowerCase());
}

/** The first of our codecs, in our order, that the peer also lists: local preference decides. */
export function pickByOurPreference(ours: readonly CodecSpec[], theirs: readonly Format[]): { ours: CodecSpec; theirs: Format } | undefined {
  for (const codec of ours) {
    const match = theirs.find((f) => isAudioCodec(f) && sameCodec(f, codec));
    if (match) return { ours: codec, theirs: match };
  }
  return undefined;
}

/** telephone-event at the given clock rate (RFC 4733 §7.1.1: it must match the audio codec's). */
export function telephoneEventAt(formats: readonly Format[], clockRate: number): Format | undefined {
  return formats.find((f) => f.name.toLowerCase() === TELEPHONE_EVENT && f.clockRate === clockRate);
}
