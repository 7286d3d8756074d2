/**
 * One analog port on an AG1171/KS0835F SLIC wired to GPIO, as a Line (hal/line.ts):
 * SHK in (high = off-hook in logical terms), RM and F/R out, an optional MT8870 on five
 * inputs; audio comes from the caller. Hook edges pass through raw (bounce included; the
 * line layer debounces). Ring trip: an off-hook edge while ringing stops the ringer before
 * the edge is reported. Polarity is F/R's level when not ringing (high = forward, AG1171
 * datasheet §5.9) and is applied when the ringer stops.
 */
import type { Clock } from "../../src/util/clock.js";
import type { Logger } from "../../src/util/log.js";
import { err, ok, type Result } from "../../src/util/result.js";
import type { HardwareDigit, HookEdge, HookState, Line, LineAudio, LineFault, Polarity, Unsubscribe } from "../line.js";
import { Listeners } from "../listeners.js";
import type { GpioError } from "./gpio.js";
import type { GpioLines, LogicalLine, LogicalRequest, PinRef } from "./gpio-lines.js";
import { Mt8870Decoder } from "./mt8870.js";
import { Ringer } from "./ringer.js";

export interface GpioLinePins {
  readonly hook: PinRef;
  readonly ringMode: PinRef;
  readonly forwardReverse: PinRef;
  readonly ringFrequencyHz: 20 | 25;
  readonly dtmf?: { readonly q1: PinRef; readonly q2: PinRef; readonly q3: PinRef; readonly q4: PinRef; readonly strobe: PinRef };
}

export interface GpioLineDeps {
  readonly index: number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly gpio: GpioLines;
  readonly audio: LineAudio;
  /** Runs once at close, after the pins are released (closing audio, a backend this line owns). */
  readonly onClose?: () => Promise<void> | void;
}

/** Inputs rest at their inactive level when nothing drives them: pull toward it. */
function input(pin: PinRef, edge: "both" | "none" = "both"): LogicalRequest {
  return { direction: "input", edge, bias: pin.activeLow ? "pull-up" : "pull-down" };
}

/** Requests every pin or none: on a failure the pins already taken are released. */
function requestAll(gpio: GpioLines, wanted: readonly (readonly [string, PinRef, LogicalRequest])[]): Result<Map<string, LogicalLine>, GpioError> {
  const got = new Map<string, LogicalLine>();
  for (const [role, pin, request] of wanted) {
    const line = gpio.request(pin, request);
    if (!line.ok) {
      for (const l of got.values()) l.release();
      return err(line.error);
    }
    got.set(role, line.value);
  }
  return ok(got);
}

export class GpioLine implements Line {
  private hookState: HookState;
  private polarityState: Polarity = "forward";
  private closed = false;
  private readonly ringer: Ringer;
  private readonly decoder: Mt8870Decoder | undefined;
  private readonly hookListeners = new Listeners<HookEdge>();
  private readonly digitListeners = new Listeners<HardwareDigit>();
  private readonly faultListeners = new Listeners<LineFault>();
  readonly audio: LineAudio;
  readonly onHardwareDigit?: (listener: (digit: HardwareDigit) => void) => Unsubscribe;

  /** Requests the pins (F/R starts high = forward, RM low) and reads the hook state. */
  static open(pins: GpioLinePins, deps: GpioLineDeps): Result<GpioLine, GpioError> {
    const wanted: [string, PinRef, LogicalRequest][] = [
      ["hook", pins.hook, input(pins.hook)],
      ["ringMode", pins.ringMode, { direction: "output", initialActive: false }],
      ["forwardReverse", pins.forwardReverse, { direction: "output", initialActive: true }],
    ];
    // MT8870: only StD needs edges; Q1–Q4 are read when it rises.
    if (pins.dtmf) for (const role of ["q1", "q2", "q3", "q4", "strobe"] as const) wanted.push([role, pins.dtmf[role], input(pins.dtmf[role], role === "strobe" ? "both" : "none")]);
    const lines = requestAll(deps.gpio, wanted);
    if (!lines.ok) return lines;
    return ok(new GpioLine(pins, deps, lines.value));
  }

