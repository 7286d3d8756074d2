/**
 * A dialog (RFC 3261 §12): the peer-to-peer state that in-dialog requests are
 * built from and checked against. Created by the UAC from a 1xx-with-tag or 2xx
 * to its INVITE (§12.1.2) or by the UAS when it answers one (§12.1.1).
 *
 *   Early ──2xx──→ Confirmed ──BYE / 481 / 408──→ Terminated
 *     └──────────── non-2xx final ───────────────────↑
 */
import { err, ok, type Result } from "../../util/result.js";
import {
  formatNameAddr, formatUri, Headers, parseCSeq, parseNameAddr, parseUri,
  type NameAddr, type SipRequest, type SipResponse, type SipUri,
} from "../message/index.js";
import { initialCSeq } from "./ids.js";

export enum DialogState {
  Early = "early",
  Confirmed = "confirmed",
  Terminated = "terminated",
}

const ALLOWED: Record<DialogState, DialogState[]> = {
  [DialogState.Early]: [DialogState.Confirmed, DialogState.Terminated],
  [DialogState.Confirmed]: [DialogState.Terminated],
  [DialogState.Terminated]: [],
};

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

export interface RequestOptions {
  body?: string;
  contentType?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
}

/** Methods whose requests and 2xx responses replace the remote target (§12.2, RFC 3311). */
export const TARGET_REFRESH = new Set(["INVITE", "UPDATE"]);

interface DialogInit {
  id: DialogId;
  state: DialogState;
  localUri: NameAddr;
  remoteUri: NameAddr;
  localSeq: number | undefined;
  remoteSeq: number | undefined;
  remoteTarget: SipUri;
  routeSet: NameAddr[];
  secure: boolean;
  localContact: SipUri;
}

export class Dialog {
  readonly id: DialogId;
  /** From (UAC) or To (UAS) of the initial request, without the tag. */
  readonly localUri: NameAddr;
  readonly remoteUri: NameAddr;
  readonly secure: boolean;
  /** Our Contact, sent in target refresh requests. */
  readonly localContact: SipUri;
  private stateValue: DialogState;
  private localSeqValue: number | undefined;
  private remoteSeqValue: number | undefined;
  private remoteTargetValue: SipUri;
  private routeSetValue: NameAddr[];

  private constructor(init: DialogInit) {
    this.id = init.id;
    this.stateValue = init.state;
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.localSeqValue = init.localSeq;
    this.remoteSeqValue = init.remoteSeq;
    this.remoteTargetValue = init.remoteTarget;
    this.routeSetValue = init.routeSet;
    this.secure = init.secure;
    this.localContact = init.localContact;
  }

  /**
   * RFC 3261 §12.1.2: the UAC's dialog from a 1xx with a To tag (early) or a 2xx
   * (confirmed). Without a usable Contact the Request-URI of the INVITE stands in
   * as remote target, so a broken 2xx can still be ACKed and ended.
   */
  static asUac(request: SipRequest, response: SipResponse, localContact: SipUri): Result<Dialog> {
    const from = header(request.headers, "From", parseNameAddr);
    const to = header(response.headers, "To", parseNameAddr);
    // The response's CSeq is that of the INVITE it answers, also after an auth retry renumbered it.
    const cseq = header(response.headers, "CSeq", parseCSeq);
    const callId = request.headers.get("Call-ID");
    if (!from.ok || !to.ok || !cseq.ok || !callId) return err("INVITE or response lacks From, To, CSeq or Call-ID");
    const requestUri = parseUri(request.uri);
    const target = contactUri(response.headers) ?? (requestUri.ok ? requestUri.value : undefined);
    if (!target) return err("no usable remote target");
    const routes = routeSet(response.headers);
    if (!routes.ok) return routes;
    return ok(new Dialog({
      id: { callId, localTag: tagOf(from.value), remoteTag: tagOf(to.value) },
      state: response.status >= 200 ? DialogState.Confirmed : DialogState.Early,
      localUri: withoutTag(from.value),
      remoteUri: withoutTag(to.value),
      localSeq: cseq.value.seq,
      remoteSeq: undefined,
      remoteTarget: target,
      routeSet: routes.value.reverse(),
      secure: requestUri.ok && requestUri.value.scheme === "sips",
      localContact,
    }));
  }

