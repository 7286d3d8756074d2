/**
 * 1200-baud FSK receiver with an asynchronous (start/stop) framer, fed frame by frame.
 * - Carrier detect: the signal's power, smoothed over about 5 ms and over the last bit,
 *   must rise above `carrierOnDbm0` (default −43 dBm0); the carrier is lost when the power
 *   over the last bit falls 3 dB below that (within a bit of the line going quiet).
 * - Demodulation: the input correlated with the mark and the space frequency over a
 *   sliding window of one bit (complex sums); the bit is 1 where the mark energy is larger.
 *   The decision is level independent, so only carrier detect depends on the level.
 * - Framing (GR-30-CORE §2.4, EN 300 659-1): a falling edge (placed between
 *   samples where the decision crosses zero) starts a character; the start bit is checked
 *   half a bit later, data bits are read at their centres (LSB first), and a 0 where the
 *   stop bit should be drops the character. With a one-bit window the decision crosses
 *   zero half a window after the true edge, so "centre" here is the sample whose window
 *   holds the whole bit. Transitions between data bits correct the timing as they come.
 * Each character is reported with the number of mark bits the line idled before its start
 * bit, which is how a reader finds the first byte of a message after the mark signal.
 */
import { FSK_SPECS, type FskStandard } from "./fsk-modulator.js";
import { sineAmplitudeForDbm0 } from "./measure.js";

export interface FskDemodulatorOptions {
  standard: FskStandard;
  sampleRateHz?: number;
  carrierOnDbm0?: number;
}

export interface FskDemodulatorUser {
  /** A character with a good stop bit; `idleMarkBits` whole mark bits came right before its start bit. */
  onByte(byte: number, idleMarkBits: number): void;
  /** The carrier was lost (or a character broke): whatever a reader was assembling is void. */
  onBreak(): void;
}

/** One period of a tone sampled at the sample rate (whole numbers of Hz: 20 samples for 1200 Hz). */
interface Oscillator {
  readonly period: number;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

function oscillator(frequencyHz: number, rateHz: number): Oscillator {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const period = rateHz / gcd(rateHz, frequencyHz);
  const step = (2 * Math.PI * frequencyHz) / rateHz;
  return {
    period,
    cos: Float64Array.from({ length: period }, (_, i) => Math.cos(i * step)),
    sin: Float64Array.from({ length: period }, (_, i) => Math.sin(i * step)),
  };
}

/** Values kept per sample in the window. */
const STRIDE = 5;

const enum Uart {
  Idle,
  Start,
  Data,
  Stop,
}

export class FskDemodulator {
  private readonly samplesPerBit: number;
  private readonly window: number;
  /** The previous sample's decision value (mark minus space energy). */
  private lastDecision = 0;
  private readonly mark: Oscillator;
  private readonly space: Oscillator;
  private readonly carrierOn: number;
  private readonly carrierOff: number;
  private readonly smoothing: number;
  /** Ring buffer of the window's values, [markI, markQ, spaceI, spaceQ, x²] per sample. */
  private readonly products: Float64Array;
  private readonly sums = new Float64Array(STRIDE);
  private ringAt = 0;
  private sample = 0;
  private power = 0;
  private carrier = false;
  private state = Uart.Idle;
  /** Sample index (fractional) of the current character's start edge. */
  private edgeAt = 0;
  private bitIndex = 0;
  private byte = 0;
  private markSince = 0;
  private idleBefore = 0;

  constructor(options: FskDemodulatorOptions, private readonly user: FskDemodulatorUser) {
    const spec = FSK_SPECS[options.standard];
    const rate = options.sampleRateHz ?? 8000;
    this.samplesPerBit = rate / spec.baud;
    this.window = Math.round(this.samplesPerBit);
    this.mark = oscillator(spec.markHz, rate);
    this.space = oscillator(spec.spaceHz, rate);
    const on = sineAmplitudeForDbm0(options.carrierOnDbm0 ?? -43);
    this.carrierOn = (on * on) / 2;
    this.carrierOff = this.carrierOn / 2;
    this.smoothing = 1 / (0.005 * rate);
    this.products = new Float64Array(STRIDE * this.window);
  }

