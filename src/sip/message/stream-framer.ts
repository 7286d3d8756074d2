/**
 * Splits a TCP/TLS byte stream into whole SIP messages (RFC 3261 §18.3: on a
 * stream, Content-Length is mandatory and frames the body) and spots RFC 5626
 * §4.4.1 keep-alives between messages: CRLFCRLF is a ping (answer with CRLF),
 * a lone CRLF is a pong. Sizes are bounded; after an error the framer stops.
 *
 * A ping may arrive split ("\r\n" then "\r\n"), so a CRLF that ends the bytes
 * read so far is undecided: the next byte tells (CR: a ping; anything else: a
 * pong). While a pong is awaited for a ping we sent (expectPong), a CRLF is that
 * pong at once, which is what lets a pong with nothing after it be reported.
 */
import { parseDecimal } from "./grammar.js";

export type Frame =
  | { kind: "message"; data: Buffer }
  | { kind: "ping" }
  | { kind: "pong" }
  /** The stream cannot be framed any more; `head` holds the header bytes read so far. */
  | { kind: "error"; reason: string; head: Buffer };

export interface StreamFramerLimits {
  /** Longest start line + header section, in bytes. */
  maxHeadBytes: number;
  /** Largest Content-Length accepted, in bytes. */
  maxBodyBytes: number;
}

const DEFAULT_LIMITS: StreamFramerLimits = { maxHeadBytes: 64 * 1024, maxBodyBytes: 1024 * 1024 };
const CRLFCRLF = Buffer.from("\r\n\r\n", "latin1");

export class StreamFramer {
  private pending: Buffer = Buffer.alloc(0);
  /** Total length of the message at the front once its head has been read. */
  private expected = -1;
  private failed = false;
  /** Pings we sent whose pong has not arrived yet. */
  private pongsAwaited = 0;
  private readonly limits: StreamFramerLimits;

  constructor(limits: Partial<StreamFramerLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Adds bytes from the stream; returns what is now complete, in order. */
  push(chunk: Uint8Array): Frame[] {
    if (this.failed) return [];
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) break;
      frames.push(frame);
      if (frame.kind === "error") {
        this.failed = true;
        this.pending = Buffer.alloc(0);
        break;
      }
    }
    return frames;
  }

  /**
   * Tells the framer a ping was just sent on this stream: the next CRLF read
   * between messages is its pong, reported without waiting for more bytes.
   */
  expectPong(): void {
    this.pongsAwaited++;
  }

  /** Bytes received but not yet part of a complete frame (an undecided CRLF included). */
  get buffered(): number {
    return this.pending.length;
  }

  private next(): Frame | undefined {
    const buf = this.pending;
    if (this.expected < 0) {
      if (buf.length === 0) return undefined;
      if (buf[0] === 0x0d || buf[0] === 0x0a) return this.keepAlive(buf);
      const headEnd = buf.indexOf(CRLFCRLF);
      if (headEnd < 0) {
        return buf.length > this.limits.maxHeadBytes ? this.error("Headers too large", buf) : undefined;
      }
      if (headEnd > this.limits.maxHeadBytes) return this.error("Headers too large", buf);
      const length = contentLength(buf.toString("latin1", 0, headEnd));
      if (typeof length === "string") return this.error(length, buf.subarray(0, headEnd + 4));
      if (length > this.limits.maxBodyBytes) return this.error("Body too large", buf.subarray(0, headEnd + 4));
      this.expected = headEnd + 4 + length;
    }
    if (buf.length < this.expected) return undefined;
    const data = buf.subarray(0, this.expected);
    this.pending = buf.subarray(this.expected);
    this.expected = -1;
    return { kind: "message", data };
  }

  /** CRLFs before a message: a ping, a pong, or undecided until the next byte arrives. */
  private keepAlive(start: Buffer): Frame | undefined {
    let skip = 0;
    while (skip < start.length && start[skip] === 0x0a) skip++; // stray LFs: ignored like any leading line end (§7.5)
    const buf = start.subarray(skip);
    this.pending = buf;
    if (buf.length === 0 || buf[0] !== 0x0d) return buf.length === 0 ? undefined : this.next();
    if (buf.length < 2) return undefined;
    if (buf[1] !== 0x0a) return this.error("Bad line end", buf);
    if (this.pongsAwaited > 0) {
      // RFC 5626 §4.4.1: the server answers our CRLFCRLF with one CRLF.
      this.pongsAwaited--;
      return this.take(2, { kind: "pong" });
    }
    if (buf.length === 2) return undefined; // a pong, or the first half of a ping: the next byte decides
    if (buf[2] !== 0x0d) return this.take(2, { kind: "pong" }); // followed by a message start
    if (buf.length === 3) return undefined;
    return buf[3] === 0x0a ? this.take(4, { kind: "ping" }) : this.error("Bad line end", buf.subarray(2));
  }

  private take(bytes: number, frame: Frame): Frame {
    this.pending = this.pending.subarray(bytes);
    return frame;
  }

  private error(reason: string, head: Buffer): Frame {
    return { kind: "error", reason, head: Buffer.from(head.subarray(0, this.limits.maxHeadBytes)) };
  }
}

/**
 * The Content-Length of a header section (long or compact name, any case, LWS
 * before the colon), or a reason: it is mandatory on streams (§18.3, §20.14).
 */
function contentLength(head: string): number | string {
  let found: number | undefined;
  let pos = head.indexOf("\n") + 1;
  if (pos === 0) return "Missing Content-Length";
  while (pos < head.length) {
    let end = head.indexOf("\n", pos);
    if (end < 0) end = head.length;
    const colon = head.indexOf(":", pos);
    if (colon > pos && colon < end) {
      const name = head.slice(pos, colon).trim().toLowerCase();
      if (name === "content-length" || name === "l") {
        const text = head.slice(colon + 1, end).trim();
        const value = parseDecimal(text, Number.MAX_SAFE_INTEGER);
        if (value < 0) return "Bad Content-Length";
        if (found !== undefined && found !== value) return "Multiple Content-Length";
        found = value;
      }
    }
    pos = end + 1;
  }
  return found ?? "Missing Content-Length";
}
