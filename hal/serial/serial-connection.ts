/**
 * One opened serial port for the controller client: lines out (LF added), bytes in, and
 * one `lost` report when the port closes, fails, or a write fails, whichever comes
 * first. A port that is not open is never written to: that too ends the connection. After
 * `close()` nothing more is reported.
 */
import { err, ok, type Result } from "../../src/util/result.js";
import type { SerialPortFactory, SerialPortLike, SerialPortOptions } from "./serial-port.js";

export interface ConnectionEvents {
  data(chunk: Uint8Array): void;
  lost(reason: string): void;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class SerialConnection {
  private ended = false;

  static async open(factory: SerialPortFactory, options: SerialPortOptions, events: ConnectionEvents): Promise<Result<SerialConnection, string>> {
    let port: SerialPortLike;
    try {
      port = await factory(options);
    } catch (e) {
      return err(`cannot use serial port ${options.path}: ${message(e)}`);
    }
    const failed = await new Promise<Error | null>((resolve) => port.open(resolve));
    if (failed) return err(`cannot open ${options.path}: ${failed.message}`);
    return ok(new SerialConnection(port, options.path, events));
  }

  private constructor(private readonly port: SerialPortLike, private readonly path: string, private readonly events: ConnectionEvents) {
    port.on("data", (chunk) => {
      if (!this.ended) events.data(chunk);
    });
    port.on("close", (e) => this.end(e ? `${path} closed: ${e.message}` : `${path} closed`));
    port.on("error", (e) => this.end(`${path} failed: ${e.message}`));
  }

  write(line: string): void {
    if (this.ended) return;
    if (!this.port.isOpen) return this.end(`${this.path} is not open`);
    this.port.write(`${line}\n`, (e) => {
      if (e) this.end(`writing to ${this.path} failed: ${e.message}`);
    });
  }

  /** Closes the port if it is still open; resolves once it is closed. Never rejects. */
  async close(): Promise<void> {
    this.ended = true;
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.events.lost(reason);
  }
}
