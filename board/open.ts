/**
 * openBoard: BoardSpec → one Line per analog port, each opened by the factory of its
 * line's driver (`builtInFactories`: sim, gpio, serial). A board whose line cannot be opened
 * is not opened at all: the lines opened before it are closed again.
 */
import type { Line, OpenedBoard } from "../hal/line.js";
import type { Clock } from "../src/util/clock.js";
import type { Logs } from "../src/util/log.js";
import { err, ok, type Result } from "../src/util/result.js";
import { openGpioLine } from "./ag1171-pi.js";
import { openHardwarePort } from "./hardware-port.js";
import { openSerialLine } from "./serial-fxs.js";
import type { CallerIdDisplay } from "./sim/caller-id-display.js";
import { ReaderDisplay } from "./sim/reader-display.js";
import type { SimHandset } from "./sim/sim-handset.js";
import { openSimPort } from "./sim/sim-port.js";
import type { BoardSpec, LineSpec } from "./types.js";

export interface BoardDeps {
  clock: Clock;
  logs: Logs;
  /** A caller ID display for the simulated handset on port `index`; default ReaderDisplay (src/dsp's reader). */
  callerIdDisplay?: (index: number) => CallerIdDisplay;
}

/** One opened port; `handset` is there when the port is simulated. */
export interface OpenedPort {
  line: Line;
  handset?: SimHandset;
}

export type LineFactory<S extends LineSpec> = (spec: S, index: number, deps: BoardDeps) => Promise<Result<OpenedPort, string>>;

export type LineFactories = { [D in LineSpec["driver"]]?: LineFactory<Extract<LineSpec, { driver: D }>> };

export const builtInFactories: LineFactories = {
  sim: async (_spec, index, deps) => ok(openSimPort({ index, clock: deps.clock, logs: deps.logs, display: deps.callerIdDisplay?.(index) ?? new ReaderDisplay() })),
  gpio: (spec, index, deps) => openHardwarePort(spec.audio, index, deps, (audio) => openGpioLine(spec, { clock: deps.clock, logs: deps.logs, audio, index })),
  serial: (spec, index, deps) => openHardwarePort(spec.audio, index, deps, (audio) => openSerialLine(spec, { clock: deps.clock, logs: deps.logs, audio, index })),
};

export interface RunningBoard extends OpenedBoard {
  /** The simulated handset on port `index`, or undefined where the port is not simulated. */
  handset(index: number): SimHandset | undefined;
}

export async function openBoard(spec: BoardSpec, deps: BoardDeps, factories: LineFactories = builtInFactories): Promise<Result<RunningBoard, string>> {
  const ports: OpenedPort[] = [];
  for (const [index, lineSpec] of spec.lines.entries()) {
    const opened = await openLine(lineSpec, index, deps, factories);
    if (!opened.ok) {
      await Promise.all(ports.map((port) => port.line.close()));
      return err(`board ${spec.name}, line ${index}: ${opened.error}`);
    }
    ports.push(opened.value);
  }
  return ok({
    name: spec.name,
    lines: ports.map((port) => port.line),
    handset: (index) => ports[index]?.handset,
    close: async () => {
      await Promise.all(ports.map((port) => port.line.close()));
    },
  });
}

function openLine(spec: LineSpec, index: number, deps: BoardDeps, factories: LineFactories): Promise<Result<OpenedPort, string>> {
  switch (spec.driver) {
    case "sim":
      return factories.sim ? factories.sim(spec, index, deps) : notBuiltIn(spec.driver);
    case "gpio":
      return factories.gpio ? factories.gpio(spec, index, deps) : notBuiltIn(spec.driver);
    case "serial":
      return factories.serial ? factories.serial(spec, index, deps) : notBuiltIn(spec.driver);
  }
}

async function notBuiltIn(driver: string): Promise<Result<OpenedPort, string>> {
  return err(`driver ${driver} is not built into this version`);
}
