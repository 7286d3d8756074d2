/**
 * The lines of one controller share its serial port: the first line opened on a path
 * opens the controller, later ones borrow it, and the last one to close closes it. A
 * second opener asking for another baud rate on the same path is refused (one device,
 * one speed).
 */
import { err, ok, type Result } from "../../src/util/result.js";
import { ControllerClient, type ControllerClientOptions } from "./controller-client.js";

export interface ControllerLease {
  readonly client: ControllerClient;
  /** Gives the controller back; the last lease closes it. Call once. */
  release(): Promise<void>;
}

interface Entry {
  readonly baudRate: number;
  readonly opening: Promise<Result<ControllerClient, string>>;
  users: number;
}

export class ControllerPool {
  private readonly entries = new Map<string, Entry>();

  /** Number of controllers open (or opening) now. */
  get size(): number {
    return this.entries.size;
  }

  async acquire(options: ControllerClientOptions): Promise<Result<ControllerLease, string>> {
    let entry = this.entries.get(options.path);
    if (entry && entry.baudRate !== options.baudRate) {
      return err(`${options.path} is already open at ${entry.baudRate} baud; a line asked for ${options.baudRate}`);
    }
    if (!entry) {
      entry = { baudRate: options.baudRate, opening: ControllerClient.open(options), users: 0 };
      this.entries.set(options.path, entry);
    }
    const current = entry;
    current.users++;
    const opened = await current.opening;
    if (!opened.ok) {
      current.users--;
      if (this.entries.get(options.path) === current) this.entries.delete(options.path);
      return opened;
    }
    let released = false;
    return ok({
      client: opened.value,
      release: async () => {
        if (released) return;
        released = true;
        current.users--;
        if (current.users > 0) return;
        this.entries.delete(options.path);
        await opened.value.close();
      },
    });
  }
}

/** The pool the serial-fxs board uses unless it is given another. */
export const sharedControllers = new ControllerPool();
