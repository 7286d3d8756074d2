/**
 * A PortController on a FakeClock with fakes at every boundary, recording what the
 * handset hears (tones, bell, caller ID audio) and what goes to SIP (INVITEs, 180, 200,
 * rejections, hang-ups). The bell and caller ID are the real RingPlayer and
 * ScheduleRunner on a fake line, so their timers count in FakeClock.activeTimers.
 */
import type { HookEdge, HookState, Polarity } from "../../../../hal/line.js";
import { parseNameAddr, type NameAddr } from "../../../../src/sip/message/index.js";
import { ScheduleRunner } from "../../../../src/line/callerid/index.js";
import { RingPlayer, TONE_PLANS, type ToneName } from "../../../../src/line/index.js";
import type { CallDialog } from "../../../../src/call/media/call-dialog.js";
import {
  PortController, type CallSignalling, type DialVerdict, type DigitCollector, type OfferedCall, type OfferedCallUser, type PlaceOptions,
  type PlacedCallUser, type PortControllerOptions, type PortMedia, type TransferUser,
} from "../../../../src/call/port/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { err, ok, type Result } from "../../../../src/util/result.js";

/**
 * Dials after four keys or "#"; collects with a 4 s interdigit timer (none before the first
 * key); the timer dials what there is; "0" first is refused; "*" plays second dial tone.
 */
export class FakeCollector implements DigitCollector {
  keys = "";
  current: DialVerdict = { kind: "collect", timeoutMs: null };
  press(key: string): DialVerdict {
    if (key === "#") return { kind: "dial", number: this.keys };
    this.keys += key;
    if (this.keys.startsWith("0")) return { kind: "refuse", reason: "no-match" };
    if (key === "*") return { kind: "collect", timeoutMs: 4000, secondDialTone: true };
    return this.keys.length === 4 ? { kind: "dial", number: this.keys } : { kind: "collect", timeoutMs: 4000 };
  }
  timeout(): DialVerdict {
    return this.keys ? { kind: "dial", number: this.keys } : { kind: "refuse", reason: "incomplete" };
  }
}

