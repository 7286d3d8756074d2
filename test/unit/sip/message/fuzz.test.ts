/**
 * Hostile input: random bytes and mutated valid messages (samples and RFC 4475
 * fixtures) must never make the message layer throw. parseMessage returns a value
 * either way; on success the structured views and serializeMessage also return,
 * and the StreamFramer survives the same bytes in random chunks. A seeded
 * generator keeps failures reproducible. Not covered: correctness of the results.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  StreamFramer, parseCSeq, parseMessage, parseNameAddr, parseUri, parseVia, serializeMessage, splitNameAddr, topVia,
} from "../../../../src/sip/message/index.js";
import { CHALLENGE_401, INVITE, OK_200 } from "./samples.js";

/** xorshift32: small, seeded, good enough to spread mutations. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const dir = new URL("../../../fixtures/rfc4475/", import.meta.url);
const seeds: Buffer[] = [Buffer.from(INVITE), Buffer.from(OK_200), Buffer.from(CHALLENGE_401)].concat(
  readdirSync(dir).filter((f) => f.endsWith(".dat")).map((f) => readFileSync(new URL(f, dir))),
);
const SPECIAL = Buffer.from(' \t\r\n:;,<>"\\%@?=/[]\x00\xff-0123456789', "latin1");

function mutate(input: Buffer, random: () => number): Buffer {
  const bytes = Array.from(input);
  const edits = 1 + Math.floor(random() * 8);
  for (let e = 0; e < edits && bytes.length > 0; e++) {
    const at = Math.floor(random() * bytes.length);
    const special = SPECIAL[Math.floor(random() * SPECIAL.length)]!;
    switch (Math.floor(random() * 5)) {
      case 0: bytes[at] = special; break;
      case 1: bytes.splice(at, 0, special); break;
      case 2: bytes.splice(at, 1 + Math.floor(random() * 20)); break;
      case 3: bytes.splice(at, 0, ...bytes.slice(Math.floor(random() * bytes.length), Math.floor(random() * bytes.length))); break;
      default: bytes.length = at; break;
    }
  }
  return Buffer.from(bytes);
}

/** Everything a caller may do with a parsed message; must not throw. */
function exercise(data: Buffer): boolean {
  const result = parseMessage(data);
  if (!result.ok) {
    expect(result.error.reason.length).toBeGreaterThan(0);
    return false;
  }
  const msg = result.value;
  topVia(msg);
  for (const field of msg.headers.all()) {
    parseVia(field.value);
    parseNameAddr(field.value);
    splitNameAddr(field.value);
    parseCSeq(field.value);
    parseUri(field.value);
  }
  if (msg.type === "request") parseUri(msg.uri);
  expect(parseMessage(serializeMessage(msg)).ok).toBe(true);
  return true;
}

describe("message layer under hostile input", () => {
  it("never throws on random bytes", () => {
    const random = rng(0x5eed);
    for (let n = 0; n < 2000; n++) {
      const length = Math.floor(random() * 300);
      const data = Buffer.alloc(length);
      for (let i = 0; i < length; i++) data[i] = Math.floor(random() * 256);
      expect(() => exercise(data)).not.toThrow();
    }
  });

  it("never throws on mutated valid messages, and some mutants still parse", () => {
    const random = rng(0xc0ffee);
    let accepted = 0;
    for (let n = 0; n < 4000; n++) {
      const data = mutate(seeds[n % seeds.length]!, random);
      let ok = false;
      expect(() => { ok = exercise(data); }).not.toThrow();
      if (ok) accepted++;
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it("the stream framer survives the same mutants in random chunks", () => {
    const random = rng(0xfeed);
    for (let n = 0; n < 500; n++) {
      const framer = new StreamFramer({ maxHeadBytes: 4096, maxBodyBytes: 4096 });
      const data = Buffer.concat([mutate(seeds[n % seeds.length]!, random), mutate(seeds[(n + 1) % seeds.length]!, random)]);
      let at = 0;
      while (at < data.length) {
        const size = 1 + Math.floor(random() * 200);
        expect(() => framer.push(data.subarray(at, at + size))).not.toThrow();
        at += size;
      }
    }
  });
});
