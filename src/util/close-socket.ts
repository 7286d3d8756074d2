/** Closing a UDP socket as a promise that always settles, also for a socket already closed. */
import type { Socket } from "node:dgram";

export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
