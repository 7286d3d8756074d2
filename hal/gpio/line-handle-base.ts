/**
 * What every backend's line handle shares: the checks of the GpioLineHandle contract
 * (gpio.ts) and the listener lists. A backend supplies only the level access and the
 * release of its resources.
 */
import type { Unsubscribe } from "../line.js";
import { GpioError, type GpioEdgeEvent, type GpioLineConfig, type GpioLineHandle } from "./gpio.js";

export abstract class LineHandleBase implements GpioLineHandle {
  private released = false;
  private readonly edgeListeners = new Set<(edge: GpioEdgeEvent) => void>();
  private readonly errorListeners = new Set<(error: GpioError) => void>();

  constructor(readonly chipLabel: string, readonly offset: number, readonly config: GpioLineConfig) {}

  protected abstract readLevel(): boolean;
  protected abstract writeLevel(high: boolean): void;
  /** Gives the backend's resources back; called once. */
  protected abstract dispose(): void;

  get isReleased(): boolean {
    return this.released;
  }

  readHigh(): boolean {
    this.assertLive("read");
    return this.readLevel();
  }

  writeHigh(high: boolean): void {
    this.assertLive("write");
    if (this.config.direction !== "output") {
      throw new GpioError("not-output", `${this.describe()} is an input; it cannot be written`);
    }
    this.writeLevel(high);
  }

  onEdge(listener: (edge: GpioEdgeEvent) => void): Unsubscribe {
    this.assertLive("watch");
    if (this.config.direction !== "input" || this.config.edge === "none") {
      throw new GpioError("no-edge-detection", `${this.describe()} was not requested with edge detection`);
    }
    this.edgeListeners.add(listener);
    return () => this.edgeListeners.delete(listener);
  }

  onError(listener: (error: GpioError) => void): Unsubscribe {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.edgeListeners.clear();
    this.dispose();
  }

  /** Hands one edge to the listeners; nothing after release. */
  protected emitEdge(edge: GpioEdgeEvent): void {
    if (this.released) return;
    for (const l of [...this.edgeListeners]) l(edge);
  }

  protected emitError(error: GpioError): void {
    for (const l of [...this.errorListeners]) l(error);
  }

  /** Whether an edge to `high` is one the configuration asked for. */
  protected wants(high: boolean): boolean {
    if (this.config.direction !== "input") return false;
    const edge = this.config.edge;
    return edge === "both" || (edge === "rising" && high) || (edge === "falling" && !high);
  }

  protected describe(): string {
    return `GPIO line ${this.offset} of "${this.chipLabel}"`;
  }

  private assertLive(what: string): void {
    if (this.released) throw new GpioError("released", `${this.describe()} was released; cannot ${what} it`);
  }
}
