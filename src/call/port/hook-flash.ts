/**
 * What a hook flash does during calls, in the port's two styles.
 * North American (Bellcore GR-506 / LSSGR): flash holds the call and gives recall dial
 * tone; a consultation call then becomes a three-way call at the next flash, or a transfer
 * when the handset hangs up; with a call waiting, flash answers it and swaps between the two.
 * Nordic R-key (ETSI EN 300 356 style "R" + digit): R alone holds and gives dial tone; with a
 * second call, R0 refuses or releases it, R1 releases the current call and takes the other,
 * R2 swaps, R3 joins the three, R4 transfers the two to each other.
 * With flash relay on, the flash goes to the far end instead (RFC 4733 event 16 or INFO).
 */
import type { Timer } from "../../util/clock.js";
import type { CallLeg } from "./call-leg.js";
import type { PortController } from "./port-controller.js";
import { PortState } from "./states.js";

const S = PortState;

/** States a flash with a call held takes back to that call (dialling a consultation, or it failed). */
const BACK_TO_HELD: ReadonlySet<PortState> = new Set([
  S.DialTone, S.Collecting, S.Confirm, S.Calling, S.Ringback, S.EarlyMedia, S.Busy, S.Reorder, S.Sit, S.Howler,
]);

export class HookFlash {
  /** Nordic style: R was pressed with a second call present; the next digit says what to do. */
  private rKeyTimer: Timer | undefined;
  /** Bumped for every transfer we start: a late report of an earlier one is ignored. */
  private transferSeq = 0;

  constructor(private readonly port: PortController) {}

  flash(): void {
    const { state, calls } = this.port;
    const f = this.port.features.current();
    const inCall = state === S.Talking || state === S.Conference;
    if (f.flashRelay !== "off" && state === S.Talking && !calls.held && !calls.waiting) {
      this.port.log.info(`flash sent to the far end (${f.flashRelay})`);
      return calls.active!.sendFlash(f.flashRelay);
    }
    if (f.flashStyle === "nordic" && inCall && (calls.waiting || calls.held)) {
      this.rKeyTimer?.cancel();
      this.rKeyTimer = this.port.o.clock.setTimer(this.port.timings.rKeyMs, () => { this.rKeyTimer = undefined; });
      return;
    }
    if (state === S.Talking) {
      if (calls.waiting) return this.answerWaiting();
      if (!calls.held) return this.holdAndDial();
      return calls.heldFor === "consult" && f.threeWay && calls.active?.phase === "up" ? this.conference() : this.swap();
    }
    if (state === S.Conference) return this.dropLast();
    if (BACK_TO_HELD.has(state) && calls.held) {
      calls.active?.hangup();
      calls.active = undefined;
      return this.resumeHeld();
    }
    this.port.log.debug(`flash in ${state} ignored`);
  }

  /** Nordic style: the digit after R, when one is awaited. True when it was taken. */
  takesDigit(key: string): boolean {
    if (!this.rKeyTimer) return false;
    this.rKeyTimer.cancel();
    this.rKeyTimer = undefined;
    this.rKey(key);
    return true;
  }

  /** Back to the held call (or, in Recall, the call ringing back), which is resumed. */
  resumeHeld(): void {
    const calls = this.port.calls;
    if (this.port.state !== S.Recall) {
      calls.active = calls.held;
      calls.held = undefined;
    }
    calls.active?.hold(false);
    if (this.port.state !== S.Talking) this.port.transition(S.Talking);
  }

  /** On-hook with a call held: a transfer when the held call waits for a consultation, else the phone rings back. */
  hungUpWithHeld(): void {
    const { calls } = this.port;
    const consult = calls.active;
    if (this.port.features.current().transfer && calls.heldFor === "consult" && consult && consult.phase !== "ended") {
      if (consult.phase === "up" && consult.signalling) return this.transfer(consult.signalling.replacingTarget(), false);
      consult.hangup();
      calls.active = undefined;
      return this.transfer(consult.remote, true);
    }
    calls.active?.hangup();
    calls.active = undefined;
    this.port.recall();
  }

