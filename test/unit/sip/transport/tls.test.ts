/**
 * TLS in TransportLayer on loopback, with self-signed certificates made by
 * openssl for this run: a request and its response between two transports when
 * the client trusts the server's certificate (by address, and by server name);
 * the send rejected when the client trusts another CA or names another server;
 * accepted anyway with verification turned off. Also close(): a send stuck in a
 * TLS handshake with a silent peer is cancelled, and a silent client does not
 * hold the listener open. Client certificates are not
 * covered (the transport does not request them).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SipRequest, SipResponse } from "../../../../src/sip/message/index.js";
import type { Endpoint } from "../../../../src/sip/transport/types.js";
import { ByteReader, TcpPeer, asRequest, asResponse, connectTcp, parse, requestText, startTransport } from "./helpers.js";
import type { TestTransport } from "./helpers.js";

interface KeyPair {
  key: string;
  cert: string;
}

let dir = "";
let localhost: KeyPair;
let stranger: KeyPair;

/** The command from the project's test plan: an EC P-256 self-signed certificate for one day. */
function makeCertificate(name: string, cn: string, altNames: string): KeyPair {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
    "-subj", `/CN=${cn}`, "-addext", `subjectAltName=${altNames}`, "-keyout", key, "-out", cert,
  ], { stdio: "ignore" });
  return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dialtone-tls-"));
  localhost = makeCertificate("localhost", "localhost", "DNS:localhost,IP:127.0.0.1");
  stranger = makeCertificate("stranger", "localhost", "DNS:localhost,IP:127.0.0.1");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function tlsTransport(client: { ca?: string; rejectUnauthorized?: boolean } = {}): Promise<TestTransport> {
  const t = await startTransport({ tls: { address: "127.0.0.1", port: 0, ...localhost, ...client } });
  cleanup.push(() => t.transport.close());
  return t;
}

function options(from: TestTransport): SipRequest {
  const ours = from.transport.localEndpoint("tls");
  return asRequest(parse(requestText({ via: `SIP/2.0/TLS ${ours.address}:${ours.port};branch=z9hG4bKtls1` })));
}

function ok200(request: SipRequest): SipResponse {
  return { type: "response", status: 200, reason: "OK", version: "SIP/2.0", headers: request.headers.clone(), body: Buffer.alloc(0) };
}

describe("TransportLayer over TLS", () => {
  it("carries a request and its response when the client trusts the server's certificate", async () => {
    const server = await tlsTransport();
    const client = await tlsTransport({ ca: localhost.cert });
    const to: Endpoint = server.transport.localEndpoint("tls");
    await client.transport.send(options(client), to);
    const { message, source } = await server.user.received.next();
    expect(source.protocol).toBe("tls");
    await server.transport.respond(ok200(asRequest(message)), source);
    expect(asResponse((await client.user.received.next()).message).status).toBe(200);
    expect(server.transport.stats.connectionsAccepted).toBe(1);
  });

  it("verifies the server name when the destination carries one", async () => {
    const server = await tlsTransport();
    const client = await tlsTransport({ ca: localhost.cert });
    const { port } = server.transport.localEndpoint("tls");
    await client.transport.send(options(client), { protocol: "tls", address: "127.0.0.1", port, serverName: "localhost" });
    await server.user.received.next();
    const wrongName = client.transport.send(options(client), { protocol: "tls", address: "127.0.0.1", port, serverName: "sip.example.net" });
    await expect(wrongName).rejects.toMatchObject({ name: "TransportError", canceled: false });
  });

  it("rejects the send when the certificate is not signed by a trusted CA", async () => {
    const server = await tlsTransport();
    const client = await tlsTransport({ ca: stranger.cert });
    await expect(client.transport.send(options(client), server.transport.localEndpoint("tls")))
      .rejects.toMatchObject({ name: "TransportError", canceled: false, message: expect.stringMatching(/certificate|self.signed/i) });
    expect(client.transport.connectionCount).toBe(0);
  });

  it("accepts any certificate when verification is turned off", async () => {
    const server = await tlsTransport();
    const client = await tlsTransport({ ca: stranger.cert, rejectUnauthorized: false });
    await client.transport.send(options(client), server.transport.localEndpoint("tls"));
    expect((await server.user.received.next()).message.type).toBe("request");
  });

  it("close() cancels a send still waiting for its TLS handshake", async () => {
    const client = await tlsTransport({ ca: localhost.cert });
    const silent = await TcpPeer.listen(); // accepts, never answers the ClientHello
    cleanup.push(() => silent.close());
    const stuck = client.transport.send(options(client), { protocol: "tls", address: "127.0.0.1", port: silent.port });
    await silent.sockets.next();
    await client.transport.close();
    await expect(stuck).rejects.toMatchObject({ name: "TransportError", canceled: true });
    await expect(client.transport.send(options(client), { protocol: "tls", address: "127.0.0.1", port: silent.port }))
      .rejects.toMatchObject({ canceled: true });
  });

  it("close() does not wait for a client that never starts its handshake", async () => {
    const server = await tlsTransport();
    const silent = await connectTcp(server.transport.localEndpoint("tls").port);
    const reader = new ByteReader(silent);
    await server.transport.close();
    await reader.closed();
  });
});
