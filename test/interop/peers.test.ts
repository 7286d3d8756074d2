/**
 * Proves the real-peer harness works, with the peers alone (no dialtone code involved):
 * - free ports and throwaway certificates are usable (a TLS client trusting the CA accepts them);
 * - Kamailio starts on loopback, answers OPTIONS, challenges REGISTER and INVITE, saves a
 *   SIPp registration (seen through registered()), routes a SIPp call by location and by a
 *   static route, answers 404 for nobody, serves TLS, and restart() comes back on the same
 *   ports without its registrations;
 * - every scenario in test/interop/scenarios/ is valid and completes against SIPp itself.
 * Not covered here: our SIP stack against these peers (the interop tests do that), TCP calls
 * through Kamailio, baresip.
 */
import { createHash } from "node:crypto";
import { createSocket } from "node:dgram";
import { createServer as createTcpServer } from "node:net";
import { connect as tlsConnect, createServer as createTlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePorts, makeTestCerts, sendSipUdp, sipToken, startKamailio, startSipp, statusOf, stopAllPeers,
  type KamailioHandle, type SippHandle, type SippMessage, type SippOptions, type SippResult, type TestCerts,
} from "./peers/index.js";

const USER = { user: "1001", password: "s3cret-1001" };

async function runPair(server: SippOptions, client: (serverPort: number) => SippOptions): Promise<[SippResult, SippResult]> {
  const uas: SippHandle = await startSipp(server);
  await uas.ready();
  const uac = await startSipp(client(uas.port));
  return Promise.all([uas.done, uac.done]);
}

function sipMessagesOf(result: SippResult, direction: "sent" | "received"): SippMessage[] {
  return result.messages.filter((m) => m.direction === direction);
}

function firstLines(result: SippResult, direction: "sent" | "received"): string[] {
  return sipMessagesOf(result, direction).map((m) => m.firstLine.replace(/ sip:\S+ SIP\/2\.0$/, ""));
}

afterAll(async () => {
  await stopAllPeers();
});

describe("ports and certificates", () => {
  it("gives distinct ports that are free for UDP and TCP", async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) {
      const udp = createSocket("udp4");
      await new Promise<void>((resolve) => udp.bind(port, "127.0.0.1", () => resolve()));
      const tcp = createTcpServer();
      await new Promise<void>((resolve) => tcp.listen(port, "127.0.0.1", () => resolve()));
      udp.close();
      tcp.close();
    }
  });

  it("makes a server certificate for localhost that a client trusting only the CA accepts", async () => {
    const certs = await makeTestCerts();
    const server = createTlsServer({ cert: certs.certPem, key: certs.keyPem }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    expect(await tlsAuthorized(address.port, certs)).toBe(true);
    server.close();
    await certs.remove();
  });
});

function tlsAuthorized(port: number, certs: TestCerts): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, servername: "localhost", ca: certs.caCertPem }, () => {
      resolve(socket.authorized);
      socket.destroy();
    });
    socket.once("error", reject);
  });
}

