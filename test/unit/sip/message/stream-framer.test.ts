/**
 * StreamFramer on TCP-like input: a message in pieces, several per read,
 * RFC 5626 keep-alive pings and pongs between messages, and the errors that end
 * a stream (missing or bad Content-Length, oversized head or body).
 * Not covered: sockets (the transport's tests), message validity (parseMessage).
 */
import { describe, expect, it } from "vitest";
import { StreamFramer } from "../../../../src/sip/message/index.js";
import type { Frame } from "../../../../src/sip/message/index.js";
import { CHALLENGE_401, INVITE, OK_200 } from "./samples.js";

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
    expect(framer.push(Buffer.from("\r\n\r\n")).map((f) => f.kind)).toEqual(["ping"]);
    expect(framer.push(Buffer.from("\r\n")).map((f) => f.kind)).toEqual(["pong"]);
    const frames = framer.push(Buffer.from(`\r\n\r\n${OK_200}`));
    expect(frames.map((f) => f.kind)).toEqual(["ping", "message"]);
  });

  it("waits when a read ends in the middle of a ping", () => {
    const framer = new StreamFramer();
    expect(framer.push(Buffer.from("\r\n\r"))).toEqual([]);
    expect(framer.push(Buffer.from("\n")).map((f) => f.kind)).toEqual(["ping"]);
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