  /** True while a carrier is present. */
  get hasCarrier(): boolean {
    return this.carrier;
  }

  process(frame: ArrayLike<number>): void {
    for (let i = 0; i < frame.length; i++) this.step(frame[i]!);
  }

  private step(x: number): void {
    const n = this.sample++;
    this.power += (x * x - this.power) * this.smoothing;
    const base = STRIDE * this.ringAt;
    const m = n % this.mark.period;
    const p = n % this.space.period;
    this.mix(base, x * this.mark.cos[m]!);
    this.mix(base + 1, x * this.mark.sin[m]!);
    this.mix(base + 2, x * this.space.cos[p]!);
    this.mix(base + 3, x * this.space.sin[p]!);
    this.mix(base + 4, x * x);
    this.ringAt = (this.ringAt + 1) % this.window;
    const bitPower = this.sums[4]! / this.window;
    if (this.carrier ? bitPower < this.carrierOff : this.power > this.carrierOn && bitPower > this.carrierOn) {
      this.carrier = !this.carrier;
      this.toIdle(n);
      if (!this.carrier) this.user.onBreak();
    }
    if (!this.carrier || n < this.window) return;
    const [mi, mq, si, sq] = this.sums;
    const decision = mi! * mi! + mq! * mq! - si! * si! - sq! * sq!;
    this.uart(decision > 0 ? 1 : 0, n, decision);
    this.lastDecision = decision;
  }

  /** Slides one of the window sums: adds the new value, drops the oldest. */
  private mix(slot: number, product: number): void {
    const k = slot % STRIDE;
    this.sums[k] = this.sums[k]! + product - this.products[slot]!;
    this.products[slot] = product;
  }

  private uart(bit: number, n: number, decision: number): void {
    if (this.state === Uart.Idle) {
      const lastBit = this.lastDecision > 0 ? 1 : 0;
      if (bit === 1 && lastBit === 0) this.markSince = n;
      if (bit === 0 && lastBit === 1) {
        this.idleBefore = Math.floor((n - this.markSince) / this.samplesPerBit);
        // Where the decision crossed zero, between the previous sample and this one.
        this.edgeAt = n - 1 + this.lastDecision / (this.lastDecision - decision);
        this.state = Uart.Start;
      }
      return;
    }
    const crossed = (decision > 0) !== (this.lastDecision > 0);
    if (crossed && this.state !== Uart.Start) this.retime(n - 1 + this.lastDecision / (this.lastDecision - decision));
    // Each bit is read on the sample nearest its centre (counted from the interpolated edge).
    if (n < this.edgeAt + (this.bitIndex + 0.5) * this.samplesPerBit - 0.5) return;
    if (this.state === Uart.Start) {
      if (bit !== 0) {
        this.state = Uart.Idle;
        return;
      }
      this.state = Uart.Data;
      this.bitIndex = 1;
      this.byte = 0;
    } else if (this.state === Uart.Data) {
      this.byte |= bit << (this.bitIndex - 1);
      this.bitIndex++;
      if (this.bitIndex === 9) this.state = Uart.Stop;
    } else {
      this.toIdle(n);
      if (bit === 1) this.user.onByte(this.byte, this.idleBefore);
      else this.user.onBreak();
    }
  }

  /**
   * A transition inside the character at `crossingAt` nudges the character's timing a
   * quarter of the way toward the bit edge nearest to it, so one noisy start edge does not
   * decide the timing of all nine bits after it.
   */
  private retime(crossingAt: number): void {
    const bits = Math.round((crossingAt - this.edgeAt) / this.samplesPerBit);
    const error = crossingAt - (this.edgeAt + bits * this.samplesPerBit);
    if (bits > 0 && Math.abs(error) < this.samplesPerBit / 2) this.edgeAt += error / 4;
  }

  /** Waits for the next start bit, counting mark from sample `n`. */
  private toIdle(n: number): void {
    this.state = Uart.Idle;
    this.bitIndex = 0;
    this.markSince = n;
  }
}
