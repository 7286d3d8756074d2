/**
 * Splits a TCP/TLS byte stream into frames (RFC 3261 §18.3): whole messages
 * delimited by Content-Length, and RFC 5626 §4.4.1 keep-alives between them
 * (a double CRLF is a ping, a single CRLF a pong). A framing error is final:
 * the stream cannot be resynchronised, so the reader stops and its owner closes.
 *
 * A lone CRLF with nothing after it yet is ambiguous (a pong, or half of a
 * ping cut by the network). It counts as a pong only while `expectingPong` is
 * set (we sent a ping); otherwise the reader waits for more bytes.
 */
export type Frame =
  | { kind: "message"; data: Buffer }
  | { kind: "ping" }
  | { kind: "pong" }
  /** `head` holds the offending message's header block when it could be read, for a 400. */
  | { kind: "error"; reason: string; head: Buffer };

export interface FrameLimits {
  /** Longest start line + headers accepted. */
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = { maxHeaderBytes: 64 * 1024, maxBodyBytes: 1024 * 1024 };

const CR = 0x0d;
const LF = 0x0a;
const HEAD_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\S*)[ \t]*$/im;

export class FrameReader {
  /** Set by the owner after sending a ping, cleared when the pong comes. */
  expectingPong = false;
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly limits: FrameLimits = DEFAULT_FRAME_LIMITS) {}

  /** Adds bytes; returns the frames they complete. After an error frame, returns nothing more. */
  push(chunk: Buffer): Frame[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) break;
      frames.push(frame);
      if (frame.kind === "error") {
        this.failed = true;
        this.buffer = Buffer.alloc(0);
        break;
      }
    }
    return frames;
  }

  private next(): Frame | undefined {
    const keepAlive = this.keepAlive();
    if (keepAlive !== "none") return keepAlive === "wait" ? undefined : keepAlive;
    const headEnd = this.buffer.indexOf(HEAD_END);
    if (headEnd < 0) {
      if (this.buffer.length > this.limits.maxHeaderBytes) return this.error("Message Header Too Long", Buffer.alloc(0));
      return undefined;
    }
    const bodyStart = headEnd + HEAD_END.length;
    const head = this.buffer.subarray(0, bodyStart);
    if (headEnd > this.limits.maxHeaderBytes) return this.error("Message Header Too Long", head);
    const match = CONTENT_LENGTH.exec(head.toString("latin1"));
    // §18.3: on a stream, Content-Length MUST be present.
    if (!match) return this.error("Missing Content-Length", head);
    const value = match[1] ?? "";
    if (!/^\d{1,10}$/.test(value)) return this.error("Bad Content-Length", head);
    const length = Number(value);
    if (length > this.limits.maxBodyBytes) return this.error("Message Body Too Large", head);
    if (this.buffer.length < bodyStart + length) return undefined;
    const data = this.buffer.subarray(0, bodyStart + length);
    this.buffer = this.buffer.subarray(bodyStart + length);
    return { kind: "message", data };
  }

  /** Leading CRLFs between messages: a ping, a pong, "wait" for more bytes, or "none". */
  private keepAlive(): Frame | "wait" | "none" {
    for (;;) {
      const b = this.buffer;
      if (b.length === 0) return "wait";
      if (b[0] !== CR && b[0] !== LF) return "none";
      if (b.length >= 4 && isCrlfPrefix(b.subarray(0, 4))) {
        this.buffer = b.subarray(4);
        return { kind: "ping" };
      }
      if (this.expectingPong && isCrlfPrefix(b.subarray(0, 2)) && b.length >= 2 && (b.length === 2 || b[2] !== CR)) {
        this.buffer = b.subarray(2);
        this.expectingPong = false;
        return { kind: "pong" };
      }
      if (b.length < 4 && isCrlfPrefix(b)) return "wait";
      // A stray line end before a start line: RFC 3261 §7.5 says to ignore it.
      this.buffer = b.subarray(1);
    }
  }

  private error(reason: string, head: Buffer): Frame {
    return { kind: "error", reason, head: Buffer.from(head) };
  }
}

/** "\r", "\r\n" or "\r\n\r": the start of a ping that has not fully arrived. */
function isCrlfPrefix(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== (i % 2 === 0 ? CR : LF)) return false;
  return true;
}