  /** RFC 3261 §12.1.1: the UAS's dialog from the INVITE it answers with tag `localTag`. */
  static asUas(request: SipRequest, options: { localTag: string; localContact: SipUri; overTls: boolean }): Result<Dialog> {
    const from = header(request.headers, "From", parseNameAddr);
    const to = header(request.headers, "To", parseNameAddr);
    const cseq = header(request.headers, "CSeq", parseCSeq);
    const callId = request.headers.get("Call-ID");
    if (!from.ok || !to.ok || !cseq.ok || !callId) return err("request lacks From, To, CSeq or Call-ID");
    const target = contactUri(request.headers);
    if (!target) return err("request lacks a usable Contact");
    const routes = routeSet(request.headers);
    if (!routes.ok) return routes;
    const requestUri = parseUri(request.uri);
    return ok(new Dialog({
      id: { callId, localTag: options.localTag, remoteTag: tagOf(from.value) },
      state: DialogState.Early,
      localUri: withoutTag(to.value),
      remoteUri: withoutTag(from.value),
      localSeq: undefined,
      remoteSeq: cseq.value.seq,
      remoteTarget: target,
      routeSet: routes.value,
      secure: options.overTls && requestUri.ok && requestUri.value.scheme === "sips",
      localContact: options.localContact,
    }));
  }

  get state(): DialogState {
    return this.stateValue;
  }

  get remoteTarget(): SipUri {
    return this.remoteTargetValue;
  }

  get routeSet(): readonly NameAddr[] {
    return this.routeSetValue;
  }

  get localSeq(): number | undefined {
    return this.localSeqValue;
  }

  get remoteSeq(): number | undefined {
    return this.remoteSeqValue;
  }

  /**
   * Early → Confirmed. For the UAC, §13.2.2.4: the route set is recomputed from the
   * 2xx and its Contact becomes the remote target.
   */
  confirm(response?: SipResponse): void {
    if (this.stateValue === DialogState.Confirmed) return;
    this.transition(DialogState.Confirmed);
    if (!response) return;
    const routes = routeSet(response.headers);
    if (routes.ok) this.routeSetValue = routes.value.reverse();
    this.refreshTarget(response);
  }

  terminate(): void {
    if (this.stateValue !== DialogState.Terminated) this.transition(DialogState.Terminated);
  }

  /** §12.2.1.2 / §12.2.2: a target refresh request or its 2xx replaces the remote target. */
  refreshTarget(message: SipRequest | SipResponse): void {
    const uri = contactUri(message.headers);
    if (uri) this.remoteTargetValue = uri;
  }

  /** RFC 3261 §12.2.1.1: a new in-dialog request with the next local CSeq. */
  createRequest(method: string, options: RequestOptions = {}): SipRequest {
    this.localSeqValue = (this.localSeqValue ?? initialCSeq() - 1) + 1;
    return this.build(method, this.localSeqValue, options);
  }

  /**
   * A final response to one of our in-dialog requests: if an authenticated re-send went
   * out with a higher CSeq (§22.2: CSeq + 1 per challenge), later requests must number
   * above it (§12.2.1.1). Returns the response's CSeq number (undefined if unreadable).
   */
  noteLocalSeq(response: SipResponse): number | undefined {
    const cseq = header(response.headers, "CSeq", parseCSeq);
    if (!cseq.ok) return undefined;
    if (this.localSeqValue === undefined || cseq.value.seq > this.localSeqValue) this.localSeqValue = cseq.value.seq;
    return cseq.value.seq;
  }

  /** §13.2.2.4: the ACK for a 2xx carries the INVITE's CSeq number and the dialog's route set. */
  createAck(inviteSeq: number, options: RequestOptions = {}): SipRequest {
    return this.build("ACK", inviteSeq, options);
  }

  /**
   * RFC 3261 §12.2.2: checks an incoming in-dialog request (not ACK or CANCEL) and
   * records its CSeq. Returns the status to reject it with: 400 if its CSeq is
   * unreadable, 500 if it is lower than the last one seen (out of order).
   */
  receiveRequest(request: SipRequest): Result<void, number> {
    const cseq = header(request.headers, "CSeq", parseCSeq);
    if (!cseq.ok) return err(400);
    if (this.remoteSeqValue !== undefined && cseq.value.seq < this.remoteSeqValue) return err(500);
    this.remoteSeqValue = cseq.value.seq;
    return ok(undefined);
  }

