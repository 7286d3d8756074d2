/**
 * TCP in TransportLayer on real loopback sockets: stream framing (a message in
 * pieces, several in one write), responses back on the arriving connection,
 * one client connection reused for many sends and for requests back to a peer
 * that connected to us, the §18.1.1 switch of large UDP requests to TCP and the
 * fallback to UDP when TCP is refused, RFC 5626 CRLF ping/pong both ways, idle
 * connections closed on the FakeClock, a framing error answered and closed,
 * a peer's close noticed, a response re-routed to the Via when its connection
 * is gone, and IPv6. TLS is in tls.test.ts; the framer's own edge cases are the
 * message layer's (test/unit/sip/message/stream-framer.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { topVia } from "../../../../src/sip/message/index.js";
import type { SipRequest, SipResponse } from "../../../../src/sip/message/index.js";
import {
  ByteReader, TcpPeer, UdpPeer, asRequest, asResponse, connectTcp, parse, requestText, startTransport,
} from "./helpers.js";
import type { TestTransport } from "./helpers.js";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function transportWith(options: Parameters<typeof startTransport>[0]): Promise<TestTransport> {
  const t = await startTransport(options);
  cleanup.push(() => t.transport.close());
  return t;
}

function ok200(request: SipRequest): SipResponse {
  return { type: "response", status: 200, reason: "OK", version: "SIP/2.0", headers: request.headers.clone(), body: Buffer.alloc(0) };
}

async function client(port: number, address = "127.0.0.1"): Promise<{ socket: import("node:net").Socket; reader: ByteReader }> {
  const socket = await connectTcp(port, address);
  cleanup.push(() => void socket.destroy());
  return { socket, reader: new ByteReader(socket) };
}

async function tcpPeer(): Promise<TcpPeer> {
  const peer = await TcpPeer.listen();
  cleanup.push(() => peer.close());
  return peer;
}

const tcpVia = (branch: string): string => `SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK${branch};rport`;

describe("TransportLayer over TCP", () => {
  it("reassembles a message written in pieces and answers on the same connection", async () => {
    const { transport, user } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const { socket, reader } = await client(transport.localEndpoint("tcp").port);
    const bytes = Buffer.from(requestText({ via: tcpVia("p1"), body: "v=0\r\n" }));
    for (const cut of [[0, 7], [7, 60], [60, bytes.length - 3], [bytes.length - 3, bytes.length]]) {
      socket.write(bytes.subarray(cut[0], cut[1]));
    }
    const { message, source } = await user.received.next();
    expect(message.body.toString()).toBe("v=0\r\n");
    expect(source.protocol).toBe("tcp");
    expect(source.connectionId).toBeDefined();
    expect(topVia(message)!.params["received"]).toBe("127.0.0.1");

    await transport.respond(ok200(asRequest(message)), source);
    expect(asResponse((await reader.message())!).status).toBe(200);
    expect(transport.stats.connectionsAccepted).toBe(1);
    expect(transport.stats.connectionsOpened).toBe(0);
  });

  it("serves IPv6 clients, stamping the IPv6 source", async () => {
    const { transport, user } = await transportWith({ tcp: { address: "::1", port: 0 } });
    const { socket, reader } = await client(transport.localEndpoint("tcp").port, "::1");
    socket.write(requestText({ via: "SIP/2.0/TCP [2001:db8::7];branch=z9hG4bKsix" }));
    const { message, source } = await user.received.next();
    expect(source.address).toBe("::1");
    expect(topVia(message)!.params["received"]).toBe("::1");
    await transport.respond(ok200(asRequest(message)), source);
    expect(asResponse((await reader.message())!).status).toBe(200);
  });

  it("splits several messages arriving in one write, keeping their order", async () => {
    const { transport, user } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const { socket } = await client(transport.localEndpoint("tcp").port);
    socket.write(["a", "b", "c"].map((id) => requestText({ via: tcpVia(id), callId: id, body: `body-${id}` })).join(""));
    for (const id of ["a", "b", "c"]) {
      const { message } = await user.received.next();
      expect(message.headers.get("Call-ID")).toBe(id);
      expect(message.body.toString()).toBe(`body-${id}`);
    }
  });

  it("reuses one client connection for several sends", async () => {
    const { transport } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const server = await tcpPeer();
    const ours = transport.localEndpoint("tcp");
    const destination = { protocol: "tcp" as const, address: "127.0.0.1", port: server.port };
    const sends = ["1", "2", "3"].map((id) =>
      transport.send(parse(requestText({ via: `SIP/2.0/TCP ${ours.address}:${ours.port};branch=z9hG4bKr${id}`, callId: id })), destination));
    await Promise.all(sends);
    await transport.send(parse(requestText({ via: `SIP/2.0/TCP ${ours.address}:${ours.port};branch=z9hG4bKr4`, callId: "4" })), destination);
    const reader = new ByteReader(await server.sockets.next());
    for (const id of ["1", "2", "3", "4"]) expect((await reader.message())!.headers.get("Call-ID")).toBe(id);
    expect(server.accepted).toBe(1);
    expect(transport.stats.connectionsOpened).toBe(1);
  });

  it("sends a request to a peer over the connection that peer opened to us", async () => {
    const { transport, user } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const { socket, reader } = await client(transport.localEndpoint("tcp").port);
    socket.write(requestText({ method: "REGISTER", via: tcpVia("reg") }));
    const { source } = await user.received.next();
    const ours = transport.localEndpoint("tcp");
    const invite = parse(requestText({ method: "INVITE", via: `SIP/2.0/TCP ${ours.address}:${ours.port};branch=z9hG4bKinv` }));
    await transport.send(invite, { protocol: "tcp", address: source.address, port: source.port });
    expect(asRequest((await reader.message())!).method).toBe("INVITE");
    expect(transport.stats.connectionsOpened).toBe(0);
  });

  it("sends a large UDP request over TCP to the same address and port, with the Via rewritten (§18.1.1)", async () => {
    const { transport } = await transportWith({ udp: { address: "127.0.0.1", port: 0 }, tcp: { address: "127.0.0.1", port: 0 } });
    const server = await tcpPeer();
    const udp = transport.localEndpoint("udp");
    const big = parse(requestText({ method: "INVITE", via: `SIP/2.0/UDP ${udp.address}:${udp.port};branch=z9hG4bKbig;rport`, body: "a".repeat(1400) }));
    await transport.send(big, { protocol: "udp", address: "127.0.0.1", port: server.port });
    const arrived = asRequest((await new ByteReader(await server.sockets.next()).message())!);
    const via = topVia(arrived)!;
    expect(via.transport).toBe("TCP");
    expect(`${via.host}:${via.port}`).toBe(`127.0.0.1:${transport.localEndpoint("tcp").port}`);
    expect(via.params["branch"]).toBe("z9hG4bKbig");
    expect(topVia(big)!.transport).toBe("UDP"); // the caller's message is untouched
    expect(transport.stats.switchedToTcp).toBe(1);
  });

  it("keeps a request of 1300 bytes or less on UDP", async () => {
    const { transport } = await transportWith({ udp: { address: "127.0.0.1", port: 0 }, tcp: { address: "127.0.0.1", port: 0 } });
    const phone = await UdpPeer.open();
    cleanup.push(() => phone.close());
    const udp = transport.localEndpoint("udp");
    const text = (n: number): string => requestText({ via: `SIP/2.0/UDP ${udp.address}:${udp.port};branch=z9hG4bKs`, body: "b".repeat(n) });
    let fill = 1300 - Buffer.byteLength(text(0));
    fill -= Buffer.byteLength(text(fill)) - 1300; // the Content-Length value grew by a few digits
    await transport.send(parse(text(fill)), { protocol: "udp", address: "127.0.0.1", port: phone.port });
    expect((await phone.datagrams.next()).length).toBe(1300);
    expect(transport.stats.switchedToTcp).toBe(0);
  });

  it("falls back to UDP when the TCP connection for a large request is refused", async () => {
    const { transport } = await transportWith({ udp: { address: "127.0.0.1", port: 0 }, tcp: { address: "127.0.0.1", port: 0 } });
    // A UDP peer on a port where nothing listens for TCP (a closed TCP peer's port is refused).
    const closed = await TcpPeer.listen();
    await closed.close();
    const phone = await UdpPeer.open();
    cleanup.push(() => phone.close());
    const udp = transport.localEndpoint("udp");
    const big = parse(requestText({ method: "INVITE", via: `SIP/2.0/UDP ${udp.address}:${udp.port};branch=z9hG4bKfb;rport`, body: "c".repeat(1400) }));
    await transport.send(big, { protocol: "tcp", address: "127.0.0.1", port: closed.port }).then(
      () => expect.fail("a refused tcp send must reject"),
      (error: Error) => expect(error.name).toBe("TransportError"),
    );
    await transport.send(big, { protocol: "udp", address: "127.0.0.1", port: phone.port });
    // The UDP peer's port has no TCP listener either, so the TCP attempt is refused first.
    const arrived = asRequest(parse(await phone.datagrams.next()));
    expect(topVia(arrived)!.transport).toBe("UDP");
    expect(transport.stats).toMatchObject({ tcpFallbacks: 1, switchedToTcp: 0 });
  });

  it("answers a double-CRLF ping with a CRLF pong", async () => {
    const { transport } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const { socket, reader } = await client(transport.localEndpoint("tcp").port);
    socket.write("\r\n\r\n");
    expect((await reader.take((b) => (b.length >= 2 ? 2 : 0)))!.toString()).toBe("\r\n");
    expect(transport.stats.pingsReceived).toBe(1);
  });

  it("sends keep-alive pings and reports the pong", async () => {
    const { transport } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const server = await tcpPeer();
    const pongs: Array<{ connectionId: string; port: number }> = [];
    const pong = new Promise<void>((resolve) => transport.onPong((p) => {
      pongs.push({ connectionId: p.connectionId, port: p.remote.port });
      resolve();
    }));
    await transport.sendKeepAlive({ protocol: "tcp", address: "127.0.0.1", port: server.port });
    const peerSocket = await server.sockets.next();
    const ping = await new ByteReader(peerSocket).take((b) => (b.length >= 4 ? 4 : 0));
    expect(ping!.toString()).toBe("\r\n\r\n");
    peerSocket.write("\r\n");
    await pong;
    expect(pongs).toEqual([{ connectionId: expect.stringMatching(/^tcp-/), port: server.port }]);
  });

  it("closes a connection idle for idleTimeoutMs, measured on the clock", async () => {
    const { transport, user, clock } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 }, idleTimeoutMs: 30_000 });
    const { socket, reader } = await client(transport.localEndpoint("tcp").port);
    socket.write(requestText({ via: tcpVia("idle") }));
    await user.received.next();
    clock.advance(29_999);
    expect(transport.connectionCount).toBe(1);
    clock.advance(1);
    expect(transport.connectionCount).toBe(0);
    await reader.closed();
  });

  it("answers a message without Content-Length with a 400 and closes the connection (§18.3)", async () => {
    const { transport, user } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const { socket, reader } = await client(transport.localEndpoint("tcp").port);
    const noLength = requestText({ via: tcpVia("nolen") }).replace(/Content-Length: 0\r\n/, "");
    socket.write(noLength + requestText({ via: tcpVia("after"), callId: "after" }));
    const response = asResponse((await reader.message())!);
    expect(response.status).toBe(400);
    expect(response.reason).toMatch(/content-length/i);
    await reader.closed();
    expect(user.received.length).toBe(0);
    expect(transport.stats.framingErrors).toBe(1);
  });

  it("forgets a connection the peer closed, tells flow listeners, and reconnects to send", async () => {
    const { transport } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const flowClosed = new Promise<{ connectionId: string; remote: { port: number } }>((resolve) => transport.onFlowClosed(resolve));
    const server = await tcpPeer();
    const ours = transport.localEndpoint("tcp");
    const destination = { protocol: "tcp" as const, address: "127.0.0.1", port: server.port };
    const request = (id: string): ReturnType<typeof parse> =>
      parse(requestText({ via: `SIP/2.0/TCP ${ours.address}:${ours.port};branch=z9hG4bK${id}`, callId: id }));
    await transport.send(request("one"), destination);
    (await server.sockets.next()).destroy();
    expect(await flowClosed).toMatchObject({ connectionId: "tcp-1", remote: { port: server.port } });
    expect(transport.connectionCount).toBe(0);
    await transport.send(request("two"), destination);
    expect((await new ByteReader(await server.sockets.next()).message())!.headers.get("Call-ID")).toBe("two");
    expect(server.accepted).toBe(2);
  });

  it("sends a response to the Via's sent-by over a new connection when the request's is gone (§18.2.2)", async () => {
    const { transport, user, logs } = await transportWith({ tcp: { address: "127.0.0.1", port: 0 } });
    const phoneListener = await tcpPeer();
    const { socket } = await client(transport.localEndpoint("tcp").port);
    socket.write(requestText({ via: `SIP/2.0/TCP 127.0.0.1:${phoneListener.port};branch=z9hG4bKgone` }));
    const { message, source } = await user.received.next();
    socket.destroy();
    await logs.waitFor(new RegExp(`${source.connectionId} closed`));
    await transport.respond(ok200(asRequest(message)), source);
    const response = asResponse((await new ByteReader(await phoneListener.sockets.next()).message())!);
    expect(response.status).toBe(200);
    expect(transport.stats).toMatchObject({ connectionsAccepted: 1, connectionsOpened: 1 });
  });
});
