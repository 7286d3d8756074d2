/**
 * One scripted controller on a MockBinding port, a FakeClock, a pool and captured logs,
 * with `open(port)` giving a serial Line the way the board does (openSerialLine). Time
 * moves only through `advance`, in 10 ms steps with MockBinding's I/O drained between
 * steps, so a command and its answer meet in the same fake millisecond, as they nearly
 * do on a real 115200-baud link.
 */
import { openSerialLine } from "../../../../board/serial-fxs.js";
import type { Line } from "../../../../hal/line.js";
import { ControllerPool } from "../../../../hal/serial/controller-pool.js";
import type { ControllerTiming } from "../../../../hal/serial/controller-client.js";
import { FakeLine } from "../../../../hal/testing/fake-line.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { flushMockIo, MockBinding, MockControllerPort } from "./mock-controller-port.js";
import { ScriptedController, type ScriptedControllerOptions } from "./scripted-controller.js";

let paths = 0;

export interface MockSetup {
  clock: FakeClock;
  controller: ScriptedController;
  device: MockControllerPort;
  pool: ControllerPool;
  sink: MemorySink;
  /** The far end of each opened line's audio (a FakeLine whose audio the line carries). */
  audio: FakeLine[];
  open(port?: number, timing?: Partial<ControllerTiming>): Promise<Line>;
  advance(ms: number): Promise<void>;
}

export function mockSetup(options: Omit<ScriptedControllerOptions, "now"> = {}): MockSetup {
  MockBinding.reset();
  const clock = new FakeClock();
  const controller = new ScriptedController({ now: () => clock.now(), ...options });
  const device = new MockControllerPort(`/dev/serial/by-id/mock-controller-${++paths}`, controller);
  const pool = new ControllerPool();
  const sink = new MemorySink();
  const logs = new Logs(sink.sink, "debug", () => clock.now());
  const audio: FakeLine[] = [];
  return {
    clock, controller, device, pool, sink, audio,
    open: (port = 0, timing) => {
      const far = new FakeLine({ index: port, clock });
      audio.push(far);
      return openSerialLine(
        { driver: "serial", path: device.path, baudRate: 115200, port, audio: { card: "Device" } },
        { clock, logs, audio: Object.assign(far.audio, { close: () => far.close() }), portFactory: device.factory, pool, ...(timing ? { timing } : {}) },
      );
    },
    advance: async (ms) => {
      await flushMockIo();
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(Math.min(10, left));
        await flushMockIo();
      }
    },
  };
}
