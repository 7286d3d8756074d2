/**
 * Hostile and broken input against the running user agent on UDP:
 * garbage gets no answer and the agent keeps serving; a malformed request gets a 400
 * naming the problem; a flood of requests for a user we do not serve gets only the
 * rate limiter's allowance of 404s, and the agent still answers afterwards.
 * Not covered: TCP stream abuse (unit tests of the transport and the stream framer).
 */
import { createSocket } from "node:dgram";
import type { Socket } from "node:dgram";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startAgent } from "./support/agent.js";
import type { StartedAgent } from "./support/agent.js";

let agent: StartedAgent;
let port: number;
let socket: Socket;
const replies: string[] = [];

beforeAll(async () => {
  agent = await startAgent({ accounts: [{ user: "1001", password: "x", registrarPort: 5060, register: false }], dumpLogOnFailure: false });
  port = agent.ua.transport.localEndpoint("udp").port;
  socket = createSocket("udp4");
  socket.on("message", (m) => replies.push(m.toString("latin1")));
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
});

afterAll(async () => {
  socket?.close();
  await agent?.stop();
});

function request(method: string, user: string, callId: string, extra: string[] = [], cseq = `1 ${method}`): string {
  const local = socket.address().port;
  return [
    `${method} sip:${user}@127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK${callId}`,
    "Max-Forwards: 70",
    `From: <sip:evil@127.0.0.1:${local}>;tag=${callId}`,
    `To: <sip:${user}@127.0.0.1:${port}>`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

function send(text: string | Buffer): void {
  socket.send(typeof text === "string" ? Buffer.from(text, "latin1") : text, port, "127.0.0.1");
}

/** Resolves with the index of the first reply carrying this Call-ID. */
function replyTo(callId: string, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const look = (): void => {
      const at = replies.findIndex((r) => r.includes(`Call-ID: ${callId}`));
      if (at >= 0) return resolve(at);
      if (Date.now() > deadline) return reject(new Error(`no reply to ${callId}`));
      setTimeout(look, 10);
    };
    look();
  });
}

it("answers nothing to garbage and keeps serving", async () => {
  replies.length = 0;
  for (let i = 0; i < 200; i++) send(Buffer.from(Array.from({ length: 1 + (i * 37) % 900 }, (_, j) => (i * 131 + j * 17) % 256)));
  send("NOT SIP AT ALL\r\n\r\n");
  send(request("OPTIONS", "1001", "after-garbage"));
  const at = await replyTo("after-garbage");
  expect(at).toBe(0);
  expect(replies[0]).toMatch(/^SIP\/2\.0 200 /);
});

it("answers a malformed request with a 400 that names the problem", async () => {
  replies.length = 0;
  send(request("INVITE", "1001", "bad-cseq", [], "one INVITE"));
  await replyTo("bad-cseq");
  expect(replies[0]).toMatch(/^SIP\/2\.0 400 .*CSeq/i);
});

it("limits the 404s a flood from one source can draw, and still answers afterwards", async () => {
  replies.length = 0;
  const flood = 2000;
  const started = Date.now();
  // Paced in bursts of 50 so the kernel's socket buffer, not our code, is never what drops them.
  for (let i = 0; i < flood; i++) {
    send(request("INVITE", "9999", `flood-${i}`));
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 5));
  }
  send(request("OPTIONS", "1001", "after-flood"));
  await replyTo("after-flood", 10_000);
  const elapsedSec = (Date.now() - started) / 1000;
  // Distinct requests answered: an INVITE's 404 is retransmitted (Timer G) until ACKed, and
  // this flood never ACKs, so on a slow run the same answer arrives several times.
  const notFound = new Set(replies.filter((r) => r.startsWith("SIP/2.0 404")).map((r) => /flood-\d+/.exec(r)?.[0])).size;
  const { perSourceBurst, perSourcePerSecond } = agent.ua.transport.rateLimiter.settings;
  expect(notFound).toBeGreaterThan(0);
  expect(notFound).toBeLessThanOrEqual(perSourceBurst + Math.ceil(elapsedSec * perSourcePerSecond) + 1);
});
