/**
 * What the handset dials from dial tone: the dial plan (DigitCollector) key by key with its
 * timers, and star codes before it (src/call/features): a code that toggles a feature answers
 * with the confirmation tone; a code that takes a number gives dial tone again and acts on the
 * number the dial plan then completes. Remembers the last number dialled (redial) and the
 * last caller (call return), and the per-call choices (*67, *82, *70) for the next call.
 */
import type { FeatureChange } from "../../config/index.js";
import type { FeatureCode, StarCodeMatch } from "../features/index.js";
import type { DialVerdict, DigitCollector } from "./port-deps.js";
import type { PortController } from "./port-controller.js";
import { PortState } from "./states.js";

const S = PortState;

/** What a toggle code changes. */
const TOGGLES: Partial<Record<FeatureCode, FeatureChange>> = {
  forwardAllOff: { forwardAll: "" },
  forwardBusyOff: { forwardBusy: "" },
  forwardNoAnswerOff: { forwardNoAnswer: "" },
  dndOn: { dnd: true },
  dndOff: { dnd: false },
  callWaitingOn: { callWaiting: true },
  callWaitingOff: { callWaiting: false },
  blockCallerIdOn: { blockCallerId: true },
  blockCallerIdOff: { blockCallerId: false },
  anonymousCallRejectionOn: { anonymousCallRejection: true },
  anonymousCallRejectionOff: { anonymousCallRejection: false },
};

/** What a code that takes a number sets to it. */
const FORWARDS: Partial<Record<FeatureCode, "forwardAll" | "forwardBusy" | "forwardNoAnswer">> = {
  forwardAllOn: "forwardAll",
  forwardBusyOn: "forwardBusy",
  forwardNoAnswerOn: "forwardNoAnswer",
};

export class Dialling {
  private collector: DigitCollector | undefined;
  /** The plan's last word once it stopped collecting while the keys could still become a star code. */
  private planVerdict: DialVerdict | undefined;
  private keys = "";
  /** A star code waiting for its number. */
  private pending: FeatureCode | undefined;
  /** The caller-ID choice for the next call only (*67 hide, *82 show); undefined: the line's setting. */
  private hideNext: boolean | undefined;
  private callWaitingOffValue = false;
  private lastDialled: string | undefined;
  private lastCaller: string | undefined;

  constructor(private readonly port: PortController) {}

  /** *70 was dialled for the call now in progress: no call waits on it. */
  get callWaitingOff(): boolean {
    return this.callWaitingOffValue;
  }

  /** Dial tone and a fresh dial plan (off-hook, or a flash that holds the call). */
  start(): void {
    this.port.transition(S.DialTone);
    this.keys = "";
    this.pending = undefined;
    this.planVerdict = undefined;
    this.collector = this.port.o.newCollector();
    this.follow(this.collector.current);
  }

  key(key: string): void {
    if (this.port.state === S.DialTone) this.port.transition(S.Collecting);
    else this.port.o.tones.stop();
    this.keys += key;
    // A plan that has finished (refused "*", say) is asked nothing more: its verdict stands if no code comes.
    const verdict = this.planVerdict ?? this.collector!.press(key);
    if (this.pending === undefined && this.port.o.starCodes) {
      const match = this.port.o.starCodes.match(this.keys);
      if (match.kind === "code") return this.starCode(match);
      if (match.kind === "prefix") {
        if (verdict.kind === "collect") return this.follow(verdict);
        this.planVerdict = verdict;
        return this.follow({ kind: "collect", timeoutMs: this.port.timings.firstDigitMs });
      }
    }
    this.planVerdict = undefined;
    this.follow(verdict);
  }

  rememberCaller(uri: string | undefined): void {
    if (uri !== undefined) this.lastCaller = uri;
  }

  /** The port is idle again: per-call choices and any half-dialled number are gone. */
  reset(): void {
    this.collector = undefined;
    this.planVerdict = undefined;
    this.keys = "";
    this.pending = undefined;
    this.hideNext = undefined;
    this.callWaitingOffValue = false;
  }

  private follow(verdict: DialVerdict): void {
    if (verdict.kind === "collect") {
      this.port.after(verdict.timeoutMs ?? this.port.timings.firstDigitMs, () => this.follow(this.planVerdict ?? this.collector!.timeout()));
      if (verdict.secondDialTone) this.port.o.tones.start("dial");
    } else if (verdict.kind === "refuse") {
      this.port.log.info(`number refused by the dial plan: ${verdict.reason}`);
      this.port.transition(S.Reorder);
    } else {
      this.dialled(verdict.number);
    }
  }

  /** The dial plan completed a number: a call, or the number a star code was waiting for. */
  private dialled(number: string): void {
    const code = this.pending;
    this.pending = undefined;
    const field = code === undefined ? undefined : FORWARDS[code];
    if (field !== undefined) {
      this.port.log.info(`star code ${code}: ${number}`);
      this.port.features.change({ [field]: number });
      return this.confirm();
    }
    this.call(number);
  }

  private call(number: string): void {
    this.lastDialled = number;
    const anonymous = this.hideNext ?? this.port.features.current().blockCallerId;
    this.hideNext = undefined;
    this.port.place(number, anonymous);
  }

  /** The confirmation tone, then dial tone for whatever the handset does next. */
  private confirm(): void {
    this.port.transition(S.Confirm);
    this.port.after(this.port.timings.confirmationMs, () => this.start());
  }

  private starCode(match: Extract<StarCodeMatch, { kind: "code" }>): void {
    const { code } = match;
    this.port.log.info(`star code ${code}`);
    const toggle = TOGGLES[code];
    if (toggle) {
      this.port.features.change(toggle);
      return this.confirm();
    }
    if (code === "callReturn" || code === "redial") {
      const target = code === "callReturn" ? this.lastCaller : this.lastDialled;
      if (target === undefined) return this.port.transition(S.Reorder);
      return this.call(target);
    }
    if (code === "cwOffNextCall") this.callWaitingOffValue = true;
    if (code === "hideIdNextCall") this.hideNext = true;
    if (code === "showIdNextCall") this.hideNext = false;
    this.pending = FORWARDS[code] === undefined ? undefined : code;
    this.keys = "";
    this.planVerdict = undefined;
    this.collector = this.port.o.newCollector();
    this.port.o.tones.start("dial");
    this.follow(this.collector.current);
  }
}
