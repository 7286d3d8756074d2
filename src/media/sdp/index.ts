/** Public surface of SDP offer/answer (RFC 3264, RFC 4566). */
export { createAnswer } from "./answer.js";
export { createOffer } from "./offer.js";
export { parseAnswer } from "./parse-answer.js";
export { SdpSession, type SdpSessionOptions } from "./sdp-session.js";
export type {
  AnswerOptions, CodecSpec, CryptoAttribute, Direction, MediaOptions, NegotiatedAudio, OfferOptions, SdpFailure,
  SdpFailureReason, SdpOrigin, TelephoneEventSpec,
} from "./types.js";