describe("Kamailio registrar and proxy", () => {
  let kamailio: KamailioHandle;
  let trustedUacPort: number;
  let uasPort: number;
  let registeredPort: number;

  beforeAll(async () => {
    [trustedUacPort, uasPort, registeredPort] = (await freePorts(3)) as [number, number, number];
    kamailio = await startKamailio({
      users: [USER, { user: "1002", password: "other" }],
      tls: true,
      trustedPeers: [{ address: "127.0.0.1", port: trustedUacPort }],
      staticRoutes: { "2000": `sip:127.0.0.1:${uasPort}` },
    });
  });
  afterAll(async () => {
    await kamailio?.stop();
  });

  it("listens for UDP and TCP on one port and answers OPTIONS to itself with 200", async () => {
    expect(kamailio.udpPort).toBe(kamailio.tcpPort);
    const reply = await sendSipUdp({ port: kamailio.udpPort, request: (local) => options(kamailio.udpPort, local.port) });
    expect(statusOf(reply)).toBe(200);
  });

  it("serves TLS with the throwaway certificate", async () => {
    expect(kamailio.tlsPort).toBeDefined();
    expect(await tlsAuthorized(kamailio.tlsPort as number, kamailio.certs as TestCerts)).toBe(true);
  });

  it("challenges an INVITE from an untrusted source with 407 in its realm", async () => {
    const reply = await sendSipUdp({ port: kamailio.udpPort, request: (local) => invite("2000", kamailio.udpPort, local.port) });
    expect(statusOf(reply)).toBe(407);
    expect(reply).toMatch(new RegExp(`Proxy-Authenticate: Digest realm="${kamailio.realm}"`));
  });

  it("answers 404 for a user with no binding, even from a trusted source", async () => {
    const reply = await sendSipUdp({
      port: kamailio.udpPort,
      localPort: trustedUacPort,
      request: (local) => invite("1002", kamailio.udpPort, local.port),
    });
    expect(statusOf(reply)).toBe(404);
  });

  it("refuses a REGISTER with a wrong password, accepts the right one, and registered() sees it", async () => {
    const register = (password: string): Promise<SippResult> =>
      startSipp({
        scenario: "register-auth.xml", remote: { port: kamailio.udpPort }, localPort: registeredPort,
        service: USER.user, auth: { user: USER.user, password }, timeoutSec: 5,
      }).then((sipp) => sipp.done);
    const wrong = await register("wrong");
    expect(wrong.ok).toBe(false);
    expect(await kamailio.registered(USER.user)).toBe(false);

    const right = await register(USER.password);
    expect(right.ok, right.errors).toBe(true);
    expect(firstLines(right, "received")).toEqual(["SIP/2.0 401 Unauthorized", "SIP/2.0 200 OK"]);
    expect(await kamailio.registered(USER.user)).toBe(true);
    expect(await kamailio.registered("1002")).toBe(false);
    const [binding] = await kamailio.bindings(USER.user);
    expect(binding?.contact).toContain(`@127.0.0.1:${registeredPort}`);
    expect(binding?.expiresSec).toBeGreaterThan(200);
  });

  it("accepts a REGISTER over TCP on the same port", async () => {
    const sipp = await startSipp({
      scenario: "register-auth.xml", remote: { port: kamailio.tcpPort }, transport: "tcp",
      service: "1002", auth: { user: "1002", password: "other" }, timeoutSec: 5,
    });
    const result = await sipp.done;
    expect(result.ok, result.errors).toBe(true);
    const [binding] = await kamailio.bindings("1002");
    expect(binding?.contact).toMatch(/;transport=TCP/i);
  });

  it("routes a call to a registered user by location, record-routing it", async () => {
    const [uas, uac] = await runPair({ scenario: "uas-answer.xml", localPort: registeredPort }, () => ({
      scenario: "uac-call.xml", remote: { port: kamailio.udpPort }, localPort: trustedUacPort, service: USER.user, pauseMs: 200,
    }));
    expect(uac.ok, uac.errors).toBe(true);
    expect(uas.ok, uas.errors).toBe(true);
    const invite = sipMessagesOf(uas, "received").find((m) => m.firstLine.startsWith("INVITE"));
    expect(invite?.text).toMatch(new RegExp(`^Record-Route: <sip:127\\.0\\.0\\.1:${kamailio.udpPort};lr[;>]`, "m"));
  });

  it("routes a call to the static route 2000 (a SIPp UAS that never registered)", async () => {
    const [uas, uac] = await runPair({ scenario: "uas-answer.xml", localPort: uasPort }, () => ({
      scenario: "uac-call.xml", remote: { port: kamailio.udpPort }, localPort: trustedUacPort, service: "2000", pauseMs: 200,
    }));
    expect(uac.ok, uac.errors).toBe(true);
    expect(uas.ok, uas.errors).toBe(true);
    expect(firstLines(uas, "received")).toEqual(["INVITE", "ACK", "BYE"]);
  });

  it("does not take another Kamailio's answers for its own when its port is taken", async () => {
    const start = startKamailio({ users: [USER], udpPort: kamailio.udpPort, startTimeoutMs: 2_000 });
    await expect(start).rejects.toThrow(/kamailio (exited during start|not ready)[\s\S]*Listening on/);
  });

  it("restarts on the same ports and forgets registrations", async () => {
    const before = { udp: kamailio.udpPort, tcp: kamailio.tcpPort, tls: kamailio.tlsPort };
    expect(await kamailio.registered(USER.user)).toBe(true);
    await kamailio.restart();
    expect({ udp: kamailio.udpPort, tcp: kamailio.tcpPort, tls: kamailio.tlsPort }).toEqual(before);
    const reply = await sendSipUdp({ port: kamailio.udpPort, request: (local) => options(kamailio.udpPort, local.port) });
    expect(statusOf(reply)).toBe(200);
    expect(await kamailio.registered(USER.user)).toBe(false);
  });
});

