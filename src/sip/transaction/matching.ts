/**
 * How received messages find their transaction: responses by RFC 3261 §17.1.3,
 * requests by §17.2.3 (branch with the magic cookie), or by the RFC 2543 fields
 * when an old peer's branch lacks the cookie.
 */
import { parseCSeq, parseNameAddr, topVia, type SipMessage, type SipRequest, type SipResponse, type Via } from "../message/index.js";

/** RFC 3261 §8.1.1.7: branches that begin with this were made by an RFC 3261 element. */
export const MAGIC_COOKIE = "z9hG4bK";

/** §17.1.3: the branch of the top Via plus the CSeq method (CANCEL shares the INVITE's branch). */
export function clientKey(branch: string, method: string): string {
  return `${branch}\u0000${method}`;
}

/** The client key a response matches, or undefined when its top Via branch or CSeq is unusable. */
export function responseKey(response: SipResponse): string | undefined {
  const branch = topVia(response)?.params.branch;
  const cseq = parseCSeq(response.headers.get("CSeq") ?? "");
  if (!branch || !cseq.ok) return undefined;
  return clientKey(branch, cseq.value.method);
}

/** True when the branch carries the magic cookie, so §17.2.3's first rule applies. */
export function isRfc3261Branch(branch: string | null | undefined): branch is string {
  return typeof branch === "string" && branch.startsWith(MAGIC_COOKIE);
}

/** §17.2.3: branch, sent-by and method, where ACK counts as the INVITE it acknowledges. */
export function serverKey(branch: string, via: Via, method: string): string {
  return `${branch}\u0000${sentBy(via)}\u0000${method === "ACK" ? "INVITE" : method}`;
}

/** The RFC 2543 fields of a request (§17.2.3, second part). */
export interface LegacyIdentity {
  method: string;
  uri: string;
  callId: string;
  fromTag: string | undefined;
  toTag: string | undefined;
  cseq: number;
  /** The top Via reduced to transport, sent-by and branch (received/rport vary with the path, not the request). */
  via: string;
}

/** The RFC 2543 fields, or undefined when Call-ID, CSeq, From or To is missing or malformed. */
export function legacyIdentity(request: SipRequest, via: Via): LegacyIdentity | undefined {
  const callId = request.headers.get("Call-ID");
  const cseq = parseCSeq(request.headers.get("CSeq") ?? "");
  const from = tagOf(request, "From");
  const to = tagOf(request, "To");
  if (callId === undefined || !cseq.ok || from === false || to === false) return undefined;
  return {
    method: request.method,
    uri: request.uri,
    callId: callId.trim(),
    fromTag: from,
    toTag: to,
    cseq: cseq.value.seq,
    via: `${via.transport} ${sentBy(via)};branch=${via.params.branch ?? ""}`,
  };
}

/**
 * RFC 2543 matching (§17.2.3): an ACK matches an INVITE transaction when Request-URI,
 * From tag, Call-ID, CSeq number and top Via match the INVITE and its To tag is the
 * tag of the response the transaction sent; any other request when Request-URI,
 * To tag, From tag, Call-ID, CSeq (with method) and top Via match.
 */
export function legacyMatches(created: LegacyIdentity, incoming: LegacyIdentity, responseToTag: string | undefined): boolean {
  const common = created.uri === incoming.uri && created.callId === incoming.callId &&
    created.fromTag === incoming.fromTag && created.cseq === incoming.cseq && created.via === incoming.via;
  if (!common) return false;
  if (incoming.method === "ACK") return created.method === "INVITE" && incoming.toTag === responseToTag;
  return created.method === incoming.method && created.toTag === incoming.toTag;
}

/** The tag parameter of From or To: undefined when it has none, false when the header is missing or malformed. */
export function tagOf(message: SipMessage, header: "From" | "To"): string | undefined | false {
  const value = message.headers.get(header);
  if (value === undefined) return false;
  const parsed = parseNameAddr(value);
  if (!parsed.ok) return false;
  return parsed.value.params.tag ?? undefined;
}

function sentBy(via: Via): string {
  const port = via.port ?? (via.transport === "TLS" ? 5061 : 5060);
  return `${via.host.toLowerCase()}:${port}`;
}
