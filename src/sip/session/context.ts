/**
 * What every session gets from its SessionManager: the way out (RequestSender),
 * time, logs, the capabilities we advertise, and the manager's registry.
 */
import type { Clock } from "../../util/clock.js";
import type { Logs } from "../../util/log.js";
import type { DialogId } from "../dialog/dialog.js";
import { createResponse, formatUri, type NameAddr, type SipRequest, type SipResponse, type SipUri } from "../message/index.js";
import type { Protocol } from "../transport/types.js";
import type { RequestSender } from "../ua/types.js";
import type { DialogUsages } from "./dialog-usages.js";
import type { Session } from "./session.js";
import type { CallFailure } from "./types.js";

export interface SessionTimers {
  /** RTT estimate, ms (RFC 3261 §17.1.1.1): 2xx retransmission starts here; 64·T1 bounds the wait for ACK. */
  T1: number;
  /** Cap of the 2xx retransmission interval, ms. */
  T2: number;
}

export interface SessionContext {
  readonly sender: RequestSender;
  readonly clock: Clock;
  readonly logs: Logs;
  readonly timers: SessionTimers;
  /** Methods for Allow (§20.5). */
  readonly allow: readonly string[];
  /** Option tags for Supported (§20.37); the header is left out when empty. */
  readonly supported: readonly string[];
  readonly userAgent: string | undefined;
  /** Uniform in [0, 1): glare back-off (§14.1) and Retry-After. */
  readonly random: () => number;
  localContact(protocol: Protocol): SipUri;
  /** The account's address of record, for Referred-By (RFC 3892); undefined: our URI in the dialog. */
  readonly aor: NameAddr | undefined;
  /** REFER subscriptions sharing our dialogs; they may outlive their session. */
  readonly usages: DialogUsages;
  /** Files the session under a dialog id (early or confirmed) so in-dialog requests reach it. */
  register(id: DialogId, session: Session): void;
  /** Takes one dialog id off the session (an early dialog that will not be confirmed). */
  unregister(id: DialogId, session: Session): void;
  /** The session ended: drop it from every table, under all its dialog ids. */
  forget(session: Session): void;
}

/** Allow, Supported and User-Agent (requests) or Server (responses). */
export function capabilityHeaders(ctx: SessionContext, kind: "request" | "response"): [string, string][] {
  const out: [string, string][] = [["Allow", ctx.allow.join(", ")]];
  if (ctx.supported.length > 0) out.push(["Supported", ctx.supported.join(", ")]);
  out.push(...agentHeader(ctx, kind));
  return out;
}

/** Our Contact header field (§8.1.1.8, §12.1.1). */
export function contactHeader(uri: SipUri): [string, string] {
  return ["Contact", `<${formatUri(uri)}>`];
}

/** User-Agent (requests) or Server (responses), when configured. */
export function agentHeader(ctx: SessionContext, kind: "request" | "response"): [string, string][] {
  return ctx.userAgent ? [[kind === "request" ? "User-Agent" : "Server", ctx.userAgent]] : [];
}

export interface ResponseOptions {
  reason?: string;
  toTag?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  /** SDP body; sets Content-Type application/sdp. */
  sdp?: string;
}

/** A response to `request` (§8.2.6) with extra headers and an optional SDP body. */
export function buildResponse(request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const response = createResponse(request, status, { reason: options.reason, toTag: options.toTag });
  for (const [name, value] of options.headers ?? []) response.headers.append(name, value);
  if (options.sdp !== undefined) {
    response.headers.set("Content-Type", "application/sdp");
    response.body = Buffer.from(options.sdp, "utf8");
  }
  return response;
}

/** A CallFailure from a final response, or from a timeout (408) / transport error (503) without one. */
export function failureOf(status: number, reason: string, response?: SipResponse): CallFailure {
  const reasonHeader = response?.headers.get("Reason");
  return reasonHeader === undefined ? { status, reason } : { status, reason, reasonHeader };
}