function options(port: number, localPort: number): string {
  const id = sipToken();
  return [
    `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${id}`,
    "Max-Forwards: 70",
    `From: <sip:test@127.0.0.1:${localPort}>;tag=${id}`,
    `To: <sip:127.0.0.1:${port}>`,
    `Call-ID: ${id}`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

function invite(user: string, port: number, localPort: number): string {
  return options(port, localPort)
    .replace(`OPTIONS sip:127.0.0.1:${port}`, `INVITE sip:${user}@127.0.0.1:${port}`)
    .replace(`To: <sip:127.0.0.1:${port}>`, `To: <sip:${user}@127.0.0.1:${port}>`)
    .replace("CSeq: 1 OPTIONS", `CSeq: 1 INVITE\r\nContact: <sip:test@127.0.0.1:${localPort}>`);
}

describe("SIPp scenarios, played against SIPp", () => {
  const remote = (port: number): { port: number } => ({ port });

  it("uas-answer.xml answers SIPp's built-in UAC, and uac-call.xml calls SIPp's built-in UAS", async () => {
    const results = await Promise.all([
      runPair({ scenario: "uas-answer.xml" }, (port) => ({ scenario: { builtin: "uac" }, remote: remote(port) })),
      runPair({ scenario: { builtin: "uas" } }, (port) => ({ scenario: "uac-call.xml", remote: remote(port), service: "1001" })),
    ]);
    for (const result of results.flat()) expect(result.ok, result.errors + result.output.slice(-500)).toBe(true);
  });

  it("stop() ends a SIPp that is still waiting, and its result says it did not succeed", async () => {
    const uas = await startSipp({ scenario: "uas-answer.xml" });
    await uas.ready();
    const result = await uas.stop();
    expect(result.ok).toBe(false);
    expect(result.stopped).toBe(true);
    expect(result.stats.successfulCalls).toBe(0);
  });

  it("uas-answer-hangup.xml hangs up on uac-call-wait-bye.xml", async () => {
    const [uas, uac] = await runPair({ scenario: "uas-answer-hangup.xml", pauseMs: 200 }, (port) => ({
      scenario: "uac-call-wait-bye.xml", remote: remote(port), service: "1001",
    }));
    expect(uas.ok, uas.errors).toBe(true);
    expect(uac.ok, uac.errors).toBe(true);
    expect(firstLines(uac, "received")).toEqual(["SIP/2.0 180 Ringing", "SIP/2.0 200 OK", "BYE"]);
  });

  it("uas-drop-first-200.xml loses its first 200: the caller sees only the second and ACKs it", async () => {
    const [uas, uac] = await runPair({ scenario: "uas-drop-first-200.xml" }, (port) => ({
      scenario: "uac-call.xml", remote: remote(port), service: "1001",
    }));
    expect(uas.ok, uas.errors).toBe(true);
    expect(uac.ok, uac.errors).toBe(true);
    expect(firstLines(uas, "sent").filter((l) => l === "SIP/2.0 200 OK")).toHaveLength(3); // two INVITE 200s, one BYE 200
    expect(firstLines(uac, "received")).toEqual(["SIP/2.0 180 Ringing", "SIP/2.0 200 OK", "SIP/2.0 200 OK"]);
  });

  it("uac-drop-ack.xml holds its ACK until the callee has retransmitted the 200 twice", async () => {
    const [uas, uac] = await runPair({ scenario: "uas-answer.xml" }, (port) => ({
      scenario: "uac-drop-ack.xml", remote: remote(port), service: "1001",
    }));
    expect(uac.ok, uac.errors).toBe(true);
    expect(uas.ok, uas.errors).toBe(true);
    const received = firstLines(uac, "received");
    expect(received.filter((l) => l === "SIP/2.0 200 OK").length).toBeGreaterThanOrEqual(4); // 3 INVITE 200s + BYE 200
    expect(firstLines(uac, "sent")).toEqual(["INVITE", "ACK", "BYE"]);
  });

  it("registrar-challenge-twice.xml accepts proxy then registrar credentials, and rejects a wrong password", async () => {
    const keys = { user: USER.user, password: USER.password, expires: "120" };
    const client = (password: string) => (port: number): SippOptions => ({
      scenario: "uac-register-two-challenges.xml", remote: remote(port), service: USER.user, timeoutSec: 5,
      auth: { user: USER.user, password },
      keys: { proxy_authorization: proxyAuthorization(USER.user, USER.password, `sip:127.0.0.1:${port}`) },
    });
    const [registrar, uac] = await runPair({ scenario: "registrar-challenge-twice.xml", keys }, client(USER.password));
    expect(registrar.ok, registrar.errors).toBe(true);
    expect(uac.ok, uac.errors).toBe(true);
    const ok = sipMessagesOf(uac, "received").at(-1);
    expect(ok?.text).toMatch(/^Contact: <sip:1001@127\.0\.0\.1:\d+;transport=UDP>;expires=120$/m);

    const [refused] = await runPair({ scenario: "registrar-challenge-twice.xml", keys, timeoutSec: 5 }, client("wrong"));
    expect(refused.ok).toBe(false);
  });
});

/** The Proxy-Authorization for the fixed, qop-less challenge of registrar-challenge-twice.xml (RFC 2617 §3.2.2). */
function proxyAuthorization(user: string, password: string, uri: string): string {
  const md5 = (text: string): string => createHash("md5").update(text).digest("hex");
  const realm = "proxy.dialtone.test";
  const nonce = "dialtone-proxy-nonce";
  const response = md5(`${md5(`${user}:${realm}:${password}`)}:${nonce}:${md5(`REGISTER:${uri}`)}`);
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5`;
}
