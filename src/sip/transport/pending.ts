/**
 * Every send in flight, so close() can settle them all at once with
 * TransportError(canceled=true), as the SipTransport contract requires.
 */
import { TransportError } from "./types.js";

export class PendingOps {
  private readonly cancels = new Set<(error: TransportError) => void>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Settles like `work` unless cancelAll() comes first; `work`'s later outcome
   * is then ignored. After cancelAll(), rejects at once with canceled=true.
   */
  track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new TransportError("transport closed", true));
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const cancel = (error: TransportError): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      this.cancels.add(cancel);
      const finish = (settle: () => void): void => {
        this.cancels.delete(cancel);
        if (settled) return;
        settled = true;
        settle();
      };
      work().then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(asTransportError(error))),
      );
    });
  }

  cancelAll(): void {
    this.closed = true;
    const error = new TransportError("transport closed", true);
    for (const cancel of [...this.cancels]) cancel(error);
    this.cancels.clear();
  }
}

/** Node's socket errors become TransportError; a TransportError passes through. */
export function asTransportError(error: unknown, context?: string): TransportError {
  if (error instanceof TransportError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new TransportError(context ? `${context}: ${text}` : text);
}