  reset(): void {
    this.rKeyTimer?.cancel();
    this.rKeyTimer = undefined;
    this.transferSeq++;
  }

  private holdAndDial(): void {
    const calls = this.port.calls;
    calls.active!.hold(true);
    calls.held = calls.active;
    calls.heldFor = "consult";
    calls.active = undefined;
    this.port.dialling.start();
  }

  private answerWaiting(): void {
    const calls = this.port.calls;
    const waiting = calls.waiting!;
    calls.active?.hold(true);
    calls.held = calls.active;
    calls.heldFor = "swap";
    calls.active = waiting;
    calls.waiting = undefined;
    this.port.o.tones.stop();
    waiting.accept();
  }

  private swap(): void {
    const calls = this.port.calls;
    const [now, next] = [calls.active!, calls.held!];
    now.hold(true);
    next.hold(false);
    calls.active = next;
    calls.held = now;
    calls.heldFor = "swap";
  }

  private conference(): void {
    this.port.calls.held!.hold(false);
    this.port.transition(S.Conference);
  }

  /** Three-way: flash drops the party added last; the first one stays. */
  private dropLast(): void {
    const calls = this.port.calls;
    calls.active?.hangup();
    calls.active = calls.held;
    calls.held = undefined;
    this.port.transition(S.Talking);
  }

  /**
   * Asks the held party to call `target` (REFER, RFC 3515; with Replaces for an answered
   * consultation, RFC 3891 / RFC 5589 §7). Success ends both our calls; failure or no
   * report within the bound ends the consultation and rings the phone back for the held one.
   * A blind transfer (RFC 5589 §6) is done once the REFER is accepted: the number may ring
   * for long, and the port is free meanwhile.
   */
  private transfer(target: string, blind: boolean): void {
    const held: CallLeg = this.port.calls.held!;
    const seq = ++this.transferSeq;
    this.port.log.info(`transferring the held call to ${target}`);
    this.port.transition(S.Transferring);
    const failed = (why: string): void => {
      if (seq !== this.transferSeq || this.port.state !== S.Transferring) return;
      this.port.log.warn(`transfer failed: ${why}`);
      this.port.calls.active?.hangup();
      this.port.calls.active = undefined;
      if (this.port.calls.held) this.port.recall();
      else this.port.transition(S.Idle);
    };
    this.port.after(this.port.timings.transferMs, () => failed("no report from the transferee"));
    const done = (): void => {
      if (seq === this.transferSeq && this.port.state === S.Transferring) this.port.transition(S.Idle);
    };
    held.refer(target, {
      onAccepted: () => blind && done(),
      onDone: ({ status, reason }) => {
        if (status >= 200 && status < 300) done();
        else failed(`${status} ${reason}`);
      },
    });
  }

  private rKey(key: string): void {
    const { calls, state } = this.port;
    const f = this.port.features.current();
    const other = calls.waiting ?? calls.held;
    if (!other) return;
    switch (key) {
      case "0":
        if (calls.waiting) {
          calls.waiting.reject(486, "Busy Here");
          calls.waiting = undefined;
          this.port.o.tones.stop();
        } else {
          calls.held!.hangup();
          calls.held = undefined;
          if (state === S.Conference) this.port.transition(S.Talking);
        }
        return;
      case "1":
        calls.active?.hangup();
        calls.active = undefined;
        return calls.waiting ? this.answerWaiting() : this.resumeHeld();
      case "2":
        return calls.waiting ? this.answerWaiting() : state === S.Talking ? this.swap() : undefined;
      case "3":
        if (calls.held && state === S.Talking && f.threeWay && calls.active?.phase === "up") this.conference();
        return;
      case "4":
        if (calls.held && f.transfer && calls.active?.phase === "up" && calls.active.signalling) {
          this.transfer(calls.active.signalling.replacingTarget(), false);
        }
        return;
      default:
        this.port.log.debug(`R${key}: no such R-key sequence`);
    }
  }
}
