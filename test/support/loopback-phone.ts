/**
 * Test support: a SIP user agent on loopback whose calls carry media through
 * CallMedia, as the call controller will wire it: the session's callbacks go to
 * CallMedia, a FramePump speaks a tone and keeps what it hears, digits are recorded.
 * Real clock, real sockets; waits probe with a deadline.
 */
import { CallMedia, type CallMediaSettings } from "../../src/call/media/index.js";
import { ToneGenerator } from "../../src/dsp/index.js";
import { FramePump, type NegotiatedAudio, type ReceivedDigit } from "../../src/media/index.js";
import type { CallEnd, CallFailure, CallUser, IncomingCall, IncomingCallUser, OutgoingCall } from "../../src/sip/session/index.js";
import type { Account } from "../../src/sip/ua/account.js";
import { UserAgent } from "../../src/sip/ua/user-agent.js";
import { RealClock } from "../../src/util/clock.js";
import { silentLogs } from "../../src/util/log.js";
import { accountSettings } from "../interop/support/agent.js";

const clock = new RealClock();

export function settings(overrides: Partial<CallMediaSettings> = {}): CallMediaSettings {
  return { codecs: ["PCMU", "PCMA"], srtp: "off", dtmfMethod: "rfc4733", portRange: { min: 40000, max: 40999 }, symmetricRtp: true, ...overrides };
}

/** Polls `probe` every 20 ms until true; throws with `what` after the deadline. */
export async function until(probe: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One call's media end: the SIP callbacks go to CallMedia; a tone goes out, what is heard is kept. */
export class MediaPhone implements CallUser, IncomingCallUser {
  readonly heard: Int16Array[] = [];
  readonly digits: ReceivedDigit[] = [];
  readonly infoStatuses: number[] = [];
  readonly negotiated: NegotiatedAudio[] = [];
  readonly events: string[] = [];
  private readonly pump: FramePump;

  constructor(readonly media: CallMedia, toneHz: number) {
    const tone = new ToneGenerator([{ frequencyHz: toneHz, levelDbm0: -10 }]);
    this.pump = new FramePump({ clock, session: media.media, source: () => tone.next(160), sink: (f) => this.heard.push(f.slice()) });
    media.onDigit((d) => this.digits.push(d));
  }

  onProgress(status: number): void { this.events.push(`progress ${status}`); }
  onEarlyMedia(sdp: string): void { this.take(sdp); }
  onAnswered(sdp: string): void { this.take(sdp); this.events.push("answered"); }
  onFailed(failure: CallFailure): void { this.events.push(`failed ${failure.status}`); void this.hangUp(); }
  onEnded(end: CallEnd): void { this.events.push(`ended ${end.by}`); void this.hangUp(); }
  onCancelled(): void { this.events.push("cancelled"); void this.hangUp(); }
  onConfirmed(): void { this.events.push("confirmed"); this.speak(); }
  onRemoteOffer(offer: string): string | undefined {
    const answer = this.media.answer(offer);
    return answer.ok ? answer.value : undefined;
  }
  onInfo(contentType: string | undefined, body: string): number {
    const status = this.media.receiveInfo(contentType, body);
    this.infoStatuses.push(status);
    return status;
  }

  /** Starts the tone and the listening (again: no effect). */
  speak(): void {
    this.pump.start();
  }

  /** The last `ms` of what was heard. */
  lastHeard(ms: number): Int16Array {
    const frames = this.heard.slice(-ms / 20);
    const out = new Int16Array(frames.length * 160);
    frames.forEach((f, i) => out.set(f, i * 160));
    return out;
  }

  async hangUp(): Promise<void> {
    this.pump.stop();
    await this.media.close();
  }

  private take(sdp: string): void {
    const applied = this.media.applyAnswer(sdp);
    if (!applied.ok) throw new Error(`answer refused: ${applied.error}`);
    this.negotiated.push(applied.value);
    this.speak();
  }
}

/** A user agent with one unregistered account `user` on 127.0.0.1, sending its calls to port `peerPort`. */
export class Station {
  readonly ua: UserAgent;
  private readonly incoming: Array<(call: IncomingCall) => void> = [];
  private readonly arrived: IncomingCall[] = [];

  constructor(user: string, peerPort: number) {
    this.ua = new UserAgent({
      clock, logs: silentLogs, userAgent: "dialtone-test",
      listen: { udp: { address: "127.0.0.1", port: 0 } },
      accounts: [accountSettings({ user, password: "x", registrarPort: peerPort, register: false })],
      onIncoming: (_account, call) => {
        call.attach(new Parked());
        const waiter = this.incoming.shift();
        if (waiter) waiter(call);
        else this.arrived.push(call);
      },
    });
  }

  get account(): Account {
    return this.ua.accounts[0]!;
  }

  get port(): number {
    return this.ua.transport.localEndpoint("udp").port;
  }

  /** Calls `user` at the peer with CallMedia's offer. */
  async call(user: string, media: CallMedia, toneHz: number): Promise<{ call: OutgoingCall; phone: MediaPhone }> {
    const phone = new MediaPhone(media, toneHz);
    const call = this.account.call(this.account.targetFor(user), media.offer(), phone);
    media.attach(call);
    return { call, phone };
  }

  /**
   * The next incoming call, answered with CallMedia's SDP (or refused with its 488):
   * in the 200, or with `early` in a 183 (media flows; the test sends the 200 with `answer`).
   */
  async answer(media: CallMedia, toneHz: number, early = false): Promise<{ call: IncomingCall; phone: MediaPhone; answer: string }> {
    const call = this.arrived.shift() ?? (await new Promise<IncomingCall>((resolve) => this.incoming.push(resolve)));
    const phone = new MediaPhone(media, toneHz);
    call.attach(phone);
    media.attach(call);
    const answer = media.answer(call.offer!);
    if (!answer.ok) {
      call.reject(answer.error.status, answer.error.reason);
      return { call, phone, answer: "" };
    }
    if (!early) call.accept(answer.value);
    else if (call.progress(answer.value)) phone.speak();
    return { call, phone, answer: answer.value };
  }

  start(): Promise<void> {
    return this.ua.start();
  }

  stop(): Promise<void> {
    return this.ua.stop();
  }
}

/** Holds an incoming call until the test attaches its MediaPhone (attach must happen inside onIncoming). */
class Parked implements IncomingCallUser {
  onEnded(): void {}
  onRemoteOffer(): undefined { return undefined; }
  onCancelled(): void {}
  onConfirmed(): void {}
}
