/**
 * RFC 3264 §7: reading the answer to our offer. The answer must mirror our m=
 * lines; our audio stream (the first audio m= line we offered with a port) is
 * taken from the same position. We send with the first codec of the answer
 * that we offered, using the answer's payload type number (§5.1: a payload
 * type in an SDP names what its author expects to receive).
 */
import { err, ok, type Result } from "../../util/result.js";
import { agreedDirection } from "./direction.js";
import { isAudioCodec, sameCodec, telephoneEventAt } from "./formats.js";
import { DEFAULT_PTIME_MS } from "./local-description.js";
import { negotiatedAudio, remoteFlow } from "./negotiated.js";
import { readDescription } from "./read-description.js";
import { acceptedSecurity } from "./srtp-policy.js";
import { commonEvents } from "./telephone-events.js";
import type { NegotiatedAudio, SdesKeying, SdpFailure } from "./types.js";

function mismatch(detail: string): Result<never, SdpFailure> {
  return err({ reason: "mismatched-answer", detail });
}

/** `srtp` is the keying our offer was made with (absent: policy off). */
export function parseAnswer(answer: string, ourOffer: string, srtp?: SdesKeying): Result<NegotiatedAudio, SdpFailure> {
  const offered = readDescription(ourOffer);
  if (!offered.ok) return err({ reason: "malformed", detail: `our offer: ${offered.error.detail}` });
  const answered = readDescription(answer);
  if (!answered.ok) return answered;
  if (answered.value.length !== offered.value.length) {
    return mismatch(`answer has ${answered.value.length} m= lines, offer had ${offered.value.length} (RFC 3264 §6)`);
  }
  const ours = offered.value.find((s) => s.type === "audio" && s.port !== 0);
  if (!ours) return err({ reason: "malformed", detail: "our offer has no audio stream" });
  const theirs = answered.value[ours.index]!;
  if (theirs.type !== ours.type) return mismatch(`m= line ${ours.index} is ${theirs.type}, offered audio`);
  if (theirs.port === 0) return err({ reason: "audio-rejected", detail: `m= line ${ours.index} answered with port 0` });
  if (theirs.address === undefined) return err({ reason: "malformed", detail: "no c= line for the audio stream" });

  let codec: { theirs: (typeof theirs.formats)[number]; ours: number } | undefined;
  for (const format of theirs.formats) {
    const match = isAudioCodec(format) ? ours.formats.find((o) => isAudioCodec(o) && sameCodec(o, format)) : undefined;
    if (match) {
      codec = { theirs: format, ours: match.payloadType };
      break;
    }
  }
  if (!codec) return mismatch(`no codec of the answer was offered: [${theirs.formats.map((f) => f.name).join(" ")}]`);
  const security = acceptedSecurity(ours, theirs, srtp);
  if (typeof security === "string") return mismatch(security);

  const ourTe = telephoneEventAt(ours.formats, codec.theirs.clockRate);
  const theirTe = telephoneEventAt(theirs.formats, codec.theirs.clockRate);
  const events = ourTe && theirTe ? commonEvents(ourTe.fmtp ?? "0-15", theirTe.fmtp) : "";
  return ok(
    negotiatedAudio({
      stream: theirs,
      theirs: codec.theirs,
      oursPayloadType: codec.ours,
      ...(ourTe && theirTe && events !== "" ? { telephoneEvent: { theirs: theirTe.payloadType, ours: ourTe.payloadType, events } } : {}),
      localPtimeMs: ours.ptimeMs ?? DEFAULT_PTIME_MS,
      direction: agreedDirection(ours.direction, remoteFlow(theirs)),
      ...security,
    }),
  );
}
