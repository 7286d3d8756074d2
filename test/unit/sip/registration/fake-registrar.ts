/**
 * A registrar that keeps bindings in memory (RFC 3261 §10.3, without auth): it
 * adds, refreshes and removes Contacts, lists every current binding in the 200
 * with its remaining expiry, answers 423 under `minExpiresSec`, refuses a CSeq
 * not above the last one seen for the Call-ID (§10.3 step 7), can challenge
 * REGISTERs without credentials (`challenge`, credentials not verified),
 * answers OPTIONS, and can go down (requests time out) and restart (all forgotten).
 * Plug it into FakeRequestSender.handler.
 */
import { formatUri, parseCSeq, parseNameAddr } from "../../../../src/sip/message/index.js";
import type { SipRequest } from "../../../../src/sip/message/index.js";
import type { FakeClock } from "../../../../src/util/clock.js";
import type { Reply } from "./fake-sender.js";

export class FakeRegistrar {
  /** Contact URI text → expiry time on the fake clock. */
  readonly bindings = new Map<string, number>();
  up = true;
  minExpiresSec = 0;
  maxExpiresSec = 3600;
  challenge = false;
  /** Call-ID → highest CSeq accepted. */
  private readonly lastCSeq = new Map<string, number>();

  constructor(private readonly clock: FakeClock) {}

  /** The registrar process restarts: every binding is lost. */
  restart(): void {
    this.bindings.clear();
    this.lastCSeq.clear();
  }

  /** Bindings that have not expired yet. */
  live(): string[] {
    return [...this.bindings].filter(([, until]) => until > this.clock.now()).map(([uri]) => uri);
  }

  readonly handle = (request: SipRequest): Reply => {
    if (!this.up) return "timeout";
    if (request.method === "OPTIONS") return { status: 200 };
    if (request.method !== "REGISTER") return { status: 405 };
    if (this.challenge && !request.headers.has("Authorization")) {
      return { status: 401, headers: [["WWW-Authenticate", 'Digest realm="example.net", nonce="n0nce", qop="auth", algorithm=MD5']] };
    }
    const callId = request.headers.get("Call-ID") ?? "";
    const cseq = parseCSeq(request.headers.get("CSeq") ?? "");
    if (!cseq.ok) return { status: 400 };
    if (cseq.value.seq <= (this.lastCSeq.get(callId) ?? -1)) return { status: 500, reason: "Out of Order" };
    this.lastCSeq.set(callId, cseq.value.seq);
    const headerExpires = Number(request.headers.get("Expires") ?? 3600);
    const changes: Array<[string, number]> = [];
    for (const element of request.headers.list("Contact")) {
      const parsed = parseNameAddr(element);
      if (!parsed.ok) return { status: 400 };
      const asked = Number(parsed.value.params["expires"] ?? headerExpires);
      if (asked > 0 && asked < this.minExpiresSec) {
        return { status: 423, headers: [["Min-Expires", String(this.minExpiresSec)]] };
      }
      changes.push([formatUri(parsed.value.uri), Math.min(asked, this.maxExpiresSec)]);
    }
    for (const [uri, expires] of changes) {
      if (expires === 0) this.bindings.delete(uri);
      else this.bindings.set(uri, this.clock.now() + expires * 1000);
    }
    const contacts = this.live().map((uri): [string, string] => [
      "Contact",
      `<${uri}>;expires=${Math.round((this.bindings.get(uri)! - this.clock.now()) / 1000)}`,
    ]);
    return { status: 200, headers: contacts };
  };
}
