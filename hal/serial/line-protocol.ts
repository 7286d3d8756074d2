/**
 * The dialtone-line/1 codec (docs/line-protocol.md): host commands and controller messages
 * to and from one line of text. Pure: parsing never throws, whatever the bytes; a line that
 * does not follow the protocol is an error value saying why. Formatting is the exact
 * inverse of parsing for every valid message.
 */
import { err, ok, type Result } from "../../src/util/result.js";
import type { HookState, Polarity } from "../line.js";

export const PROTOCOL_NAME = "dialtone-line";
export const PROTOCOL_MAJOR = 1;
/** §1: characters before the terminator, on both sides. */
export const MAX_LINE_CHARS = 64;
export const MAX_SEQ = 65535;
export const MAX_CONTROLLER_MS = 4294967295;
export const MAX_PORTS = 16;

export type HostCommand =
  | { readonly kind: "version" }
  | { readonly kind: "ping"; readonly seq: number }
  | { readonly kind: "hook"; readonly seq: number; readonly port: number }
  | { readonly kind: "ring"; readonly seq: number; readonly port: number; readonly on: boolean }
  | { readonly kind: "polarity"; readonly seq: number; readonly port: number; readonly polarity: Polarity };

/** What a `V` or `B` line says about the controller. */
export interface ControllerIdentity {
  /** "dialtone-line/1" as sent; the host checks the major version. */
  readonly protocol: string;
  readonly ports: number;
  readonly firmware: string;
  readonly dtmf: boolean;
}

export type DigitPhase = "start" | "end";

export type ControllerMessage =
  | ({ readonly kind: "version" } & ControllerIdentity)
  | ({ readonly kind: "boot"; readonly reset: string } & ControllerIdentity)
  | { readonly kind: "ack"; readonly seq: number; readonly fields: readonly string[] }
  | { readonly kind: "refused"; readonly seq: number; readonly code: string; readonly text: string }
  | { readonly kind: "hook"; readonly port: number; readonly state: HookState; readonly ms: number }
  | { readonly kind: "digit"; readonly port: number; readonly digit: string; readonly phase: DigitPhase; readonly ms: number }
  | { readonly kind: "error"; readonly port: number | undefined; readonly code: string; readonly text: string };

