/** SDP bodies and recording call users for interop tests (signalling only: no media flows). */
import type { CallEnd, CallFailure, CallUser, IncomingCallUser } from "../../../src/sip/session/index.js";

export function sdp(port: number, sessionId = Date.now() % 1_000_000): string {
  return [
    "v=0",
    `o=dialtone ${sessionId} ${sessionId} IN IP4 127.0.0.1`,
    "s=dialtone",
    "c=IN IP4 127.0.0.1",
    "t=0 0",
    `m=audio ${port} RTP/AVP 0 101`,
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:101 telephone-event/8000",
    "a=fmtp:101 0-16",
    "a=ptime:20",
    "a=sendrecv",
    "",
  ].join("\r\n");
}

/** Records what a call tells its user, and lets a test await a named event. */
export class RecordingUser implements CallUser, IncomingCallUser {
  readonly events: string[] = [];
  answer: string | undefined;
  failure: CallFailure | undefined;
  end: CallEnd | undefined;
  private waiters: Array<{ name: string; resolve: () => void }> = [];

  onProgress(status: number): void { this.note(`progress ${status}`); }
  onEarlyMedia(): void { this.note("early-media"); }
  onAnswered(answer: string): void { this.answer = answer; this.note("answered"); }
  onFailed(failure: CallFailure): void { this.failure = failure; this.note(`failed ${failure.status}`); }
  onEnded(end: CallEnd): void { this.end = end; this.note(`ended ${end.by}`); }
  onRemoteOffer(): string { return sdp(40002); }
  onCancelled(): void { this.note("cancelled"); }
  onConfirmed(): void { this.note("confirmed"); }

  /** Resolves when an event starting with `name` has happened (or already had). */
  when(name: string, timeoutMs = 15_000): Promise<void> {
    if (this.events.some((e) => e.startsWith(name))) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${name}" within ${timeoutMs} ms; events: ${this.events.join(", ")}`)), timeoutMs);
      this.waiters.push({ name, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  private note(event: string): void {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!event.startsWith(w.name)) return true;
      w.resolve();
      return false;
    });
  }
}
