/**
 * RFC 3264 §6: answering an offer. The answer has one m= line per offered
 * one, in order. We take the first audio stream we can and reject every other
 * (port 0): further audio streams, video, T.38 images, anything else.
 *
 * Codec rule: local preference. §6.1 lets the answerer choose among the
 * offered codecs; like commercial ATAs we take the first codec of OUR list that
 * the offer supports (so the account's configured order wins), and answer with
 * that one codec only, so neither side switches codecs mid-call. Payload type
 * numbers are the offer's (§6.1: the answer SHOULD use the same numbers).
 */
import { err, ok, type Result } from "../../util/result.js";
import { agreedDirection } from "./direction.js";
import { pickByOurPreference, telephoneEventAt } from "./formats.js";
import { audioMedia, DEFAULT_PTIME_MS, rejectedMedia, writeDescription } from "./local-description.js";
import { negotiatedAudio, remoteFlow, type Choices } from "./negotiated.js";
import { readDescription, type StreamDescription } from "./read-description.js";
import { answeredSecurity } from "./srtp-policy.js";
import { commonEvents } from "./telephone-events.js";
import type { AnswerOptions, NegotiatedAudio, SdpFailure } from "./types.js";

const PROFILES = new Set(["RTP/AVP", "RTP/SAVP"]);

/** Why a stream cannot be ours, or the choices to take it. */
function consider(stream: StreamDescription, local: AnswerOptions): Choices | string {
  if (stream.type !== "audio") return `m=${stream.type} is not audio`;
  if (stream.port === 0) return "port 0 in the offer";
  if (!PROFILES.has(stream.protocol)) return `profile ${stream.protocol}`;
  if (stream.address === undefined) return "no c= line";
  const security = answeredSecurity(stream, local.srtp);
  if (typeof security === "string") return security;
  const pick = pickByOurPreference(local.codecs, stream.formats);
  if (!pick) return `no common codec in [${stream.formats.map((f) => `${f.name}/${f.clockRate}`).join(" ")}]`;
  const offeredTe = telephoneEventAt(stream.formats, pick.theirs.clockRate);
  const ourTe = local.telephoneEvent;
  const events = offeredTe && ourTe && (ourTe.clockRate ?? 8000) === pick.theirs.clockRate ? commonEvents(ourTe.events, offeredTe.fmtp) : "";
  return {
    stream,
    theirs: pick.theirs,
    oursPayloadType: pick.theirs.payloadType,
    ...(offeredTe && events !== "" ? { telephoneEvent: { theirs: offeredTe.payloadType, ours: offeredTe.payloadType, events } } : {}),
    localPtimeMs: local.ptimeMs ?? DEFAULT_PTIME_MS,
    // RFC 3264 §6.1: sendonly is answered recvonly, recvonly sendonly, inactive inactive; our hold wish applies on top.
    direction: agreedDirection(local.direction ?? "sendrecv", remoteFlow(stream)),
    ...security,
  };
}

export function createAnswer(offer: string, local: AnswerOptions): Result<{ sdp: string; negotiated: NegotiatedAudio }, SdpFailure> {
  const read = readDescription(offer);
  if (!read.ok) return read;
  let chosen: Choices | undefined;
  const refusals: string[] = [];
  const media = read.value.map((stream) => {
    const verdict = chosen ? "only one audio stream is taken" : consider(stream, local);
    if (typeof verdict === "string") {
      refusals.push(`m-line ${stream.index}: ${verdict}`);
      return rejectedMedia(stream);
    }
    chosen = verdict;
    const te = verdict.telephoneEvent;
    return audioMedia({
      port: local.port,
      protocol: stream.protocol,
      codecs: [{ ...verdict.theirs, payloadType: verdict.oursPayloadType }],
      ...(te ? { telephoneEvent: { payloadType: te.ours, events: te.events, clockRate: verdict.theirs.clockRate } } : {}),
      ptimeMs: verdict.localPtimeMs,
      direction: verdict.direction,
      // RFC 4568 §5.1.2: one a=crypto line, with the tag and suite of the offered line we took.
      crypto: verdict.srtp ? [verdict.srtp.local] : [],
    });
  });
  if (!chosen) return err({ reason: "no-acceptable-audio", detail: refusals.join("; ") || "no m= line in the offer" });
  return ok({ sdp: writeDescription(local, media), negotiated: negotiatedAudio(chosen) });
}
