/** Public surface of SDP offer/answer (RFC 3264, RFC 4566). */
export { createAnswer } from "./answer.js";
export { createOffer } from "./offer.js";
export { parseAnswer } from "./parse-answer.js";
export { SdpSession, type SdpSessionOptions } from "./sdp-session.js";
export type {
  AnswerOptions, CodecSpec, CryptoAttribute, Direction, MediaOptions, NegotiatedAudio, OfferOptions, SdpFailure,
  SdesChoice, SdesKeying, SdpFailureReason, SdpOrigin, SrtpPolicy, TelephoneEventSpec,
} from "./types.js";
