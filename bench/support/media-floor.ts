/**
 * Node's own floor for the CPU figure: the traffic of a call with none of our media code.
 * The child runs a bare loop (a drift-free 20 ms timer that sends one 172-byte datagram, the
 * size of a PCMU packet, and a socket that takes what comes) while the parent sends it the
 * same 50 datagrams a second. The child's CPU time over that window is what Node and the OS
 * cost for two wake-ups per frame before any media work, read from /proc like the rest.
 */
import { createSocket, type Socket } from "node:dgram";
import { setTimeout as delay } from "node:timers/promises";

const FRAME_MS = 20;
const PACKET_BYTES = 172;

/** Child side: sends to `peerPort` every frame and swallows what arrives, until stop(). */
export class FloorLoop {
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly socket: Socket, peerPort: number) {
    const packet = Buffer.alloc(PACKET_BYTES);
    const start = performance.now();
    let sent = 0;
    socket.on("message", () => undefined);
    const step = (): void => {
      socket.send(packet, peerPort, "127.0.0.1");
      sent++;
      this.timer = setTimeout(step, start + (sent + 1) * FRAME_MS - performance.now());
    };
    this.timer = setTimeout(step, FRAME_MS);
  }

  static async start(peerPort: number): Promise<{ loop: FloorLoop; port: number }> {
    const socket = await boundSocket();
    return { loop: new FloorLoop(socket, peerPort), port: socket.address().port };
  }

  stop(): void {
    clearTimeout(this.timer);
    this.socket.close();
  }
}

async function boundSocket(): Promise<Socket> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  return socket;
}

/**
 * Parent side: opens the parent's socket, has the child start its loop (`start` returns the
 * child's port), feeds it 50 datagrams a second, and returns the child's CPU time over
 * `windowMs` after a short settle.
 */
export async function measureFloor(
  start: (parentPort: number) => Promise<number>,
  stop: () => void,
  childCpuMs: () => Promise<number>,
  windowMs: number,
): Promise<number> {
  const socket = await boundSocket();
  socket.on("message", () => undefined);
  try {
    const childPort = await start(socket.address().port);
    const packet = Buffer.alloc(PACKET_BYTES);
    const feeder = setInterval(() => socket.send(packet, childPort, "127.0.0.1"), FRAME_MS);
    try {
      await delay(2_000);
      const before = await childCpuMs();
      await delay(windowMs);
      return (await childCpuMs()) - before;
    } finally {
      clearInterval(feeder);
      stop();
    }
  } finally {
    socket.close();
  }
}
