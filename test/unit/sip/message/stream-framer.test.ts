/**
 * StreamFramer on TCP-like input: a message in pieces, several per read,
 * RFC 5626 keep-alive pings and pongs between messages (also delivered byte by
 * byte, and a pong awaited after our own ping), and the errors that end a stream
 * (missing or bad Content-Length, oversized head or body).
 * Not covered: sockets (the transport's tests), message validity (parseMessage).
 */
import { describe, expect, it } from "vitest";
import { StreamFramer } from "../../../../src/sip/message/index.js";
import type { Frame } from "../../../../src/sip/message/index.js";
import { CHALLENGE_401, INVITE, OK_200 } from "./samples.js";

function kinds(frames: Frame[]): string[] {
  return frames.map((f) => f.kind);
}

function messages(frames: Frame[]): string[] {
  return frames.flatMap((f) => (f.kind === "message" ? [f.data.toString()] : []));
}

describe("StreamFramer", () => {
  it("returns a message only once its last body byte has arrived, byte by byte", () => {
    const framer = new StreamFramer();
    const bytes = Buffer.from(INVITE);
    const out: Frame[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const frames = framer.push(bytes.subarray(i, i + 1));
      if (i < bytes.length - 1) expect(frames).toEqual([]);
      out.push(...frames);
    }
    expect(messages(out)).toEqual([INVITE]);
    expect(framer.buffered).toBe(0);
  });

  it("splits several messages arriving in one read, keeping a partial tail", () => {
    const framer = new StreamFramer();
    const all = INVITE + OK_200 + CHALLENGE_401.slice(0, 50);
    expect(messages(framer.push(Buffer.from(all)))).toEqual([INVITE, OK_200]);
    expect(messages(framer.push(Buffer.from(CHALLENGE_401.slice(50))))).toEqual([CHALLENGE_401]);
  });

  it("reports a double-CRLF ping and a lone CRLF pong between messages (RFC 5626 §4.4.1)", () => {
    const framer = new StreamFramer();
    expect(kinds(framer.push(Buffer.from("\r\n\r\n")))).toEqual(["ping"]);
    expect(kinds(framer.push(Buffer.from(`\r\n${OK_200}`)))).toEqual(["pong", "message"]);
    expect(kinds(framer.push(Buffer.from(`\r\n\r\n${OK_200}`)))).toEqual(["ping", "message"]);
    expect(framer.buffered).toBe(0);
  });

  it("reads a ping split over two segments as one ping, not two pongs", () => {
    const framer = new StreamFramer();
    expect(framer.push(Buffer.from("\r\n"))).toEqual([]);
    expect(kinds(framer.push(Buffer.from("\r\n")))).toEqual(["ping"]);
    expect(framer.push(Buffer.from("\r\n\r"))).toEqual([]);
    expect(kinds(framer.push(Buffer.from("\n")))).toEqual(["ping"]);
  });

  it.each([
    ["a ping", "\r\n\r\n", [[3, "ping"]]],
    ["a pong and a message", `\r\n${OK_200}`, [[2, "pong"], [OK_200.length + 1, "message"]]],
    ["a ping and a message", `\r\n\r\n${OK_200}`, [[3, "ping"], [OK_200.length + 3, "message"]]],
    ["two pings", "\r\n\r\n\r\n\r\n", [[3, "ping"], [7, "ping"]]],
  ])("decides %s delivered byte by byte as soon as the bytes allow", (_name, text, expected) => {
    const framer = new StreamFramer();
    const bytes = Buffer.from(text);
    const seen: Array<[number, string]> = [];
    for (let i = 0; i < bytes.length; i++) {
      for (const frame of framer.push(bytes.subarray(i, i + 1))) seen.push([i, frame.kind]);
    }
    expect(seen).toEqual(expected);
    expect(framer.buffered).toBe(0);
  });

  it("holds a CRLF that ends the stream so far: it may yet become a ping", () => {
    const framer = new StreamFramer();
    expect(kinds(framer.push(Buffer.from("\r\n\r\n\r\n")))).toEqual(["ping"]);
    expect(framer.buffered).toBe(2);
  });

  it("reports the pong to our own ping at once, even with nothing after it", () => {
    const framer = new StreamFramer();
    framer.expectPong();
    expect(kinds(framer.push(Buffer.from("\r\n")))).toEqual(["pong"]);
    expect(framer.push(Buffer.from("\r\n"))).toEqual([]); // no pong awaited any more: undecided
    expect(kinds(framer.push(Buffer.from("\r\n")))).toEqual(["ping"]);
    framer.expectPong();
    framer.expectPong();
    expect(kinds(framer.push(Buffer.from("\r\n\r\n")))).toEqual(["pong", "pong"]);
    expect(framer.buffered).toBe(0);
  });

  it("fails a stream message without Content-Length and then stops", () => {
    const framer = new StreamFramer();
    const noLength = INVITE.replace(/Content-Length: \d+\r\n/, "");
    const frames = framer.push(Buffer.from(noLength));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.kind === "error" && frames[0]!.reason).toBe("Missing Content-Length");
    expect(framer.push(Buffer.from(OK_200))).toEqual([]);
  });

  it("accepts the compact form and rejects a bad value", () => {
    expect(messages(new StreamFramer().push(Buffer.from(CHALLENGE_401.replace("Content-Length: 0", "l : 0"))))).toHaveLength(1);
    const bad = new StreamFramer().push(Buffer.from(CHALLENGE_401.replace("Content-Length: 0", "Content-Length: -5")));
    expect(bad[0]!.kind === "error" && bad[0]!.reason).toBe("Bad Content-Length");
  });

  it("bounds the header section and the body", () => {
    const framer = new StreamFramer({ maxHeadBytes: 1024, maxBodyBytes: 100 });
    const endless = framer.push(Buffer.from(`INVITE sip:a@b SIP/2.0\r\nX: ${"a".repeat(2000)}`));
    expect(endless[0]!.kind === "error" && endless[0]!.reason).toBe("Headers too large");
    const big = new StreamFramer({ maxBodyBytes: 100 }).push(Buffer.from(CHALLENGE_401.replace("Content-Length: 0", "Content-Length: 5000")));
    expect(big[0]!.kind === "error" && big[0]!.reason).toBe("Body too large");
  });
});