/** Answers and offers "bad" SDP with an error; counts close() calls; records holds, digits and flashes. */
export class FakeMedia implements PortMedia {
  closed = 0;
  readonly applied: string[] = [];
  /** "hold", "resume", "digit 5", "flash rfc4733". */
  readonly actions: string[] = [];
  dialog: CallDialog | undefined;
  attach(dialog: CallDialog): void {
    this.dialog = dialog;
  }
  hold(on: boolean): Promise<Result<void, string>> {
    this.actions.push(on ? "hold" : "resume");
    return Promise.resolve(ok(undefined));
  }
  sendDigit(key: string): void {
    this.actions.push(`digit ${key}`);
  }
  sendFlash(method: "rfc4733" | "info"): void {
    this.actions.push(`flash ${method}`);
  }
  offer(): string {
    return "v=0 offer";
  }
  applyAnswer(answer: string): Result<unknown, string> {
    if (answer === "bad") return err("no common codec");
    this.applied.push(answer);
    return ok(undefined);
  }
  answer(offer: string): Result<string, { status: number; reason: string }> {
    return offer === "bad" ? err({ status: 488, reason: "Not Acceptable Here" }) : ok(`v=0 answer to ${offer}`);
  }
  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

export class FakeMediaFactory {
  readonly opened: FakeMedia[] = [];
  fail = false;
  /** While paused, open() waits for resume(). */
  paused = false;
  private last: Promise<unknown> = Promise.resolve();
  private release: () => void = () => undefined;
  open(): Promise<PortMedia> {
    const media = new FakeMedia();
    this.opened.push(media);
    const gate = this.paused ? new Promise<void>((resolve) => { this.release = resolve; }) : Promise.resolve();
    const opening = this.fail ? gate.then(() => Promise.reject(new Error("no RTP port free"))) : gate.then(() => media);
    this.last = opening;
    return opening;
  }
  resume(): void {
    this.paused = false;
    this.release();
  }
  /** Resolves after the controller has seen the last open() settle (its reaction was registered first). */
  settled(): Promise<void> {
    return this.last.then(() => undefined, () => undefined);
  }
}

/** The SIP side of a call, either way: counts hang-ups, records REFERs (answered by the test through `referred`). */
export class FakeSignalling implements CallSignalling {
  hangups = 0;
  readonly referred: Array<{ target: string; user: TransferUser }> = [];
  constructor(readonly name: string) {}
  hangup(): void {
    this.hangups++;
  }
  refer(referTo: string, user: TransferUser): void {
    this.referred.push({ target: referTo, user });
  }
  replacingTarget(): string {
    return `sip:${this.name}@example.net?Replaces=${this.name}-dialog`;
  }
  reinvite(): Promise<Result<string, { status: number; reason: string }>> {
    return Promise.resolve(ok("v=0 answer"));
  }
  info(): Promise<Result<void, { status: number; reason: string }>> {
    return Promise.resolve(ok(undefined));
  }
}

export interface Placed {
  number: string;
  offer: string;
  user: PlacedCallUser;
  options: PlaceOptions;
  signalling: FakeSignalling;
  /** Hang-ups of the call (CANCEL or BYE). */
  readonly hangups: number;
}

export class FakePlacer {
  readonly calls: Placed[] = [];
  place(number: string, offer: string, user: PlacedCallUser, options: PlaceOptions): CallSignalling {
    const signalling = new FakeSignalling(number);
    this.calls.push({ number, offer, user, options, signalling, get hangups() { return signalling.hangups; } });
    return signalling;
  }
  get last(): Placed {
    const call = this.calls.at(-1);
    if (!call) throw new Error("no call placed");
    return call;
  }
}

/** An INVITE to the port; `sent` records our responses ("180", "200 <sdp>", "486 Busy Here", "302 4000", "hangup"). */
export class FakeOfferedCall extends FakeSignalling implements OfferedCall {
  readonly sent: string[] = [];
  /** The call this INVITE's Replaces names, if any. */
  replacing: CallSignalling | undefined;
  readonly from: NameAddr;
  user: OfferedCallUser | undefined;
  readonly offer: string | undefined;
  /** `offer` null: an INVITE without SDP. */
  constructor(from: string, private readonly headers: Record<string, string[]> = {}, offer: string | null = "v=0 caller") {
    super(from);
    this.offer = offer ?? undefined;
    const parsed = parseNameAddr(from);
    if (!parsed.ok) throw new Error(parsed.error);
    this.from = parsed.value;
  }
  headerValues(name: string): readonly string[] {
    return this.headers[name] ?? [];
  }
  attach(user: OfferedCallUser): void {
    this.user = user;
  }
  ringing(): boolean {
    this.sent.push("180");
    return true;
  }
  accept(sdp: string): boolean {
    this.sent.push(`200 ${sdp}`);
    return true;
  }
  reject(status: number, reason?: string): boolean {
    this.sent.push(`${status} ${reason ?? ""}`.trim());
    return true;
  }
  redirect(number: string): boolean {
    this.sent.push(`302 ${number}`);
    return true;
  }
  replaces(call: CallSignalling): boolean {
    return call === this.replacing;
  }
  override hangup(): void {
    super.hangup();
    this.sent.push("hangup");
  }
}

/** Records tones as they start; "-" when the line goes silent after a tone. */
export class FakeTones {
  readonly heard: string[] = [];
  current: ToneName | undefined;
  start(name: ToneName): void {
    this.current = name;
    this.heard.push(name);
  }
  stop(): void {
    if (this.current !== undefined) this.heard.push("-");
    this.current = undefined;
  }
}

/** The line's bell, polarity and caller ID audio, with the hook for RingPlayer's ring trip. */
export class FakeAlertLine {
  hook: HookState = "on";
  readonly bell: string[] = [];
  readonly polarity: Polarity[] = [];
  /** Caller ID audio written to the line, with when it started. */
  readonly audio: Array<{ atMs: number; samples: Int16Array }> = [];
  ringOn = false;
  private readonly listeners = new Set<(edge: HookEdge) => void>();
  constructor(private readonly clock: FakeClock) {}
  onHookEdge(listener: (edge: HookEdge) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  setRing(on: boolean): Promise<void> {
    if (on !== this.ringOn) this.bell.push(`${on ? "on" : "off"}@${this.clock.now()}`);
    this.ringOn = on;
    return Promise.resolve();
  }
  setPolarity(polarity: Polarity): Promise<void> {
    this.polarity.push(polarity);
    return Promise.resolve();
  }
  play(samples: Int16Array): void {
    this.audio.push({ atMs: this.clock.now(), samples });
  }
  lift(): void {
    this.hook = "off";
    for (const l of this.listeners) l({ state: "off", atMs: this.clock.now() });
  }
  replace(): void {
    this.hook = "on";
    for (const l of this.listeners) l({ state: "on", atMs: this.clock.now() });
  }
}

export function makePort(options: Partial<PortControllerOptions> = {}) {
  const clock = new FakeClock();
  const sink = new MemorySink();
  const logs = new Logs(sink.sink, "debug", () => clock.now());
  const line = new FakeAlertLine(clock);
  const tones = new FakeTones();
  const collectors: FakeCollector[] = [];
  const placer = new FakePlacer();
  const media = new FakeMediaFactory();
  const plan = TONE_PLANS["US"]!;
  const ring = new RingPlayer(line, clock, { regionCadence: plan.ring, log: logs.get("line.ring", 0) });
  const callerId = new ScheduleRunner(clock, line, (e) => { throw e; });
  const port = new PortController({
    index: 0, clock, logs, placer,
    newCollector: () => {
      const collector = new FakeCollector();
      collectors.push(collector);
      return collector;
    }, media, tones, ring, callerId, alertLine: line,
    callerIdMethod: "off", ringCadence: plan.ring, callTime: () => ({ month: 12, day: 4, hour: 15, minute: 30 }),
    ...options,
  });
  const lift = (): void => {
    line.lift();
    port.offHook();
  };
  const hangUp = (): void => {
    line.replace();
    port.onHook();
  };
  const dial = (digits: string): void => {
    for (const d of digits) port.digit(d);
  };
  return { clock, sink, logs, line, tones, collectors, placer, media, ring, port, lift, hangUp, dial };
}

export type PortRig = ReturnType<typeof makePort>;
