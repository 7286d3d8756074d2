/**
 * A SipTransport fake for tests of the transaction layer and the layers above it.
 * It keeps the transport contract (sends resolve once "handed over", reject with
 * TransportError only, reject with `canceled: true` after close) and adds test
 * controls: it records what was sent, injects received messages, can make sends
 * fail, and is reliable or not per protocol as configured. Unlike the real
 * transport it does not stamp `received`/`rport` on injected requests.
 */
import type { SipMessage, SipResponse } from "../../message/index.js";
import {
  TransportError, type Endpoint, type Protocol, type SipTransport, type Source, type TransportUser,
} from "../../transport/types.js";

export interface SentMessage {
  /** "send" for SipTransport.send, "respond" for SipTransport.respond. */
  kind: "send" | "respond";
  message: SipMessage;
  to: Endpoint;
  /** FakeClock time of the send, when the fake was given a clock. */
  atMs: number | undefined;
}

export interface FakeTransportOptions {
  /** Protocols treated as reliable; default tcp and tls (as the real transport). */
  reliable?: readonly Protocol[];
  /** Stamps sends with the time (e.g. FakeClock.now). */
  now?: () => number;
  local?: Endpoint;
}

export class FakeTransport implements SipTransport {
  readonly sent: SentMessage[] = [];
  private user: TransportUser | undefined;
  private failure: TransportError | undefined;
  private closed = false;
  private readonly reliable: readonly Protocol[];
  private readonly now: (() => number) | undefined;
  private readonly local: Endpoint;

  constructor(options: FakeTransportOptions = {}) {
    this.reliable = options.reliable ?? ["tcp", "tls"];
    this.now = options.now;
    this.local = options.local ?? { protocol: "udp", address: "127.0.0.1", port: 5060 };
  }

  /** Where injected messages go (what the real transport calls onMessage on). */
  attach(user: TransportUser): void {
    this.user = user;
  }

  /** Delivers a message as if it had arrived from `source`. */
  inject(message: SipMessage, source: Source): void {
    if (!this.user) throw new Error("FakeTransport: nothing attached");
    this.user.onMessage(message, source);
  }

  /** From now on every send rejects with this error; `undefined` makes sends succeed again. */
  failSends(error: TransportError | undefined): void {
    this.failure = error;
  }

  send(message: SipMessage, destination: Endpoint): Promise<void> {
    return this.record("send", message, destination);
  }

  respond(response: SipResponse, to: Source): Promise<void> {
    return this.record("respond", response, to);
  }

  localEndpoint(protocol: Protocol): Endpoint {
    return { ...this.local, protocol };
  }

  isReliable(protocol: Protocol): boolean {
    return this.reliable.includes(protocol);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** The messages sent so far, optionally only those of one kind. */
  messages(kind?: "send" | "respond"): SipMessage[] {
    return this.sent.filter((s) => !kind || s.kind === kind).map((s) => s.message);
  }

  private record(kind: "send" | "respond", message: SipMessage, to: Endpoint): Promise<void> {
    if (this.closed) return Promise.reject(new TransportError("transport closed", true));
    if (this.failure) return Promise.reject(this.failure);
    this.sent.push({ kind, message, to, atMs: this.now?.() });
    return Promise.resolve();
  }
}