const PRINTABLE = /^[\x20-\x7e]*$/;
const DIGITS = /^[0-9]{1,10}$/;
const DTMF_DIGIT = /^[0-9*#A-D]$/;

function checkText(text: string): Result<string[], string> {
  if (text.length > MAX_LINE_CHARS) return err(`line of ${text.length} characters, the limit is ${MAX_LINE_CHARS}`);
  if (!PRINTABLE.test(text)) return err("line holds a character outside printable ASCII");
  const fields = text.split(" ").filter((f) => f !== "");
  if (fields.length === 0) return err("empty line");
  return ok(fields);
}

function number(field: string | undefined, what: string, max: number): Result<number, string> {
  if (field === undefined) return err(`${what} missing`);
  if (!DIGITS.test(field)) return err(`${what} ${JSON.stringify(field)} is not a decimal number`);
  const value = Number(field);
  return value <= max ? ok(value) : err(`${what} ${value} is above ${max}`);
}

function arity(fields: readonly string[], min: number, max: number): Result<true, string> {
  const n = fields.length - 1;
  if (n < min) return err(`${fields[0]} needs ${min} field(s), got ${n}`);
  if (n > max) return err(`${fields[0]} takes at most ${max} field(s), got ${n}`);
  return ok(true);
}

/** Reads one line the host sent (what a controller, or the scripted one in tests, does). */
export function parseHostLine(text: string): Result<HostCommand, string> {
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const f = checked.value;
  if (f[0] === "V?") return f.length === 1 ? ok({ kind: "version" }) : err("V? takes no fields");
  const counts: Record<string, number> = { T: 0, H: 1, R: 2, P: 2 };
  const wanted = counts[f[0]!];
  if (wanted === undefined) return err(`unknown command ${JSON.stringify(f[0])}`);
  const shape = arity(f, wanted + 1, wanted + 1);
  if (!shape.ok) return shape;
  const seq = number(f[1], "seq", MAX_SEQ);
  if (!seq.ok) return seq;
  if (f[0] === "T") return ok({ kind: "ping", seq: seq.value });
  const port = number(f[2], "port", MAX_PORTS - 1);
  if (!port.ok) return port;
  if (f[0] === "H") return ok({ kind: "hook", seq: seq.value, port: port.value });
  if (f[0] === "R") {
    if (f[3] !== "0" && f[3] !== "1") return err(`ring wants 1 or 0, got ${JSON.stringify(f[3])}`);
    return ok({ kind: "ring", seq: seq.value, port: port.value, on: f[3] === "1" });
  }
  if (f[3] !== "F" && f[3] !== "R") return err(`polarity wants F or R, got ${JSON.stringify(f[3])}`);
  return ok({ kind: "polarity", seq: seq.value, port: port.value, polarity: f[3] === "F" ? "forward" : "reverse" });
}

export function formatHostCommand(c: HostCommand): string {
  switch (c.kind) {
    case "version":
      return "V?";
    case "ping":
      return `T ${c.seq}`;
    case "hook":
      return `H ${c.seq} ${c.port}`;
    case "ring":
      return `R ${c.seq} ${c.port} ${c.on ? 1 : 0}`;
    case "polarity":
      return `P ${c.seq} ${c.port} ${c.polarity === "forward" ? "F" : "R"}`;
  }
}

function identity(f: readonly string[]): Result<ControllerIdentity & { reset?: string }, string> {
  const protocol = f[1];
  if (protocol === undefined || !protocol.includes("/")) return err(`${f[0]} needs the protocol name/version first`);
  const keys = new Map<string, string>();
  for (const field of f.slice(2)) {
    const eq = field.indexOf("=");
    if (eq <= 0) return err(`${JSON.stringify(field)} is not key=value`);
    keys.set(field.slice(0, eq), field.slice(eq + 1));
  }
  const ports = number(keys.get("ports"), "ports", MAX_PORTS);
  if (!ports.ok) return ports;
  if (ports.value === 0) return err("ports is 0");
  const firmware = keys.get("fw");
  if (!firmware) return err("fw missing");
  const dtmf = keys.get("dtmf") ?? "0";
  if (dtmf !== "0" && dtmf !== "1") return err(`dtmf wants 0 or 1, got ${JSON.stringify(dtmf)}`);
  const reset = keys.get("reset");
  return ok({ protocol, ports: ports.value, firmware, dtmf: dtmf === "1", ...(reset === undefined ? {} : { reset }) });
}

/** Reads one line the controller sent (what the host does). */
export function parseControllerLine(text: string): Result<ControllerMessage, string> {
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const f = checked.value;
  switch (f[0]) {
    case "V":
    case "B": {
      const id = identity(f);
      if (!id.ok) return id;
      if (f[0] === "V") {
        const { reset: _ignored, ...rest } = id.value;
        return ok({ kind: "version", ...rest });
      }
      return ok({ kind: "boot", ...id.value, reset: id.value.reset ?? "unknown" });
    }
    case "A":
    case "N": {
      const seq = number(f[1], "seq", MAX_SEQ);
      if (!seq.ok) return seq;
      if (f[0] === "A") return ok({ kind: "ack", seq: seq.value, fields: f.slice(2) });
      if (f[2] === undefined) return err("N needs a refusal code");
      return ok({ kind: "refused", seq: seq.value, code: f[2], text: f.slice(3).join(" ") });
    }
    case "H": {
      const shape = arity(f, 3, 3);
      if (!shape.ok) return shape;
      const port = number(f[1], "port", MAX_PORTS - 1);
      if (!port.ok) return port;
      if (f[2] !== "on" && f[2] !== "off") return err(`hook state wants on or off, got ${JSON.stringify(f[2])}`);
      const ms = number(f[3], "ms", MAX_CONTROLLER_MS);
      return ms.ok ? ok({ kind: "hook", port: port.value, state: f[2], ms: ms.value }) : ms;
    }
    case "D": {
      const shape = arity(f, 4, 4);
      if (!shape.ok) return shape;
      const port = number(f[1], "port", MAX_PORTS - 1);
      if (!port.ok) return port;
      if (!DTMF_DIGIT.test(f[2]!)) return err(`${JSON.stringify(f[2])} is not a DTMF digit`);
      if (f[3] !== "start" && f[3] !== "end") return err(`digit phase wants start or end, got ${JSON.stringify(f[3])}`);
      const ms = number(f[4], "ms", MAX_CONTROLLER_MS);
      return ms.ok ? ok({ kind: "digit", port: port.value, digit: f[2]!, phase: f[3], ms: ms.value }) : ms;
    }
    case "E": {
      const shape = arity(f, 2, Number.POSITIVE_INFINITY);
      if (!shape.ok) return shape;
      let port: number | undefined;
      if (f[1] !== "-") {
        const p = number(f[1], "port", MAX_PORTS - 1);
        if (!p.ok) return p;
        port = p.value;
      }
      return ok({ kind: "error", port, code: f[2]!, text: f.slice(3).join(" ") });
    }
    default:
      return err(`unknown message type ${JSON.stringify(f[0])}`);
  }
}

function formatIdentity(m: ControllerIdentity): string {
  return `${m.protocol} ports=${m.ports} fw=${m.firmware}${m.dtmf ? " dtmf=1" : ""}`;
}

const joined = (...parts: string[]): string => parts.filter((p) => p !== "").join(" ");

export function formatControllerMessage(m: ControllerMessage): string {
  switch (m.kind) {
    case "version":
      return `V ${formatIdentity(m)}`;
    case "boot":
      return `B ${formatIdentity(m)} reset=${m.reset}`;
    case "ack":
      return joined("A", String(m.seq), ...m.fields);
    case "refused":
      return joined("N", String(m.seq), m.code, m.text);
    case "hook":
      return `H ${m.port} ${m.state} ${m.ms}`;
    case "digit":
      return `D ${m.port} ${m.digit} ${m.phase} ${m.ms}`;
    case "error":
      return joined("E", m.port === undefined ? "-" : String(m.port), m.code, m.text);
  }
}

/** The major version in "dialtone-line/1", or undefined when the name is not ours. */
export function protocolMajor(protocol: string): number | undefined {
  const [name, version] = protocol.split("/");
  if (name !== PROTOCOL_NAME || version === undefined || !/^[0-9]+(\.[0-9]+)*$/.test(version)) return undefined;
  return Number(version.split(".")[0]);
}
