/**
 * Puts a ScriptedController behind serialport's MockBinding: the host's SerialPortStream
 * writes reach the controller, the controller's lines arrive as the port's data. The
 * device can be unplugged (the pending read fails with EIO, as a vanished USB device's
 * does, so serialport closes the stream with a DisconnectedError) and plugged back; while
 * unplugged, opening it fails like opening a missing /dev node. MockBinding itself refuses
 * a path never created and a port already open (it locks), as the real binding does.
 */
import { SerialPortStream } from "@serialport/stream";
import { SerialPortMock } from "serialport";
import type { SerialPortFactory } from "../../../../hal/serial/serial-port.js";
import type { ScriptedController } from "./scripted-controller.js";

/** serialport's own MockBinding (@serialport/binding-mock, the instance serialport loads). */
export const MockBinding = SerialPortMock.binding;
type MockBindingInterface = typeof MockBinding;
type MockPortBinding = Awaited<ReturnType<MockBindingInterface["open"]>>;
type OpenOptions = Parameters<MockBindingInterface["open"]>[0];

/** The opened mock port, with the controller hearing every write and a way to unplug it. */
function controllerPort(port: MockPortBinding, onWrite: (bytes: Buffer) => void): { port: MockPortBinding; unplug: () => void } {
  let fail: (e: Error) => void = () => undefined;
  const gone = new Promise<never>((_, reject) => {
    fail = reject;
  });
  gone.catch(() => undefined);
  const read = port.read.bind(port);
  const write = port.write.bind(port);
  port.read = (buffer, offset, length) => Promise.race([read(buffer, offset, length), gone]);
  port.write = async (buffer) => {
    await write(buffer);
    onWrite(Buffer.from(buffer));
  };
  return { port, unplug: () => fail(new Error("EIO: i/o error, read")) };
}

export class MockControllerPort {
  plugged = true;
  /** Every open the host tried, and how many the device refused. */
  opens = 0;
  refusedOpens = 0;
  private binding: { port: MockPortBinding; unplug: () => void } | undefined;
  readonly factory: SerialPortFactory;

  constructor(readonly path: string, private readonly controller: ScriptedController) {
    MockBinding.createPort(path);
    const wrapped: MockBindingInterface = {
      ...MockBinding,
      open: async (options: OpenOptions) => {
        this.opens++;
        if (!this.plugged) {
          this.refusedOpens++;
          throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
        }
        const opened = controllerPort(await MockBinding.open(options), (bytes) => controller.receive(bytes));
        this.binding = opened;
        controller.connect((text) => {
          if (opened.port.isOpen) opened.port.emitData(text);
        });
        return opened.port;
      },
    };
    this.factory = async ({ path: p, baudRate }) => new SerialPortStream({ binding: wrapped, path: p, baudRate, autoOpen: false });
  }

  /** The host has the port open now. */
  get open(): boolean {
    return this.binding?.port.isOpen ?? false;
  }

  /** The USB cable is pulled: the controller loses power (ports idle) and the port fails. */
  unplug(): void {
    this.plugged = false;
    this.controller.disconnect();
    this.controller.reset();
    this.binding?.unplug();
  }

  /** The binding's port closes without the stream being told (its fd gone under it). */
  async closeUnderneath(): Promise<void> {
    await this.binding?.port.close();
  }

  replug(): void {
    this.plugged = true;
  }
}

/**
 * MockBinding moves bytes with process.nextTick and promises only, so a number of
 * macrotask turns drains every hop of a command and its answer; no time passes.
 */
export async function flushMockIo(turns = 30): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Turns the event loop until `holds()`, failing with `what` if it never does. */
export async function until(holds: () => boolean, what: string, turns = 2000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (holds()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}
