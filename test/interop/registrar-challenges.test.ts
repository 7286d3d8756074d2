/**
 * A registrar behind a proxy that both want credentials (RFC 3261 §22.3), played by
 * SIPp: 407 (proxy realm, no qop), then 401 (registrar realm, qop=auth), then 200.
 * SIPp checks the registrar digest itself; this test recomputes the proxy digest
 * from what was sent, independently of our auth code.
 * Not covered: SHA-256 challenges (unit tests with RFC 7616 vectors).
 */
import { createHash } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { startSipp, stopAllPeers } from "./peers/index.js";
import { startAgent, waitForRegistration } from "./support/agent.js";

afterAll(async () => {
  await stopAllPeers();
});

const md5 = (s: string): string => createHash("md5").update(s).digest("hex");

function param(header: string, name: string): string | undefined {
  return new RegExp(`[\\s,]${name}="?([^",]+)"?`, "i").exec(header)?.[1];
}

it("answers a proxy challenge and then a registrar challenge, keeping both credentials", async () => {
  const user = "1001";
  const password = "two-realms";
  const sipp = await startSipp({ scenario: "registrar-challenge-twice.xml", keys: { user, password, expires: "120" } });
  await sipp.ready();
  const agent = await startAgent({ accounts: [{ user, password, registrarPort: sipp.port, expiresSec: 120 }] });
  try {
    const account = agent.ua.accounts[0]!;
    await waitForRegistration(account, "registered");
    const result = await sipp.done;
    expect(result.ok, result.errors).toBe(true);
    const registers = result.messages.filter((m) => m.direction === "received" && m.firstLine.startsWith("REGISTER"));
    expect(registers).toHaveLength(3);
    const third = registers[2]!.text;
    const proxyAuth = /^Proxy-Authorization:(.*)$/im.exec(third)?.[1] ?? "";
    const uri = param(proxyAuth, "uri")!;
    const expected = md5(`${md5(`${user}:proxy.dialtone.test:${password}`)}:dialtone-proxy-nonce:${md5(`REGISTER:${uri}`)}`);
    expect(param(proxyAuth, "response")).toBe(expected);
    const cseqs = registers.map((r) => Number(/^CSeq:\s*(\d+)/im.exec(r.text)?.[1]));
    expect(cseqs[1]).toBe(cseqs[0]! + 1);
    expect(cseqs[2]).toBe(cseqs[1]! + 1);
  } finally {
    await agent.stop();
  }
});
