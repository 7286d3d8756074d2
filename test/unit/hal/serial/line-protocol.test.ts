/**
 * The dialtone-line/1 codec and line splitter (docs/line-protocol.md §1–5): every host
 * command and controller message as text and back (format(parse(text)) === text), refusals
 * of malformed lines with their reason, random garbage that never throws, the 64-character
 * limit, lines split across reads in every way, and CR/LF/CR LF endings.
 * Does not cover behaviour over a port (controller-client and serial-line tests do).
 */
import { describe, expect, it } from "vitest";
import {
  formatControllerMessage,
  formatHostCommand,
  parseControllerLine,
  parseHostLine,
  protocolMajor,
  type ControllerMessage,
  type HostCommand,
} from "../../../../hal/serial/line-protocol.js";
import { LineSplitter, type SplitItem } from "../../../../hal/serial/line-splitter.js";

const hostVectors: [string, HostCommand][] = [
  ["V?", { kind: "version" }],
  ["T 0", { kind: "ping", seq: 0 }],
  ["T 65535", { kind: "ping", seq: 65535 }],
  ["H 7 1", { kind: "hook", seq: 7, port: 1 }],
  ["R 12 0 1", { kind: "ring", seq: 12, port: 0, on: true }],
  ["R 13 0 0", { kind: "ring", seq: 13, port: 0, on: false }],
  ["P 14 1 F", { kind: "polarity", seq: 14, port: 1, polarity: "forward" }],
  ["P 15 1 R", { kind: "polarity", seq: 15, port: 1, polarity: "reverse" }],
];

const controllerVectors: [string, ControllerMessage][] = [
  ["V dialtone-line/1 ports=2 fw=0.3.1", { kind: "version", protocol: "dialtone-line/1", ports: 2, firmware: "0.3.1", dtmf: false }],
  ["V dialtone-line/1 ports=1 fw=x dtmf=1", { kind: "version", protocol: "dialtone-line/1", ports: 1, firmware: "x", dtmf: true }],
  ["B dialtone-line/1 ports=2 fw=0.3.1 dtmf=1 reset=brownout", { kind: "boot", protocol: "dialtone-line/1", ports: 2, firmware: "0.3.1", dtmf: true, reset: "brownout" }],
  ["A 5", { kind: "ack", seq: 5, fields: [] }],
  ["A 6 104233", { kind: "ack", seq: 6, fields: ["104233"] }],
  ["A 7 off", { kind: "ack", seq: 7, fields: ["off"] }],
  ["N 8 offhook", { kind: "refused", seq: 8, code: "offhook", text: "" }],
  ["N 9 cmd unknown command X", { kind: "refused", seq: 9, code: "cmd", text: "unknown command X" }],
  ["H 0 off 106012", { kind: "hook", port: 0, state: "off", ms: 106012 }],
  ["H 1 on 4294967295", { kind: "hook", port: 1, state: "on", ms: 4294967295 }],
  ["D 0 5 start 108400", { kind: "digit", port: 0, digit: "5", phase: "start", ms: 108400 }],
  ["D 1 # end 0", { kind: "digit", port: 1, digit: "#", phase: "end", ms: 0 }],
  ["D 0 D start 1", { kind: "digit", port: 0, digit: "D", phase: "start", ms: 1 }],
  ["E - overflow", { kind: "error", port: undefined, code: "overflow", text: "" }],
  ["E 1 ring generator over current", { kind: "error", port: 1, code: "ring", text: "generator over current" }],
];

