/**
 * A GPIO backend in memory that keeps the gpio.ts contract and rejects what the kernel
 * would reject: a line already taken (here or by "another process"), an offset past the
 * chip, writing an input, using a released line. Tests play the world outside the pins:
 * they drive input levels (now, or scripted with kernel timestamps and a read latency)
 * and read back what the outputs drove, with times, from the physical level history.
 */
import type { Clock } from "../../../src/util/clock.js";
import { err, ok, type Result } from "../../../src/util/result.js";
import { GpioError, type GpioBackend, type GpioChip, type GpioLineConfig, type GpioLineHandle } from "../gpio.js";
import { LineHandleBase } from "../line-handle-base.js";

export interface FakeChipSpec {
  readonly label: string;
  readonly lines: number;
}

export interface LevelChange {
  readonly high: boolean;
  readonly atMs: number;
}

interface Pin {
  high: boolean;
  handle: FakeLineHandle | undefined;
  heldElsewhere: boolean;
  readonly history: LevelChange[];
}

class FakeLineHandle extends LineHandleBase {
  constructor(private readonly pin: Pin, chipLabel: string, offset: number, config: GpioLineConfig, private readonly setLevel: (high: boolean) => void) {
    super(chipLabel, offset, config);
  }

  protected readLevel(): boolean {
    return this.pin.high;
  }

  protected writeLevel(high: boolean): void {
    this.setLevel(high);
  }

  protected dispose(): void {
    this.pin.handle = undefined;
  }

  /** The outside world moved the pin: an edge if the request asked for it. */
  edge(high: boolean, atMs: number): void {
    if (this.wants(high)) this.emitEdge({ high, atMs });
  }

  fail(error: GpioError): void {
    this.emitError(error);
  }
}

export class FakeGpio implements GpioBackend {
  readonly kind = "fake";
  private readonly chips = new Map<string, { spec: FakeChipSpec; pins: Pin[] }>();
  private closed = false;

  constructor(private readonly clock: Clock, chips: readonly FakeChipSpec[] = [{ label: "pinctrl-bcm2711", lines: 58 }]) {
    for (const spec of chips) {
      const pins = Array.from({ length: spec.lines }, (): Pin => ({ high: false, handle: undefined, heldElsewhere: false, history: [] }));
      this.chips.set(spec.label, { spec, pins });
    }
  }

  labels(): readonly string[] {
    return [...this.chips.keys()];
  }

  openChip(label: string): Result<GpioChip, GpioError> {
    const chip = this.chips.get(label);
    if (!chip) return err(new GpioError("chip-not-found", `no GPIO chip labelled "${label}" (present: ${this.labels().join(", ")})`));
    const request = (offset: number, config: GpioLineConfig): Result<GpioLineHandle, GpioError> => {
      if (this.closed) return err(new GpioError("released", "the GPIO backend was closed"));
      const pin = chip.pins[offset];
      if (!Number.isInteger(offset) || !pin) {
        return err(new GpioError("line-out-of-range", `line ${offset} is past "${label}" (${chip.spec.lines} lines)`));
      }
      if (pin.handle || pin.heldElsewhere) return err(new GpioError("line-busy", `line ${offset} of "${label}" is already requested`));
      if (config.direction === "output") this.setLevel(pin, config.initialHigh);
      pin.handle = new FakeLineHandle(pin, label, offset, config, (high) => this.setLevel(pin, high));
      return ok(pin.handle);
    };
    return ok({ label, name: `gpiochip${[...this.chips.keys()].indexOf(label)}`, lineCount: chip.spec.lines, request });
  }

  close(): void {
    this.closed = true;
    for (const { pins } of this.chips.values()) for (const pin of pins) pin.handle?.release();
  }

  /** Test control: the physical level of a pin now. */
  level(label: string, offset: number): boolean {
    return this.pin(label, offset).high;
  }

  /** Test control: every change of a pin's level, with the Clock's time. */
  history(label: string, offset: number): readonly LevelChange[] {
    return this.pin(label, offset).history;
  }

  /** Test control: whether a line is requested through this backend. */
  isRequested(label: string, offset: number): boolean {
    return this.pin(label, offset).handle !== undefined;
  }

  /** Test control: another process holds the line (requests get "line-busy"). */
  holdElsewhere(label: string, offset: number): void {
    this.pin(label, offset).heldElsewhere = true;
  }

  /**
   * Test control: the outside world drives an input to `high`, stamped `atMs` (default now;
   * never later than now, as a kernel timestamp cannot be).
   */
  drive(label: string, offset: number, high: boolean, atMs = this.clock.now()): void {
    if (atMs > this.clock.now()) throw new RangeError(`edge stamped ${atMs} is in the future (now ${this.clock.now()})`);
    const pin = this.pin(label, offset);
    if (pin.handle?.config.direction === "output") throw new Error(`line ${offset} of "${label}" is an output; the world cannot drive it`);
    if (pin.high === high) return;
    this.setLevel(pin, high, atMs);
    pin.handle?.edge(high, atMs);
  }

  /**
   * Test control: edges at the given times, each read by the driver `readLatencyMs` later
   * (as a batch of kernel events is), stamped with its own time.
   */
  script(label: string, offset: number, edges: readonly LevelChange[], readLatencyMs = 0): void {
    const now = this.clock.now();
    for (const e of edges) {
      this.clock.setTimer(e.atMs + readLatencyMs - now, () => this.drive(label, offset, e.high, e.atMs));
    }
  }

  /** Test control: the line stops working (a chip unbound, a read error). */
  fail(label: string, offset: number, message: string): void {
    this.pin(label, offset).handle?.fail(new GpioError("io", message));
  }

  private setLevel(pin: Pin, high: boolean, atMs = this.clock.now()): void {
    if (pin.high === high) return;
    pin.high = high;
    pin.history.push({ high, atMs });
  }

  private pin(label: string, offset: number): Pin {
    const pin = this.chips.get(label)?.pins[offset];
    if (!pin) throw new RangeError(`no line ${offset} on fake chip "${label}"`);
    return pin;
  }
}
