/**
 * Public surface of the SIP message layer. PLACEHOLDER SIGNATURES: the message
 * helper replaces these bodies with the real parser/serializer in their own files
 * (parser.ts, serializer.ts, uri.ts, name-addr.ts, via.ts, cseq.ts, response.ts)
 * and re-exports them here with the same names and types.
 */
import type { Result } from "../../util/result.js";
import type { CSeq, NameAddr, ParseError, SipMessage, SipRequest, SipResponse, SipUri, Via } from "./types.js";

export * from "./types.js";
export { Headers, canonicalName, splitCommas } from "./headers.js";
export type { HeaderField } from "./headers.js";

const todo = (): never => {
  throw new Error("message layer not yet written");
};

/** Parses one complete message (datagram, or one framed message from a stream). Never throws. */
export function parseMessage(_data: Uint8Array): Result<SipMessage, ParseError> { return todo(); }
/** Serializes with CRLF line ends and a Content-Length that matches the body. */
export function serializeMessage(_message: SipMessage): Buffer { return todo(); }
export function parseUri(_text: string): Result<SipUri> { return todo(); }
export function formatUri(_uri: SipUri): string { return todo(); }
export function parseNameAddr(_text: string): Result<NameAddr> { return todo(); }
export function formatNameAddr(_value: NameAddr): string { return todo(); }
/** One header field's value may hold several Via elements. */
export function parseVia(_text: string): Result<Via[]> { return todo(); }
export function formatVia(_via: Via): string { return todo(); }
export function parseCSeq(_text: string): Result<CSeq> { return todo(); }
/** The first Via element of the message, parsed; undefined if missing or malformed. */
export function topVia(_message: SipMessage): Via | undefined { return todo(); }
/** RFC 3261 §8.2.6.2: copies Via, From, To (adding toTag if given and absent), Call-ID, CSeq. */
export function createResponse(_request: SipRequest, _status: number, _options?: { reason?: string; toTag?: string }): SipResponse { return todo(); }
/** The RFC 3261 §21 reason phrase for a status code ("Unknown" otherwise). */
export function reasonPhrase(_status: number): string { return todo(); }