describe("host commands", () => {
  it.each(hostVectors)("%s reads and writes back", (text, command) => {
    expect(parseHostLine(text)).toEqual({ ok: true, value: command });
    expect(formatHostCommand(command)).toBe(text);
  });

  it("tolerates repeated spaces between fields", () => {
    expect(parseHostLine("  R  3 1   1 ")).toEqual({ ok: true, value: { kind: "ring", seq: 3, port: 1, on: true } });
  });

  it.each([
    ["", /empty/],
    ["X 1", /unknown command "X"/],
    ["R 1 0", /needs 3/],
    ["R 1 0 1 9", /at most 3/],
    ["R 1 0 2", /1 or 0/],
    ["P 1 0 X", /F or R/],
    ["T 65536", /seq 65536 is above 65535/],
    ["T -1", /not a decimal/],
    ["H 1 16", /port 16 is above 15/],
    ["V? now", /no fields/],
    ["T 1\u0007", /printable/],
    ["T " + "1".repeat(63), /limit is 64/],
  ])("refuses %j", (text, reason) => {
    const parsed = parseHostLine(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(reason);
  });
});

describe("controller messages", () => {
  it.each(controllerVectors)("%s reads and writes back", (text, message) => {
    expect(parseControllerLine(text)).toEqual({ ok: true, value: message });
    expect(formatControllerMessage(message)).toBe(text);
  });

  it("ignores unknown key=value fields in V and defaults a B without reset to unknown", () => {
    expect(parseControllerLine("V dialtone-line/1 fw=9 ports=2 board=rev-c")).toEqual({ ok: true, value: { kind: "version", protocol: "dialtone-line/1", ports: 2, firmware: "9", dtmf: false } });
    const boot = parseControllerLine("B dialtone-line/1 ports=2 fw=9");
    expect(boot.ok && boot.value.kind === "boot" && boot.value.reset).toBe("unknown");
  });

  it.each([
    ["V dialtone-line/1 fw=1", /ports missing/],
    ["V dialtone-line/1 ports=0 fw=1", /ports is 0/],
    ["V dialtone-line/1 ports=17 fw=1", /above 16/],
    ["V dialtone-line/1 ports=2", /fw missing/],
    ["V dialtone-line/1 ports=2 fw=1 dtmf=yes", /dtmf wants 0 or 1/],
    ["V ports=2 fw=1", /protocol name/],
    ["V dialtone-line/1 ports=2 fw=1 junk", /not key=value/],
    ["A", /seq missing/],
    ["N 4", /refusal code/],
    ["H 0 up 5", /on or off/],
    ["H 0 on", /needs 3/],
    ["H 0 on 4294967296", /above 4294967295/],
    ["D 0 E start 5", /not a DTMF digit/],
    ["D 0 5 middle 5", /start or end/],
    ["E", /needs 2/],
    ["E x boom", /not a decimal/],
    ["Q 1", /unknown message type/],
  ])("refuses %j", (text, reason) => {
    const parsed = parseControllerLine(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(reason);
  });

  it("reads the protocol major version, and nothing from someone else's protocol", () => {
    expect(protocolMajor("dialtone-line/1")).toBe(1);
    expect(protocolMajor("dialtone-line/2.1")).toBe(2);
    expect(protocolMajor("other-line/1")).toBeUndefined();
    expect(protocolMajor("dialtone-line/x")).toBeUndefined();
  });
});

describe("garbage", () => {
  it("never throws on mutated and random lines, and any line it accepts writes back to the same message", () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const alphabet = "VABNHDEPRT?=01 259#*-/onfstardil\x00\xff\u00e9";
    const valid = [...hostVectors, ...controllerVectors].map(([text]) => text);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 20000; i++) {
      const chars = [...valid[random(valid.length)]!];
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(chars.length + 1);
        const what = random(3);
        if (what === 0) chars.splice(at, 1);
        else if (what === 1) chars.splice(at, 0, alphabet[random(alphabet.length)]!);
        else chars[at] = alphabet[random(alphabet.length)]!;
      }
      const text = i % 10 === 0 ? Array.from({ length: random(80) }, () => alphabet[random(alphabet.length)]).join("") : chars.join("");
      const asController = parseControllerLine(text);
      const asHost = parseHostLine(text);
      if (asController.ok) expect(parseControllerLine(formatControllerMessage(asController.value))).toEqual(asController);
      if (asHost.ok) expect(parseHostLine(formatHostCommand(asHost.value))).toEqual(asHost);
      if (asController.ok || asHost.ok) accepted++;
      else refused++;
    }
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });
});

describe("LineSplitter", () => {
  const lines = (items: SplitItem[]): string[] => items.map((i) => (i.kind === "line" ? i.text : `<overlong ${i.length}>`));
  const bytes = (text: string): Uint8Array => Buffer.from(text, "latin1");

  it("ends lines at LF, CR and CR LF, and drops empty ones", () => {
    const s = new LineSplitter();
    expect(lines(s.push(bytes("A 1\nA 2\rA 3\r\n\n\r\nA 4")))).toEqual(["A 1", "A 2", "A 3"]);
    expect(s.pending).toBe(3);
    expect(lines(s.push(bytes("\r\n")))).toEqual(["A 4"]);
  });

  it("puts a line split at every byte boundary back together", () => {
    const stream = "H 0 off 106012\r\nD 0 5 start 108400\r\nA 9\n";
    for (let cut = 0; cut <= stream.length; cut++) {
      const s = new LineSplitter();
      const out = [...s.push(bytes(stream.slice(0, cut))), ...s.push(bytes(stream.slice(cut)))];
      expect(lines(out)).toEqual(["H 0 off 106012", "D 0 5 start 108400", "A 9"]);
    }
    const s = new LineSplitter();
    const out = [...stream].flatMap((ch) => s.push(bytes(ch)));
    expect(lines(out)).toEqual(["H 0 off 106012", "D 0 5 start 108400", "A 9"]);
  });

  it("keeps a 64-character line, discards a longer one whole (across reads), and holds at most 64 bytes", () => {
    const s = new LineSplitter();
    const max = "E - x " + "y".repeat(58);
    expect(max.length).toBe(64);
    expect(lines(s.push(bytes(max + "\n")))).toEqual([max]);
    expect(lines(s.push(bytes("z".repeat(50))))).toEqual([]);
    expect(lines(s.push(bytes("z".repeat(100000))))).toEqual([]);
    expect(s.pending).toBe(100050);
    expect(lines(s.push(bytes("zz\nA 1\n")))).toEqual(["<overlong 100052>", "A 1"]);
    expect(s.pending).toBe(0);
  });

  it("passes non-ASCII bytes through for the parser to refuse, one byte one character", () => {
    const s = new LineSplitter();
    const [item] = s.push(new Uint8Array([0x41, 0x20, 0xff, 0x00, 0x0a]));
    expect(item).toEqual({ kind: "line", text: "A \u00ff\u0000" });
    expect(parseControllerLine((item as { text: string }).text).ok).toBe(false);
  });

  it("forgets a partial line on reset", () => {
    const s = new LineSplitter();
    s.push(bytes("A 1"));
    s.reset();
    expect(lines(s.push(bytes("2\n")))).toEqual(["2"]);
  });
});
