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
import { defaultFeatures, type FeatureChange, type FeatureConfig } from "../../config/index.js";
import type { StarCodes } from "../features/index.js";
import type { CallDialog } from "../media/call-dialog.js";
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
  /** The call's dialog, for hold and digits by INFO; given once the SIP call exists. */
  attach(dialog: CallDialog): void;
  /** Hold (sendonly, RFC 3264 §8.4) or resume by re-INVITE; resolves once answered. */
  hold(on: boolean): Promise<Result<void, string>>;
  /** A key pressed or dialled during the call, by the account's DTMF method (failures are logged). */
  sendDigit(key: string): unknown;
  /** The hook flash to the far end: RFC 4733 event 16 or INFO application/hook-flash (failures are logged). */
  sendFlash(method: "rfc4733" | "info"): unknown;
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
  /** The far end transfers us (REFER, RFC 3515): true when we follow it. */
  onRefer(request: TransferRequest): boolean;
}

/** How a transfer we asked for (REFER) went: accepted (2xx to the REFER), then the final status the transferee reported, or why it never did. */
export interface TransferUser {
  onAccepted?(): void;
  onDone(outcome: { status: number; reason: string }): void;
}

/** What every call (either way) can do once it exists: end, carry media requests, be transferred. */
export interface CallSignalling extends CallDialog {
  /** CANCEL before the answer, BYE after (an incoming call not yet answered is refused). */
  hangup(): void;
  /** REFER the peer to `referTo` (RFC 3515); progress comes to `user`. */
  refer(referTo: string, user: TransferUser): void;
  /** The Refer-To that makes another party replace this call (RFC 3891 §3: our consultation call, for attended transfer). */
  replacingTarget(): string;
}

/** An INVITE we sent (OutgoingCall). */
export type PlacedCall = CallSignalling;

/** How one outgoing call presents us: hidden caller ID (RFC 3323 Privacy: id). */
export interface PlaceOptions {
  anonymous: boolean;
}

/** Places calls to dialled numbers (or sip: URIs, for call return and forwarding): `account.call(account.targetFor(n), offer, user)`. */
export interface CallPlacer {
  place(number: string, offer: string, user: PlacedCallUser, options: PlaceOptions): PlacedCall;
}

/** A REFER from the far end (we are transferred): where to, and how to report back. */
export interface TransferRequest {
  /** The Refer-To URI as text (a sip: URI; its Replaces header, if any, stays in it). */
  readonly target: string;
  /** Report the new call's progress (RFC 3515 §2.4.5: 100, 180, 200, or the failure). */
  notify(status: number, reason: string): void;
}

/** What an incoming call tells the controller (structurally a src/sip IncomingCallUser). */
export interface OfferedCallUser {
  onCancelled(): void;
  onConfirmed(answer: string | undefined): void;
  onEnded(end: { by: "local" | "remote"; reason?: string }): void;
  onRemoteOffer(offer: string): string | undefined;
  onRefer(request: TransferRequest): boolean;
}

/** An INVITE to this port (IncomingCall, with headerValues = `n => call.invite.headers.list(n)`). */
export interface OfferedCall extends InviteIdentity, CallSignalling {
  /** The INVITE's SDP offer; undefined when we must offer in the 200. */
  readonly offer: string | undefined;
  attach(user: OfferedCallUser): void;
  ringing(): boolean;
  accept(sdp: string): boolean;
  reject(status: number, reason?: string): boolean;
  /** A 3xx sending the caller to `number` (call forwarding, RFC 3261 §21.3). */
  redirect(number: string): boolean;
  /** True when this INVITE carries Replaces (RFC 3891) naming that call of ours. */
  replaces(call: CallSignalling): boolean;
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
  /** The confirmation tone after a star code, then dial tone again. */
  confirmationMs: number;
  /** A held call rings the hung-up handset this long (recall), then it is released. */
  recallMs: number;
  /** Nordic style: after R, how long a digit (R1, R2…) is awaited. */
  rKeyMs: number;
  /** A transfer we asked for with no final report by then has failed (RFC 3515 gives no bound; 64*T1). */
  transferMs: number;
}

export const DEFAULT_TIMINGS: PortTimings = {
  firstDigitMs: 15_000, sitMs: 1_000, offHookWarningMs: 60_000, confirmationMs: 600, recallMs: 60_000, rKeyMs: 4_000, transferMs: 32_000,
};

/** The line's calling features as the controller reads them (lines[n].features). */
export type PortFeatures = Omit<FeatureConfig, "hotline" | "hotlineDelaySec" | "visualMwi" | "starCodes">;

/** The line's features: read at each decision, changed by star codes (saved, so they survive a restart). */
export interface FeatureStore {
  current(): PortFeatures;
  change(change: FeatureChange): void;
}

/** Features kept in memory only (tests, a line without a configuration file). */
export function memoryFeatures(initial: Partial<PortFeatures> = {}): FeatureStore {
  let features: PortFeatures = { ...defaultFeatures(), ...initial };
  return { current: () => features, change: (change) => { features = { ...features, ...change }; } };
}

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
  /** The line's features; default: memoryFeatures(). */
  features?: FeatureStore;
  /** The line's star codes; default: none. */
  starCodes?: Pick<StarCodes, "match">;
}
