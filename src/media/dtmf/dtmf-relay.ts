/**
 * The SIP INFO body `application/dtmf-relay` (no RFC: a de facto format from Cisco
 * gateways, kept by most ATAs and PBXs):
 *
 *   Signal=5\r\n
 *   Duration=160\r\n
 *
 * Signal is the digit 0–9 * # A–D; hook flash travels as `Signal=16`, the RFC 4733
 * event code, as AudioCodes gateways do in their "NetCentrex" INFO mode. The parser
 * is tolerant of what deployed equipment writes: any line ending, spaces around `=`,
 * keys in any case, lower-case a–d, `Signal=10`/`11` for * and #, `hf`, `flash` or
 * `!` for flash; Duration missing means 250 ms (what Cisco gateways assume).
 */
import { err, ok, type Result } from "../../util/result.js";
import { eventCode, eventName, type TelephoneEventName } from "../events/index.js";

export const DTMF_RELAY_CONTENT_TYPE = "application/dtmf-relay";
/** Duration assumed when the body has none. */
export const DTMF_RELAY_DEFAULT_DURATION_MS = 250;

export interface DtmfRelay {
  readonly digit: TelephoneEventName;
  readonly durationMs: number;
}

/** The body for one digit or flash. A name that is not a DTMF digit or "flash" is a caller bug: RangeError. */
export function buildDtmfRelay(relay: { digit: string; durationMs: number }): string {
  const code = eventCode(relay.digit);
  if (code === undefined) throw new RangeError(`dtmf-relay: "${relay.digit}" is not a DTMF digit or flash`);
  if (!(relay.durationMs > 0) || !Number.isFinite(relay.durationMs)) throw new RangeError(`dtmf-relay: duration ${relay.durationMs} ms`);
  const name = eventName(code)!;
  const signal = name === "flash" ? String(code) : name;
  return `Signal=${signal}\r\nDuration=${Math.round(relay.durationMs)}\r\n`;
}

/** Reads a body; an unreadable one is an error value saying why. */
export function parseDtmfRelay(body: string): Result<DtmfRelay> {
  const fields = new Map<string, string>();
  for (const line of body.split(/\r\n|\r|\n/)) {
    const at = line.indexOf("=");
    if (at < 0) continue;
    fields.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  const signal = fields.get("signal");
  if (signal === undefined || signal === "") return err("dtmf-relay: no Signal line");
  const digit = signalName(signal);
  if (digit === undefined) return err(`dtmf-relay: unknown Signal "${signal}"`);
  const durationText = fields.get("duration");
  if (durationText === undefined || durationText === "") return ok({ digit, durationMs: DTMF_RELAY_DEFAULT_DURATION_MS });
  if (!/^\d{1,6}$/.test(durationText)) return err(`dtmf-relay: Duration "${durationText}" is not a number of ms`);
  return ok({ digit, durationMs: Number(durationText) });
}

function signalName(signal: string): TelephoneEventName | undefined {
  const lower = signal.toLowerCase();
  if (lower === "hf" || lower === "flash" || lower === "16" || lower === "!") return "flash";
  // RFC 4733 §3.2 codes for * and #, as some senders write them.
  if (lower === "10") return "*";
  if (lower === "11") return "#";
  if (signal.length !== 1) return undefined;
  const code = eventCode(signal);
  return code === undefined ? undefined : eventName(code);
}
