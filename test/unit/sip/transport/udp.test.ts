/**
 * The UDP side of TransportLayer on real loopback sockets (IPv4 and IPv6):
 * a request round trip; received/rport stamped on arrival (RFC 3261 §18.2.1,
 * RFC 3581 §4); responses routed to received + rport; a response not naming us
 * dropped (§18.1.2); a malformed but answerable request gets a 400 naming the
 * problem; garbage gets nothing and the transport keeps serving; a flood of bad
 * requests gets at most the rate limiter's burst of 400s; CRLF keep-alives both
 * ways; "::" serving both families on separate sockets.
 * Does not cover the §18.1.1 switch to TCP (stream.test.ts) or maddr (ignored).
 */
import { afterEach, describe, expect, it } from "vitest";
import { topVia } from "../../../../src/sip/message/index.js";
import type { SipRequest, SipResponse } from "../../../../src/sip/message/index.js";
import { UdpPeer, asRequest, asResponse, parse, requestText, responseText, startTransport } from "./helpers.js";
import type { TestTransport } from "./helpers.js";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function udpTransport(address = "127.0.0.1", rateLimit = {}): Promise<TestTransport> {
  const t = await startTransport({ udp: { address, port: 0 }, rateLimit });
  cleanup.push(() => t.transport.close());
  return t;
}

async function peer(address = "127.0.0.1"): Promise<UdpPeer> {
  const p = await UdpPeer.open(address);
  cleanup.push(() => p.close());
  return p;
}

/** A 200 echoing the request's headers, Via (with the transport's stamp) included. */
function ok200(request: SipRequest): SipResponse {
  return { type: "response", status: 200, reason: "OK", version: "SIP/2.0", headers: request.headers.clone(), body: Buffer.alloc(0) };
}

