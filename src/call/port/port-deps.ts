/**
 * The narrow boundaries of a port's call controller. Each names what satisfies it in
 * the running agent; tests pass fakes. The controller calls them synchronously and
 * never awaits anything but MediaFactory.open.
 */
import type { Polarity } from "../../../hal/line.js";
import type { RingCadence, ToneName } from "../../line/index.js";
import type { CallerIdMethod, CallerIdSchedule, RunOutcome } from "../../line/callerid/index.js";
import type { CallerIdInfo } from "../../dsp/index.js";
import type { Clock } from "../../util/clock.js";
import type { Logs } from "../../util/log.js";
import type { Result } from "../../util/result.js";
import type { InviteIdentity } from "./caller-identity.js";

/**
 * What the dial plan says at off-hook, after each key, or when its timer ran out.
 * src/call/dialplan's DialStep is one of these.
 */
export type DialVerdict =
  /** Keep collecting; `timeoutMs` null: no timer of the plan's own (the port's first-digit time applies). */
  | { readonly kind: "collect"; readonly timeoutMs: number | null; readonly secondDialTone?: boolean }
  | { readonly kind: "dial"; readonly number: string }
  | { readonly kind: "refuse"; readonly reason: string };

/**
 * One number being dialled (src/call/dialplan's DialPlanMatcher): made fresh at each
 * off-hook, asked nothing more once it said "dial" or "refuse".
 */
export interface DigitCollector {
  /** The verdict before any key (a hot line dials at once, a warm line collects with its delay). */
  readonly current: DialVerdict;
  /** One key ("0"–"9", "*", "#") from DTMF or pulse dialling. */
  press(key: string): DialVerdict;
  /** The `timeoutMs` of the last "collect" passed with no key (or the first-digit time, when null). */
  timeout(): DialVerdict;
}

/** A call's media (CallMedia satisfies it). */
export interface PortMedia {
  /** Our SDP offer. */
  offer(): string;
  /** The peer's answer (183 or 2xx); an error for one we cannot use. */
  applyAnswer(answer: string): Result<unknown, string>;
  /** Our answer to the peer's offer, media started; the status to refuse with otherwise. */
  answer(offer: string): Result<string, { status: number; reason: string }>;
  /** Frees sockets; safe to call more than once. */
  close(): Promise<void>;
}

/** Opens media for one call (CallMedia.open with the account's settings). Rejects when no port is free. */
export interface MediaFactory {
  open(): Promise<PortMedia>;
}

/** What an outgoing call tells the controller (structurally a src/sip CallUser). */
export interface PlacedCallUser {
  onProgress(status: number, reason: string): void;
  onEarlyMedia(sdp: string): void;
  onAnswered(sdp: string): void;
  onFailed(failure: { status: number; reason: string }): void;
  onEnded(end: { by: "local" | "remote"; reason?: string }): void;
  onRemoteOffer(offer: string): string | undefined;
}

/** An INVITE we sent (OutgoingCall). hangup() sends CANCEL before the answer, BYE after. */
export interface PlacedCall {
  hangup(): void;
}

/** Places calls to dialled numbers: `(n, offer, user) => account.call(account.targetFor(n), offer, user)`. */
export interface CallPlacer {
  place(number: string, offer: string, user: PlacedCallUser): PlacedCall;
}

/** What an incoming call tells the controller (structurally a src/sip IncomingCallUser). */
export interface OfferedCallUser {
  onCancelled(): void;
  onConfirmed(answer: string | undefined): void;
  onEnded(end: { by: "local" | "remote"; reason?: string }): void;
  onRemoteOffer(offer: string): string | undefined;
}

/** An INVITE to this port (IncomingCall, with headerValues = `n => call.invite.headers.list(n)`). */
export interface OfferedCall extends InviteIdentity {
  /** The INVITE's SDP offer; undefined when we must offer in the 200. */
  readonly offer: string | undefined;
  attach(user: OfferedCallUser): void;
  ringing(): boolean;
  accept(sdp: string): boolean;
  reject(status: number, reason?: string): boolean;
  hangup(): void;
}

/** Call-progress tones toward the handset (TonePlayer). */
export interface ToneOutput {
  start(name: ToneName): void;
  stop(): void;
}

/** The bell (RingPlayer): "default" is the region's cadence, else a distinctive ring name. */
export interface RingOutput {
  start(name?: string): Result<void>;
  stop(): void;
}

/** Runs caller ID schedules (ScheduleRunner). */
export interface CallerIdRunner {
  run(schedule: CallerIdSchedule, onDone: (outcome: RunOutcome) => void): void;
  cancel(): void;
}

/** The line's ring and polarity, set back after a caller ID schedule is cut short (lineOutput(line)). */
export interface AlertLine {
  setRing(on: boolean): Promise<void>;
  setPolarity(polarity: Polarity): Promise<void>;
}

export interface PortTimings {
  /** Dial tone (or collecting) with no key and no timer from the dial plan, then the plan decides (permanent signal). */
  firstDigitMs: number;
  /** The special information tone before reorder (one E.180 §7 sequence is about 1 s with its gap). */
  sitMs: number;
  /** Reorder or busy while off-hook, then howler (the region's off-hook timeout). */
  offHookWarningMs: number;
}

export const DEFAULT_TIMINGS: PortTimings = { firstDigitMs: 15_000, sitMs: 1_000, offHookWarningMs: 60_000 };

export interface PortControllerOptions {
  /** Port number, for logs. */
  index: number;
  clock: Clock;
  logs: Logs;
  /** A collector for each off-hook: `() => new DialPlanMatcher(plan, { emergency })`. */
  newCollector: () => DigitCollector;
  placer: CallPlacer;
  media: MediaFactory;
  tones: ToneOutput;
  ring: RingOutput;
  callerId: CallerIdRunner;
  alertLine: AlertLine;
  /** The line's caller ID method, or "off". */
  callerIdMethod: CallerIdMethod | "off";
  /** The region's ring cadence (TonePlan.ring): its first ring frames caller ID. */
  ringCadence: RingCadence;
  timings?: Partial<PortTimings>;
  /** Caller ID time of day (local); default from clock.wallTime(). */
  callTime?: () => CallerIdInfo["time"];
}
