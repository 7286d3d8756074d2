/**
 * The serial-fxs board (DESIGN.md §3): a dialtone-line controller on a USB serial device
 * (docs/line-protocol.md) owns the SLIC of two ports; each port's audio is a USB sound
 * card, found by name (ALSA names a second identical card "<id>_1").
 * `openSerialLine` opens one port of it as a Line; both ports share the controller.
 */
import type { Line, LineAudio } from "../hal/line.js";
import type { ControllerTiming } from "../hal/serial/controller-client.js";
import { sharedControllers, type ControllerPool } from "../hal/serial/controller-pool.js";
import { SerialLine } from "../hal/serial/serial-line.js";
import { nodeSerialPortFactory, type SerialPortFactory } from "../hal/serial/serial-port.js";
import type { Clock } from "../src/util/clock.js";
import type { Logs } from "../src/util/log.js";
import type { BoardSpec, SerialLineSpec } from "./types.js";

/** Where udev puts a USB controller by its serial identity (stable across boots and ports). */
export const DEFAULT_CONTROLLER_PATH = "/dev/serial/by-id/usb-dialtone_dialtone-line-if00";
export const DEFAULT_BAUD_RATE = 115200;

export const serialFxs: BoardSpec = {
  name: "serial-fxs",
  description: "two FXS ports on a dialtone-line controller over USB serial, audio on two USB sound cards",
  lines: [
    { driver: "serial", path: DEFAULT_CONTROLLER_PATH, baudRate: DEFAULT_BAUD_RATE, port: 0, audio: { card: "Device" } },
    { driver: "serial", path: DEFAULT_CONTROLLER_PATH, baudRate: DEFAULT_BAUD_RATE, port: 1, audio: { card: "Device_1" } },
  ],
};

export interface SerialLineOpenDeps {
  readonly clock: Clock;
  readonly logs: Logs;
  /** The port's audio (an AlsaLineAudio for `spec.audio`), closed with the line when it can be. */
  readonly audio: LineAudio & { close?(): Promise<void> | void };
  /** Default: real devices through the `serialport` package. */
  readonly portFactory?: SerialPortFactory;
  /** Index of the line on the board; default the controller port number. */
  readonly index?: number;
  /** Default: one pool for the process, so lines on one path share the controller. */
  readonly pool?: ControllerPool;
  readonly timing?: Partial<ControllerTiming>;
}

/**
 * Opens (or borrows) the controller at `spec.path` and returns port `spec.port` as a Line.
 * Rejects with an Error saying why when the device cannot be opened, does not answer the
 * handshake, speaks another protocol version, or has no such port.
 */
export async function openSerialLine(spec: SerialLineSpec, deps: SerialLineOpenDeps): Promise<Line> {
  const pool = deps.pool ?? sharedControllers;
  const lease = await pool.acquire({
    path: spec.path,
    baudRate: spec.baudRate,
    clock: deps.clock,
    logs: deps.logs,
    portFactory: deps.portFactory ?? nodeSerialPortFactory,
    ...(deps.timing ? { timing: deps.timing } : {}),
  });
  if (!lease.ok) throw new Error(`serial line on ${spec.path} port ${spec.port}: ${lease.error}`);
  const { client } = lease.value;
  if (spec.port >= client.identity.ports) {
    await lease.value.release();
    throw new Error(`serial line on ${spec.path}: the controller has ${client.identity.ports} port(s), port ${spec.port} was asked for`);
  }
  const index = deps.index ?? spec.port;
  return SerialLine.open({
    index,
    port: spec.port,
    client,
    audio: deps.audio,
    log: deps.logs.get("hal.serial.line", index),
    onClose: async () => {
      await lease.value.release();
      await deps.audio.close?.();
    },
  });
}
