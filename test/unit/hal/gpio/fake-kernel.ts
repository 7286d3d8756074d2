/**
 * Stand-ins for what the GPIO backends talk to, for tests: FakeKernelAddon answers like
 * the character device behind native/gpio (chip info, requests that can be busy, EPERM on
 * setting an input, edge batches with CLOCK_MONOTONIC stamps), and fakeOnoff() like onoff
 * over sysfs (export by global number, EBUSY when exported elsewhere, EPERM on writing an
 * input, watch callbacks with the value read after the interrupt).
 */
import type { AddonError, GpioAddon, KernelEdgeEvent, WatchCallback } from "../../../../hal/gpio/cdev/gpio-addon.js";
import type { OnoffDirection, OnoffEdge, OnoffGpio, OnoffModule } from "../../../../hal/gpio/sysfs/sysfs-gpio.js";

function errnoError(code: string, message: string): AddonError {
  return Object.assign(new Error(`${message}: ${code}`), { code });
}

interface FakeChip {
  readonly name: string;
  readonly label: string;
  readonly lines: number;
  readonly levels: boolean[];
  readonly holders: Map<number, number>;
}

interface FakeRequest {
  readonly chip: FakeChip;
  readonly offset: number;
  readonly flags: number;
  watch?: WatchCallback;
}

/** uAPI v2 flag values (include/uapi/linux/gpio.h, enum gpio_v2_line_flag). */
export const UAPI_FLAGS = { INPUT: 4, OUTPUT: 8, EDGE_RISING: 16, EDGE_FALLING: 32, BIAS_PULL_UP: 256, BIAS_PULL_DOWN: 512, BIAS_DISABLED: 1024 } as const;

export class FakeKernelAddon implements GpioAddon {
  readonly flags = UAPI_FLAGS;
  readonly chips = new Map<string, FakeChip>();
  readonly requests = new Map<number, FakeRequest>();
  private nextFd = 20;
  private seqno = 0;

  addChip(path: string, label: string, lines: number): this {
    this.chips.set(path, { name: path.split("/").pop()!, label, lines, levels: new Array<boolean>(lines).fill(false), holders: new Map() });
    return this;
  }

  chipInfo(path: string): { name: string; label: string; lines: number } {
    const chip = this.chips.get(path);
    if (!chip) throw errnoError("ENOENT", path);
    return { name: chip.name, label: chip.label, lines: chip.lines };
  }

  requestLine(path: string, offset: number, flags: number, outputValue: number): number {
    const chip = this.chips.get(path);
    if (!chip) throw errnoError("ENOENT", path);
    if (offset >= chip.lines) throw errnoError("EINVAL", path);
    if (chip.holders.has(offset)) throw errnoError("EBUSY", path);
    const fd = this.nextFd++;
    chip.holders.set(offset, fd);
    if (flags & UAPI_FLAGS.OUTPUT) chip.levels[offset] = outputValue === 1;
    this.requests.set(fd, { chip, offset, flags });
    return fd;
  }

  getValue(fd: number): boolean {
    const r = this.request(fd);
    return r.chip.levels[r.offset]!;
  }

  setValue(fd: number, high: boolean): void {
    const r = this.request(fd);
    if (!(r.flags & UAPI_FLAGS.OUTPUT)) throw errnoError("EPERM", "set values");
    r.chip.levels[r.offset] = high;
  }

  watch(fd: number, callback: WatchCallback): object {
    this.request(fd).watch = callback;
    return { fd };
  }

  unwatch(handle: object): void {
    const r = this.requests.get((handle as { fd: number }).fd);
    if (r) delete r.watch;
  }

  close(fd: number): void {
    const r = this.request(fd);
    r.chip.holders.delete(r.offset);
    this.requests.delete(fd);
  }

  /** Another process holds a line. */
  holdElsewhere(path: string, offset: number): void {
    this.chips.get(path)!.holders.set(offset, -1);
  }

  /** The pin moves; watchers that asked for this edge get it, stamped `timestampNs`, read at `readNs`. */
  edge(path: string, offset: number, high: boolean, timestampNs: bigint, readNs: bigint): void {
    this.batch(path, offset, [{ high, timestampNs }], readNs);
  }

  /** Several edges read in one read() (a bouncing contact). */
  batch(path: string, offset: number, edges: readonly { high: boolean; timestampNs: bigint }[], readNs: bigint): void {
    const chip = this.chips.get(path)!;
    const fd = chip.holders.get(offset);
    const r = fd === undefined ? undefined : this.requests.get(fd);
    const events: KernelEdgeEvent[] = [];
    for (const e of edges) {
      chip.levels[offset] = e.high;
      const wanted = e.high ? UAPI_FLAGS.EDGE_RISING : UAPI_FLAGS.EDGE_FALLING;
      if (r && r.flags & wanted) events.push({ rising: e.high, timestampNs: e.timestampNs, offset, seqno: ++this.seqno, lineSeqno: this.seqno });
    }
    if (events.length) r?.watch?.(null, events, readNs);
  }

  /** The request's fd stops working (the chip was unbound). */
  fail(path: string, offset: number): void {
    const fd = this.chips.get(path)!.holders.get(offset)!;
    this.requests.get(fd)?.watch?.(errnoError("ENODEV", "read events"), null, 0n);
  }

  private request(fd: number): FakeRequest {
    const r = this.requests.get(fd);
    if (!r) throw errnoError("EBADF", "ioctl");
    return r;
  }
}

export interface FakeSysfs {
  readonly module: OnoffModule;
  /** Global numbers exported now, with their direction. */
  readonly exported: Map<number, OnoffDirection>;
  readonly levels: Map<number, boolean>;
  /** Numbers exported by another process. */
  readonly elsewhere: Set<number>;
  /** The pin with this global number moves. */
  drive(number: number, high: boolean): void;
}

export function fakeOnoff(accessible = true): FakeSysfs {
  const exported = new Map<number, OnoffDirection>();
  const levels = new Map<number, boolean>();
  const elsewhere = new Set<number>();
  const watchers = new Map<number, { edge: OnoffEdge; callback: (error: Error | null, value: 0 | 1) => void }>();
  class Gpio implements OnoffGpio {
    static readonly accessible = accessible;
    constructor(private readonly number: number, private readonly direction: OnoffDirection, private readonly edge: OnoffEdge) {
      if (elsewhere.has(number)) throw errnoError("EBUSY", `write /sys/class/gpio/export`);
      exported.set(number, direction);
      if (direction !== "in") levels.set(number, direction === "high");
    }
    readSync(): 0 | 1 {
      return levels.get(this.number) ? 1 : 0;
    }
    writeSync(value: 0 | 1): void {
      if (this.direction === "in") throw errnoError("EPERM", `write gpio${this.number}/value`);
      levels.set(this.number, value === 1);
    }
    watch(callback: (error: Error | null | undefined, value: 0 | 1) => void): void {
      watchers.set(this.number, { edge: this.edge, callback: (e, v) => callback(e, v) });
    }
    unwatchAll(): void {
      watchers.delete(this.number);
    }
    unexport(): void {
      exported.delete(this.number);
    }
  }
  return {
    module: { Gpio },
    exported,
    levels,
    elsewhere,
    drive(number, high) {
      if ((levels.get(number) ?? false) === high) return;
      levels.set(number, high);
      const w = watchers.get(number);
      if (w && w.edge !== "none" && (w.edge === "both" || (w.edge === "rising") === high)) w.callback(null, high ? 1 : 0);
    },
  };
}
