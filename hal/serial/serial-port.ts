/**
 * The part of a serialport v12 stream the controller client uses, so the port is injected:
 * a real `SerialPort` in production, a `SerialPortStream` over `@serialport/binding-mock` in
 * tests. The factory makes a port that is not open yet (`autoOpen: false`); the client
 * opens it, and makes a fresh one for every reconnect.
 *
 * Semantics the client relies on (serialport's own): `open` calls back with an Error when
 * the device cannot be opened (absent, locked, no permission); after open, a device that
 * goes away ends in "close" (with a DisconnectedError) or "error"; `write` calls back with
 * an Error when the bytes could not be written.
 */

export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  write(data: string, callback: (error: Error | null | undefined) => void): boolean;
  close(callback: (error: Error | null) => void): void;
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "close", listener: (error: Error | null) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
}

export interface SerialPortOptions {
  readonly path: string;
  readonly baudRate: number;
}

export type SerialPortFactory = (options: SerialPortOptions) => Promise<SerialPortLike>;

/** Real serial devices through the `serialport` package, loaded only when a port is wanted. */
export const nodeSerialPortFactory: SerialPortFactory = async ({ path, baudRate }) => {
  const { SerialPort } = await import("serialport");
  return new SerialPort({ path, baudRate, autoOpen: false });
};
