/**
 * What the agent hears on one port before a call controller drives it: the line layer's
 * reading of the raw signals (src/line: hook filter, pulse decoder, DTMF receiver, or the
 * board's DTMF chip), logged one line per event and kept for /api/status: the filtered
 * hook state and the digits dialled since the handset was last lifted. The call
 * controller (src/call) takes this place when it lands.
 */
import type { Line, Unsubscribe } from "../../hal/line.js";
import type { Region } from "../config/index.js";
import { DtmfReceiver, LoopMonitor, pulseDigitMapFor, type DtmfDigit, type PulseDigit } from "../line/index.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/log.js";

/** Digits kept per lift; more are dropped from the front (a person does not dial more). */
const MAX_DIALLED = 64;

export class LineListener {
  private dialledDigits = "";
  private readonly loop: LoopMonitor;
  private readonly dtmf: DtmfReceiver;
  private readonly unsubscribe: Unsubscribe[] = [];

  constructor(line: Line, clock: Clock, region: Region, private readonly log: Logger) {
    this.dtmf = new DtmfReceiver({ onDigit: (d) => this.dtmfDigit(d) });
    this.loop = new LoopMonitor(line, clock, {
      onOffHook: () => {
        this.dialledDigits = "";
        log.info("off-hook");
      },
      onOnHook: () => log.info("on-hook"),
      onFlash: (_atMs, durationMs) => log.info(`hook flash (${Math.round(durationMs)} ms)`),
      onPulsing: (active) => (active ? this.dtmf.mute("pulsing") : this.dtmf.unmute("pulsing")),
      onPulseDigit: (d) => this.pulseDigit(d),
    }, { digitMap: pulseDigitMapFor(region) });
    if (line.onHardwareDigit) {
      // The decoder chip does the listening; its digits are reported once, when the strobe drops.
      this.unsubscribe.push(line.onHardwareDigit((d) => {
        if (d.endMs !== undefined) this.dtmfDigit({ digit: d.digit, startMs: d.startMs, durationMs: d.endMs - d.startMs });
      }));
    } else {
      this.unsubscribe.push(line.audio.onCapture((frame, atMs) => this.dtmf.frame(frame, atMs)));
    }
  }

  /** "off" while the loop is closed (pulse breaks and flashes still count as off). */
  get hook(): "on" | "off" {
    return this.loop.state === "onHook" ? "on" : "off";
  }

  /** Digits dialled since the last off-hook, in order, by either method. */
  get dialled(): string {
    return this.dialledDigits;
  }

  close(): void {
    this.loop.close();
    for (const stop of this.unsubscribe.splice(0)) stop();
  }

  private pulseDigit(d: PulseDigit): void {
    if (d.digit === undefined) {
      this.log.warn(`${d.pulses} pulses make no digit; ignored`);
      return;
    }
    const rate = d.pulsesPerSecond === undefined ? "" : `, ${d.pulsesPerSecond.toFixed(1)} pps, ${Math.round((d.breakRatio ?? 0) * 100)} % break`;
    this.add(d.digit, `pulse, ${d.pulses} pulse(s)${rate}`);
  }

  private dtmfDigit(d: DtmfDigit): void {
    this.add(d.digit, `DTMF, ${Math.round(d.durationMs)} ms`);
  }

  private add(digit: string, how: string): void {
    this.dialledDigits = (this.dialledDigits + digit).slice(-MAX_DIALLED);
    this.log.info(`digit ${digit} (${how})`);
  }
}
