/**
 * Pins as the board describes them (chip label, offset, active-low) turned into logical
 * lines: `true` means active. This is the one place active-low is applied (the kernel's
 * and onoff's own active-low flags are never set), for inputs, outputs and edges alike.
 */
import { err, type Result } from "../../src/util/result.js";
import type { Unsubscribe } from "../line.js";
import { GpioError, headerChipLabel, HEADER_CHIP_LABELS, type GpioBackend, type GpioBias, type GpioEdgeDetect, type GpioLineHandle } from "./gpio.js";

/** The same shape as board/types.ts GpioPin (hal/ does not import board/). */
export interface PinRef {
  readonly line: number;
  /** A chip label; absent: the Pi's header chip. */
  readonly chip?: string;
  readonly activeLow?: boolean;
}

export interface LogicalEdge {
  /** The logical level after the edge. */
  readonly active: boolean;
  readonly atMs: number;
}

/** A requested pin in logical levels. Misuse throws GpioError as GpioLineHandle does. */
export interface LogicalLine {
  readonly name: string;
  read(): boolean;
  write(active: boolean): void;
  onEdge(listener: (edge: LogicalEdge) => void): Unsubscribe;
  onError(listener: (error: GpioError) => void): Unsubscribe;
  release(): void;
}

/** Edge detection in logical terms: "rising" is inactive → active. */
export type LogicalRequest =
  | { readonly direction: "input"; readonly edge: GpioEdgeDetect; readonly bias: GpioBias }
  | { readonly direction: "output"; readonly initialActive: boolean };

const MIRRORED_EDGE: Record<GpioEdgeDetect, GpioEdgeDetect> = { none: "none", both: "both", rising: "falling", falling: "rising" };

export class GpioLines {
  constructor(readonly backend: GpioBackend) {}

  request(pin: PinRef, request: LogicalRequest): Result<LogicalLine, GpioError> {
    const label = pin.chip ?? headerChipLabel(this.backend.labels());
    if (label === undefined) {
      const present = this.backend.labels().join(", ") || "none";
      return err(new GpioError("chip-not-found", `no Raspberry Pi header chip (${HEADER_CHIP_LABELS.join(", ")}) among the GPIO chips present: ${present}`));
    }
    const chip = this.backend.openChip(label);
    if (!chip.ok) return chip;
    const invert = pin.activeLow === true;
    const handle = chip.value.request(
      pin.line,
      request.direction === "input"
        ? { direction: "input", edge: invert ? MIRRORED_EDGE[request.edge] : request.edge, bias: request.bias }
        : { direction: "output", initialHigh: request.initialActive !== invert },
    );
    if (!handle.ok) return handle;
    return { ok: true, value: logical(handle.value, invert) };
  }
}

function logical(handle: GpioLineHandle, invert: boolean): LogicalLine {
  return {
    name: `${handle.chipLabel}:${handle.offset}${invert ? " (active-low)" : ""}`,
    read: () => handle.readHigh() !== invert,
    write: (active) => handle.writeHigh(active !== invert),
    onEdge: (listener) => handle.onEdge((e) => listener({ active: e.high !== invert, atMs: e.atMs })),
    onError: (listener) => handle.onError(listener),
    release: () => handle.release(),
  };
}