  private build(method: string, seq: number, options: RequestOptions): SipRequest {
    const headers = new Headers();
    const { uri, routes } = this.routing();
    for (const route of routes) headers.append("Route", route);
    headers.append("From", formatNameAddr(tagged(this.localUri, this.id.localTag)));
    headers.append("To", formatNameAddr(tagged(this.remoteUri, this.id.remoteTag)));
    headers.append("Call-ID", this.id.callId);
    headers.append("CSeq", `${seq} ${method}`);
    if (TARGET_REFRESH.has(method)) headers.append("Contact", formatNameAddr({ displayName: undefined, uri: this.localContact, params: {} }));
    for (const [name, value] of options.headers ?? []) headers.append(name, value);
    const body = Buffer.from(options.body ?? "", "utf8");
    if (body.length > 0) headers.set("Content-Type", options.contentType ?? "application/sdp");
    return { type: "request", method, uri, version: "SIP/2.0", headers, body };
  }

  /** §12.2.1.1: loose routing keeps the remote target as Request-URI; strict routing moves it last. */
  private routing(): { uri: string; routes: string[] } {
    const [first, ...rest] = this.routeSetValue;
    const target = formatUri(requestUriForm(this.remoteTargetValue));
    if (!first) return { uri: target, routes: [] };
    if ("lr" in first.uri.params) return { uri: target, routes: this.routeSetValue.map(formatNameAddr) };
    return {
      uri: formatUri(requestUriForm(first.uri)),
      routes: [...rest.map(formatNameAddr), `<${target}>`],
    };
  }

  private transition(to: DialogState): void {
    if (!ALLOWED[this.stateValue].includes(to)) throw new Error(`dialog ${this.stateValue} -> ${to}`);
    this.stateValue = to;
  }
}

/** The dialog key a dialog table files `id` under. */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag}`;
}

/** A request received in a dialog carries our tag in To and theirs in From. */
export function incomingRequestDialogId(request: SipRequest): DialogId | undefined {
  return dialogIdFrom(request.headers, "To", "From");
}

/** A response to our request carries our tag in From and theirs in To. */
export function responseDialogId(response: SipResponse): DialogId | undefined {
  return dialogIdFrom(response.headers, "From", "To");
}

function dialogIdFrom(headers: Headers, local: string, remote: string): DialogId | undefined {
  const callId = headers.get("Call-ID");
  const localAddr = header(headers, local, parseNameAddr);
  const remoteAddr = header(headers, remote, parseNameAddr);
  if (!callId || !localAddr.ok || !remoteAddr.ok) return undefined;
  return { callId, localTag: tagOf(localAddr.value), remoteTag: tagOf(remoteAddr.value) };
}

/** The tag parameter, or "" for an RFC 2543 peer that sent none. */
export function tagOf(value: NameAddr): string {
  return value.params["tag"] ?? "";
}

/** The URI of the first Contact, if present and parseable. */
export function contactUri(headers: Headers): SipUri | undefined {
  const first = headers.list("Contact")[0];
  if (first === undefined) return undefined;
  const parsed = parseNameAddr(first);
  return parsed.ok ? parsed.value.uri : undefined;
}

function header<T>(headers: Headers, name: string, parse: (text: string) => Result<T, unknown>): Result<T, string> {
  const value = headers.get(name);
  if (value === undefined) return err(`missing ${name}`);
  const parsed = parse(value);
  return parsed.ok ? ok(parsed.value) : err(`bad ${name}`);
}

function routeSet(headers: Headers): Result<NameAddr[]> {
  const routes: NameAddr[] = [];
  for (const text of headers.list("Record-Route")) {
    const parsed = parseNameAddr(text);
    if (!parsed.ok) return err("bad Record-Route");
    routes.push(parsed.value);
  }
  return ok(routes);
}

function withoutTag(value: NameAddr): NameAddr {
  const params = { ...value.params };
  delete params["tag"];
  return { displayName: value.displayName, uri: value.uri, params };
}

function tagged(value: NameAddr, tag: string): NameAddr {
  return tag ? { ...value, params: { ...value.params, tag } } : value;
}

/** §19.1.1 table 1: a Request-URI carries no `method` parameter and no URI headers. */
export function requestUriForm(uri: SipUri): SipUri {
  const params = { ...uri.params };
  delete params["method"];
  return { ...uri, params, headers: {} };
}
