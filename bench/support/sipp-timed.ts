/**
 * SIPp peers that note on the wall clock (gettimeofday, µs) when a message crosses them, for
 * timing another process from outside: a callee that logs each INVITE's arrival and refuses it
 * (486), and a caller that logs when it sends its INVITE and when 180 and 200 arrive, then
 * ACKs and hangs up. Times are written by SIPp's log action to a file of ours, read back
 * as milliseconds since the epoch (compare with wallNowMs()).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSipp, type SippHandle, type SippResult } from "../../test/interop/peers/index.js";

/** Milliseconds since the epoch, sub-millisecond: the same clock SIPp's gettimeofday reads. */
export const wallNowMs = (): number => performance.timeOrigin + performance.now();

const stamp = (label: string): string => `<action><gettimeofday assign_to="s,us"/><log message="${label} [$s] [$us]"/></action>`;

const CALLEE = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="callee: note the INVITE, refuse it">
  <recv request="INVITE" crlf="true">${stamp("INVITE")}</recv>
  <send retrans="500">
    <![CDATA[
      SIP/2.0 486 Busy Here
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]>
  </send>
  <recv request="ACK" crlf="true"/>
</scenario>
`;

const CALLER = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="caller: note INVITE sent, 180 and 200 received; ACK, BYE">
  <nop>${stamp("INVITE")}</nop>
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: "Bench" <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:bench@[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=sipp 1 1 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      a=ptime:20
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true">${stamp("180")}</recv>
  <recv response="183" optional="true"/>
  <recv response="200" rrs="true">${stamp("200")}</recv>
  <send>
    <![CDATA[
      ACK [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      Max-Forwards: 70
      From: "Bench" <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Content-Length: 0
    ]]>
  </send>
  <send retrans="500">
    <![CDATA[
      BYE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      Max-Forwards: 70
      From: "Bench" <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" crlf="true"/>
</scenario>
`;

export interface TimedSipp {
  sipp: SippHandle;
  /** Wall-clock ms of each noted event so far, by label ("INVITE", "180", "200"), oldest first. */
  stamps(): Record<string, number[]>;
  done: Promise<SippResult>;
}

/** Reads `LABEL seconds microseconds` lines (SIPp prints its numbers as 1796403138.000000). */
export function parseStamps(text: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [, label, s, us] of text.matchAll(/^(\S+) (\d+)(?:\.\d+)? (\d+)(?:\.\d+)?$/gm)) {
    (out[label!] ??= []).push(Number(s) * 1000 + Number(us) / 1000);
  }
  return out;
}

async function timed(dir: string, name: string, scenario: string, options: Parameters<typeof startSipp>[0]): Promise<TimedSipp> {
  const scenarioPath = join(dir, `${name}.xml`);
  const logPath = join(dir, `${name}-${Date.now()}.log`);
  writeFileSync(scenarioPath, scenario);
  writeFileSync(logPath, "");
  const sipp = await startSipp({ ...options, scenario: scenarioPath, extraArgs: ["-trace_logs", "-log_file", logPath] });
  return { sipp, done: sipp.done, stamps: () => parseStamps(readFileSync(logPath, "utf8")) };
}

/** A callee on `port` that notes and refuses one INVITE. */
export async function timedCallee(dir: string, port: number): Promise<TimedSipp> {
  const callee = await timed(dir, "callee", CALLEE, { scenario: "", localPort: port, timeoutSec: 30 });
  await callee.sipp.ready();
  return callee;
}

/** A caller from `localPort` calling `user` through the proxy at `proxyPort`. */
export function timedCaller(dir: string, proxyPort: number, localPort: number, user: string): Promise<TimedSipp> {
  return timed(dir, "caller", CALLER, { scenario: "", remote: { port: proxyPort }, localPort, service: user, timeoutSec: 30 });
}