  private constructor(pins: GpioLinePins, private readonly deps: GpioLineDeps, private readonly lines: Map<string, LogicalLine>) {
    const pin = (role: string): LogicalLine => lines.get(role)!;
    this.ringer = new Ringer(deps.clock, { ringMode: pin("ringMode"), forwardReverse: pin("forwardReverse") }, pins.ringFrequencyHz);
    this.hookState = pin("hook").read() ? "off" : "on";
    pin("hook").onEdge((e) => this.hookEdge(e.active ? "off" : "on", e.atMs));
    for (const l of lines.values()) l.onError((e) => this.fault(`${l.name}: ${e.message}`));
    if (pins.dtmf) {
      this.decoder = new Mt8870Decoder({ q1: pin("q1"), q2: pin("q2"), q3: pin("q3"), q4: pin("q4"), strobe: pin("strobe") }, (d) => {
        this.digitListeners.emit(d);
      });
      this.onHardwareDigit = (listener) => this.subscribe(this.digitListeners, listener);
    }
    this.audio = this.guarded(deps.audio);
    deps.log.info(`opened: hook ${this.hookState}, ring ${pins.ringFrequencyHz} Hz, DTMF ${pins.dtmf ? "MT8870" : "software"}, pins ${[...lines.values()].map((l) => l.name).join(" ")}`);
  }

  get index(): number {
    return this.deps.index;
  }

  get hook(): HookState {
    return this.hookState;
  }

  get ringing(): boolean {
    return this.ringer.ringing;
  }

  get polarity(): Polarity {
    return this.polarityState;
  }

  onHookEdge(listener: (edge: HookEdge) => void): Unsubscribe {
    return this.subscribe(this.hookListeners, listener);
  }

  onFault(listener: (fault: LineFault) => void): Unsubscribe {
    return this.subscribe(this.faultListeners, listener);
  }

  async setRing(on: boolean): Promise<void> {
    this.assertOpen();
    if (!on) this.ringer.stop(this.forwardLevel());
    else if (this.hookState === "off") this.deps.log.debug("ring request ignored: off-hook");
    else this.ringer.start(this.forwardLevel());
  }

  async setPolarity(polarity: Polarity): Promise<void> {
    this.assertOpen();
    this.polarityState = polarity;
    if (!this.ringer.ringing) this.lines.get("forwardReverse")!.write(this.forwardLevel());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.ringer.stop(this.forwardLevel());
    this.closed = true;
    this.decoder?.stop();
    for (const l of this.lines.values()) l.release();
    this.hookListeners.clear();
    this.digitListeners.clear();
    this.deps.log.info("closed");
    await this.deps.onClose?.();
    this.faultListeners.clear();
  }

  private hookEdge(state: HookState, atMs: number): void {
    // Two edges to the same state mean the one between was lost (too fast for the IRQ): keep states alternating.
    if (state === this.hookState) return;
    this.hookState = state;
    if (state === "off" && this.ringer.ringing) {
      this.ringer.stop(this.forwardLevel());
      this.deps.log.info("ring trip: off-hook while ringing, ringing stopped");
    }
    this.hookListeners.emit({ state, atMs });
  }

  private fault(message: string): void {
    this.deps.log.error(message);
    this.faultListeners.emit({ message, retrying: false });
  }

  /** The caller's audio, refusing use after close like every other method. */
  private guarded(audio: LineAudio): LineAudio {
    const open = (): void => this.assertOpen();
    return {
      sampleRateHz: audio.sampleRateHz,
      frameSamples: audio.frameSamples,
      onCapture: (listener) => (open(), audio.onCapture(listener)),
      play: (frame) => (open(), audio.play(frame)),
      get queuedFrames() {
        return audio.queuedFrames;
      },
    };
  }

  private forwardLevel(): boolean {
    return this.polarityState === "forward";
  }

  private subscribe<T>(listeners: Listeners<T>, listener: (value: T) => void): Unsubscribe {
    this.assertOpen();
    return listeners.add(listener);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`GPIO line ${this.deps.index} is closed`);
  }
}
