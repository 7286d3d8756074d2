/**
 * SIPp scenarios the end-to-end phone tests and bench/phone.bench.ts write for themselves (the
 * shared ones are in test/interop/scenarios/): a callee that refuses with any status, a callee
 * behind a proxy that rings and takes the CANCEL, a caller that places one call and hangs up
 * noting on the wall clock (gettimeofday, to a -log_file) when its messages cross it, and a
 * caller that lets the phone ring for a while and then cancels. Built from a few message blocks so each SIP message is written once.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** SIPp action noting `label seconds microseconds` in its log file. */
export function stamp(label: string): string {
  return `<action><gettimeofday assign_to="s,us"/><log message="${label} [$s] [$us]"/></action>`;
}

function scenario(name: string, body: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n<scenario name="${name}">\n${body}</scenario>\n`;
}

function send(lines: (string | false)[], retrans: boolean): string {
  const text = lines.filter((l): l is string => l !== false).map((l) => `      ${l}`).join("\n");
  return `  <send${retrans ? ' retrans="500"' : ""}>\n    <![CDATA[\n${text}\n    ]]>\n  </send>\n`;
}

interface ReplyOptions {
  /** Via values to send instead of the last request's (a 487 sent after a proxy's CANCEL). */
  vias?: string[];
  /** CSeq value instead of the last request's. */
  cseq?: string;
  /** Provisional replies carry Record-Route and Contact (a 180 that may start a dialog). */
  provisional?: boolean;
}

/** A response to the last request received, with this callee's To tag. */
function reply(status: string, options: ReplyOptions = {}): string {
  return send([
    `SIP/2.0 ${status}`,
    ...(options.vias?.map((v) => `Via:${v}`) ?? ["[last_Via:]"]),
    options.provisional === true && "[last_Record-Route:]",
    "[last_From:]",
    "[last_To:];tag=[pid]SIPpTag01[call_number]",
    "[last_Call-ID:]",
    options.cseq === undefined ? "[last_CSeq:]" : `CSeq: ${options.cseq}`,
    options.provisional === true && "Contact: <sip:[local_ip]:[local_port];transport=[transport]>",
    "Content-Length: 0",
  ], !status.startsWith("1"));
}

/** A callee that answers one INVITE with `status` (e.g. "486 Busy Here") and takes the ACK; `stamped` notes the INVITE. */
export function refusingCallee(status: string, stamped = false): string {
  return scenario(`callee: refuse with ${status}`, [
    `  <recv request="INVITE" crlf="true">${stamped ? stamp("INVITE") : ""}</recv>\n`,
    reply(status),
    '  <recv request="ACK" crlf="true"/>\n',
  ].join(""));
}

/**
 * A callee behind a proxy that rings and takes the caller's CANCEL: as scenarios/uas-ring-then-cancel.xml,
 * but the 487 carries the INVITE's two Vias (the proxy's and the caller's, kept from the INVITE),
 * not the CANCEL's one (a proxy's CANCEL has only its own), so the proxy can pass it back.
 */
export function ringThenCancelBehindProxy(): string {
  return scenario("callee behind a proxy: ring, then take the CANCEL", [
    '  <recv request="INVITE" crlf="true">\n    <action>\n',
    '      <ereg regexp=".*" search_in="hdr" header="Via:" check_it="true" assign_to="via1"/>\n',
    '      <ereg regexp=".*" search_in="hdr" header="Via:" occurrence="2" check_it="true" assign_to="via2"/>\n',
    '      <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="invite_seq"/>\n',
    "    </action>\n  </recv>\n",
    reply("180 Ringing", { provisional: true }),
    '  <recv request="CANCEL"/>\n',
    send(["SIP/2.0 200 OK", "[last_Via:]", "[last_From:]", "[last_To:];tag=[pid]SIPpTag01[call_number]", "[last_Call-ID:]", "[last_CSeq:]", "Content-Length: 0"], false),
    reply("487 Request Terminated", { vias: ["[$via1]", "[$via2]"], cseq: "[$invite_seq] INVITE" }),
    '  <recv request="ACK" crlf="true"/>\n',
  ].join(""));
}

const FROM_CALLER = 'From: "Bench" <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]';

/** An in-dialog request of the caller (ACK or BYE), routed by the 200's Record-Route. */
function dialogRequest(method: "ACK" | "BYE", cseq: number): string {
  return send([
    `${method} [next_url] SIP/2.0`,
    "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]",
    "[routes]",
    "Max-Forwards: 70",
    FROM_CALLER,
    "[last_To:]",
    "Call-ID: [call_id]",
    `CSeq: ${cseq} ${method}`,
    "Content-Length: 0",
  ], method === "BYE");
}

/** The caller's INVITE to [service] at the proxy, with a PCMU and telephone-event offer. */
function invite(): string {
  return send([
    "INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0",
    "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]",
    "Max-Forwards: 70",
    FROM_CALLER,
    "To: <sip:[service]@[remote_ip]:[remote_port]>",
    "Call-ID: [call_id]",
    "CSeq: 1 INVITE",
    "Contact: <sip:bench@[local_ip]:[local_port];transport=[transport]>",
    "Content-Type: application/sdp",
    "Content-Length: [len]",
    "",
    "v=0",
    "o=sipp 1 1 IN IP[local_ip_type] [local_ip]",
    "s=-",
    "c=IN IP[media_ip_type] [media_ip]",
    "t=0 0",
    "m=audio [media_port] RTP/AVP 0 101",
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:101 telephone-event/8000",
    "a=fmtp:101 0-15",
    "a=ptime:20",
  ], true);
}

/** A caller that calls [service], noting when it sends the INVITE and when 180 and 200 arrive; ACKs, then hangs up at once. */
export function stampedCaller(): string {
  return scenario("caller: note INVITE sent, 180 and 200 received; ACK, BYE", [
    `  <nop>${stamp("INVITE")}</nop>\n`,
    invite(),
    '  <recv response="100" optional="true"/>\n',
    `  <recv response="180" optional="true">${stamp("180")}</recv>\n`,
    '  <recv response="183" optional="true"/>\n',
    `  <recv response="200" rrs="true">${stamp("200")}</recv>\n`,
    dialogRequest("ACK", 1),
    dialogRequest("BYE", 2),
    '  <recv response="200" crlf="true"/>\n',
  ].join(""));
}

/**
 * A caller that gives up: after 180 it lets the phone ring for -d ms (pauseMs), then sends
 * CANCEL (the INVITE's Request-URI, Call-ID, From, CSeq number and Via, RFC 3261 §9.1), takes
 * its 200 and the INVITE's 487, and ACKs the 487 in the INVITE's transaction (§17.1.1.3).
 */
export function cancellingCaller(): string {
  const inInviteTransaction = (method: "CANCEL" | "ACK", to: string): string => send([
    `${method} sip:[service]@[remote_ip]:[remote_port] SIP/2.0`,
    "[last_Via:]",
    "Max-Forwards: 70",
    FROM_CALLER,
    to,
    "Call-ID: [call_id]",
    `CSeq: 1 ${method}`,
    "Content-Length: 0",
  ], method === "CANCEL");
  return scenario("caller: ring for a while, then CANCEL", [
    invite(),
    '  <recv response="100" optional="true"/>\n',
    '  <recv response="180"/>\n',
    "  <pause/>\n",
    inInviteTransaction("CANCEL", "To: <sip:[service]@[remote_ip]:[remote_port]>"),
    '  <recv response="200"/>\n',
    '  <recv response="487"/>\n',
    inInviteTransaction("ACK", "[last_To:]"),
  ].join(""));
}

/** Writes `xml` as `name`.xml in `dir`; returns its path (for startSipp's `scenario`). */
export function writeScenario(dir: string, name: string, xml: string): string {
  const path = join(dir, `${name}.xml`);
  writeFileSync(path, xml);
  return path;
}