describe("TransportLayer over UDP", () => {
  it("delivers a request and sends the response back to the rport it filled in", async () => {
    const { transport, user } = await udpTransport();
    const phone = await peer();
    const port = transport.localEndpoint("udp").port;
    expect(port).toBeGreaterThan(0);

    // The phone claims a sent-by it does not send from and asks for rport, as a NATed phone would.
    await phone.send(requestText({ via: "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKa1;rport" }), port);
    const { message, source } = await user.received.next();
    const request = asRequest(message);
    expect(source).toMatchObject({ protocol: "udp", address: "127.0.0.1", port: phone.port, connectionId: undefined });
    const via = topVia(request)!;
    expect(via.params["received"]).toBe("127.0.0.1");
    expect(via.params["rport"]).toBe(String(phone.port));

    await transport.respond(ok200(request), source);
    const response = asResponse(await phone.nextMessage());
    expect(response.status).toBe(200);
    expect(topVia(response)!.params["rport"]).toBe(String(phone.port));
    expect(transport.stats).toMatchObject({ messagesIn: 1, messagesOut: 1 });
  });

  it("adds received only when the sent-by host differs, and leaves a port-only mismatch alone without rport", async () => {
    const { transport, user } = await udpTransport();
    const phone = await peer();
    const port = transport.localEndpoint("udp").port;

    await phone.send(requestText({ via: `SIP/2.0/UDP 127.0.0.1:${phone.port};branch=z9hG4bKb1` }), port);
    const same = topVia((await user.received.next()).message)!;
    expect(same.params["received"]).toBeUndefined();
    expect(same.params["rport"]).toBeUndefined();

    await phone.send(requestText({ via: "SIP/2.0/UDP phone.example.com;branch=z9hG4bKb2" }), port);
    const named = topVia((await user.received.next()).message)!;
    expect(named.params["received"]).toBe("127.0.0.1");
    expect(named.params["rport"]).toBeUndefined();
  });

  it("routes a response to received and the sent-by port when there is no rport", async () => {
    const { transport, user } = await udpTransport();
    const phone = await peer();
    const listener = await peer(); // the phone listens on another port than it sends from
    await phone.send(requestText({ via: `SIP/2.0/UDP phone.example.com:${listener.port};branch=z9hG4bKc1` }), transport.localEndpoint("udp").port);
    const { message, source } = await user.received.next();
    await transport.respond(ok200(asRequest(message)), source);
    expect(asResponse(await listener.nextMessage()).status).toBe(200);
    expect(phone.datagrams.length).toBe(0);
  });

  it("accepts responses whose top Via names us and drops others (§18.1.2)", async () => {
    const { transport, user } = await udpTransport();
    const server = await peer();
    const ours = transport.localEndpoint("udp");
    await server.send(responseText(200, "OK", "SIP/2.0/UDP 192.0.2.77:5060;branch=z9hG4bKx", "stranger"), ours.port);
    await server.send(responseText(200, "OK", `SIP/2.0/UDP ${ours.address}:${ours.port};branch=z9hG4bKy`, "mine"), ours.port);
    const { message } = await user.received.next();
    expect(message.headers.get("Call-ID")).toBe("mine");
    expect(transport.stats.droppedMisrouted).toBe(1);
  });

  it("sends a request to an explicit destination", async () => {
    const { transport } = await udpTransport();
    const phone = await peer();
    const ours = transport.localEndpoint("udp");
    const request = parse(requestText({ via: `SIP/2.0/UDP ${ours.address}:${ours.port};branch=z9hG4bKd1;rport` }));
    await transport.send(request, { protocol: "udp", address: "127.0.0.1", port: phone.port });
    expect(asRequest(await phone.nextMessage()).method).toBe("OPTIONS");
  });

  it("answers a malformed but answerable request with a 400 naming the problem", async () => {
    const { transport, user } = await udpTransport();
    const phone = await peer();
    await phone.send(requestText({ via: "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKe1;rport", maxForwards: "lots" }), transport.localEndpoint("udp").port);
    const response = asResponse(await phone.nextMessage());
    expect(response.status).toBe(400);
    expect(response.reason).toMatch(/max-forwards/i);
    expect(response.headers.get("Call-ID")).toBe("call-1");
    expect(response.headers.get("To")).toMatch(/;tag=/);
    expect(user.received.length).toBe(0);
    expect(transport.stats).toMatchObject({ parseErrors: 1, droppedGarbage: 0, messagesOut: 1 });
  });

  it("drops garbage silently and keeps serving", async () => {
    const { transport, user } = await udpTransport();
    const phone = await peer();
    const port = transport.localEndpoint("udp").port;
    const garbage = [Buffer.from([0, 1, 2, 255, 254]), Buffer.from("HELLO WORLD\r\n\r\n"), Buffer.alloc(600, 0x41), Buffer.from("SIP/2.0 200\r\n")];
    for (const g of garbage) await phone.send(g, port);
    await phone.send(requestText({ via: "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKf1;rport" }), port);
    const { message, source } = await user.received.next();
    await transport.respond(ok200(asRequest(message)), source);
    // FIFO on loopback: had the garbage been answered, that answer would come first.
    expect(asResponse(await phone.nextMessage()).status).toBe(200);
    expect(transport.stats).toMatchObject({ parseErrors: 4, droppedGarbage: 4, messagesIn: 1, messagesOut: 1 });
  });

  it("caps the 400s to a flood of 10,000 bad requests from one source at the bucket's burst", async () => {
    const { transport, user } = await udpTransport("127.0.0.1", { perSourceBurst: 7 });
    const attacker = await peer();
    const port = transport.localEndpoint("udp").port;
    const bad = Buffer.from(requestText({ via: "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKg1;rport", maxForwards: "x" }));
    // Batches small enough for the kernel's receive buffer, each followed by a probe:
    // once the probe arrives, the batch before it has been handled.
    for (let batch = 0; batch < 200; batch++) {
      for (let i = 0; i < 50; i++) await attacker.send(bad, port);
      await attacker.send(requestText({ via: "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKprobe;rport", callId: `probe-${batch}` }), port);
      const { message, source } = await user.received.next();
      if (batch === 199) await transport.respond(ok200(asRequest(message)), source);
    }
    const stats = transport.stats;
    expect(stats.parseErrors).toBe(10_000);
    expect(stats.parseErrors - stats.rateLimited).toBe(7);
    // The 400s left before the last probe's 200 did, on the same socket, so they arrive first.
    let answers = 0;
    for (;;) {
      const response = asResponse(await attacker.nextMessage());
      if (response.status === 200) break;
      expect(response.status).toBe(400);
      answers++;
    }
    expect(answers).toBe(7);
  });

  it("works over IPv6", async () => {
    const { transport, user } = await udpTransport("::1");
    const phone = await peer("::1");
    const ours = transport.localEndpoint("udp");
    expect(ours.address).toBe("::1");
    await phone.send(requestText({ via: "SIP/2.0/UDP [2001:db8::5]:5062;branch=z9hG4bKh1;rport" }), ours.port);
    const { message, source } = await user.received.next();
    expect(source.address).toBe("::1");
    expect(topVia(message)!.params["received"]).toBe("::1");
    await transport.respond(ok200(asRequest(message)), source);
    expect(asResponse(await phone.nextMessage()).status).toBe(200);
  });

  it("sends a CRLF keep-alive and ignores one that arrives", async () => {
    const { transport, user } = await udpTransport();
    const phone = await peer();
    await transport.sendKeepAlive({ protocol: "udp", address: "127.0.0.1", port: phone.port });
    expect((await phone.datagrams.next()).toString()).toBe("\r\n");
    const port = transport.localEndpoint("udp").port;
    await phone.send("\r\n\r\n", port);
    await phone.send(requestText({ via: "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKk1;rport" }), port);
    await user.received.next();
    expect(transport.stats).toMatchObject({ parseErrors: 0, droppedGarbage: 0, messagesIn: 1 });
  });

  it("bound to \"::\", serves IPv4 and IPv6 on one port, each source in its own family", async () => {
    const { transport, user } = await udpTransport("::");
    const port = transport.localEndpoint("udp").port;
    const v4 = await peer("127.0.0.1");
    const v6 = await peer("::1");
    await v4.send(requestText({ via: "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKv4;rport", callId: "v4" }), port, "127.0.0.1");
    const first = await user.received.next();
    await v6.send(requestText({ via: "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKv6;rport", callId: "v6" }), port, "::1");
    const second = await user.received.next();
    expect([first.source.address, first.source.local.address]).toEqual(["127.0.0.1", "0.0.0.0"]);
    expect([second.source.address, second.source.local.address]).toEqual(["::1", "::"]);
    await transport.respond(ok200(asRequest(first.message)), first.source);
    await transport.respond(ok200(asRequest(second.message)), second.source);
    expect((await v4.nextMessage()).headers.get("Call-ID")).toBe("v4");
    expect((await v6.nextMessage()).headers.get("Call-ID")).toBe("v6");
  });
});
