/**
 * The scripted controller keeps the protocol it stands in for: the example session in
 * docs/line-protocol.md §8 reads back with our parsers, and the fake answers that session's
 * host lines as the document shows (acknowledgements, refusals with their codes, syntax
 * and length errors), so tests built on it test against the document.
 * Does not cover the host side (serial-line and controller-recovery tests).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parseControllerLine, parseHostLine } from "../../../../hal/serial/line-protocol.js";
import { ScriptedController } from "./scripted-controller.js";

const DOC = readFileSync(join(import.meta.dirname, "../../../../docs/line-protocol.md"), "utf8");

/** The §8 session: [direction, text] with the parenthesised remarks removed. */
function session(): [">" | "<", string][] {
  const section = DOC.slice(DOC.indexOf("## 8."), DOC.indexOf("## 9."));
  return [...section.matchAll(/^ {4}([<>]) (.*)$/gm)].map((m) => [m[1] as ">" | "<", m[2]!.replace(/\s+\(.*\)$/, "").trimEnd()]);
}

it("reads every line of the documented session with our parsers (bad host lines on purpose excepted)", () => {
  const lines = session();
  expect(lines.length).toBeGreaterThan(20);
  for (const [direction, text] of lines) {
    if (direction === "<") expect(parseControllerLine(text), text).toMatchObject({ ok: true });
    else if (!["X 10", "hello", "R 11 0 7"].includes(text)) expect(parseHostLine(text), text).toMatchObject({ ok: true });
  }
});

it("answers the documented session's commands as the document shows", () => {
  let now = 0;
  const controller = new ScriptedController({ now: () => now, dtmf: true, firmware: "0.3.1", startMs: 104233 });
  const out: string[] = [];
  controller.connect((text) => out.push(text.replace(/\r\n$/, "")));
  const answered = (host: string): string[] => {
    out.length = 0;
    controller.receive(Buffer.from(`${host}\n`));
    return [...out];
  };
  const documented = session();
  const answers = new Map<string, string>();
  for (const [i, [direction, text]] of documented.entries()) {
    const next = documented[i + 1];
    if (direction === ">" && next?.[0] === "<") answers.set(text, next[1]);
  }
  for (const host of ["V?", "T 1", "H 4 0", "H 5 1", "R 6 0 0", "P 7 0 F", "R 8 0 1", "X 10", "hello", "R 11 0 7"]) {
    expect(answered(host), host).toEqual([answers.get(host)]);
  }
  controller.setLoop(0, "off");
  expect(answered("R 9 0 1")).toEqual(["N 9 offhook"]);
  expect(controller.unreadable).toEqual(["X 10", "hello", "R 11 0 7"]);
});

it("refuses a port it does not have, and reports an overlong line as E - long", () => {
  const controller = new ScriptedController({ now: () => 0, ports: 2 });
  const out: string[] = [];
  controller.connect((text) => out.push(text));
  controller.receive(Buffer.from(`R 1 2 1\n${"T ".padEnd(80, "9")}\nT 2\n`));
  expect(out).toEqual(["N 1 port\r\n", "E - long\r\n", "A 2 0\r\n"]);
});
