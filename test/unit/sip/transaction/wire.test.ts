/**
 * The transaction layer fed with messages parsed from wire text, as the real
 * transport delivers them: compact header forms, sent-by written differently in a
 * retransmission (host case, explicit default port, received/rport stamped by the
 * transport), and the serialized ACK for a non-2xx. Timer rules are covered in the
 * per-machine files; this file covers what the object-built messages could hide.
 */
import { describe, expect, it } from "vitest";
import { parseMessage, serializeMessage, type SipMessage } from "../../../../src/sip/message/index.js";
import { clientUser, harness, PEER, peerSource } from "./harness.js";

function wire(lines: string[]): SipMessage {
  const parsed = parseMessage(Buffer.from(lines.join("\r\n") + "\r\n\r\n"));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.value;
}

describe("transaction layer with messages from the wire", () => {
  it("a retransmitted INVITE in compact form, with host case, port and received differing, is absorbed", () => {
    const h = harness();
    h.transport.inject(wire([
      "INVITE sip:bob@example.net SIP/2.0",
      "Via: SIP/2.0/UDP PC33.Example.com;branch=z9hG4bKnashds8",
      "Max-Forwards: 70",
      "From: Alice <sip:alice@example.com>;tag=1928301774",
      "To: Bob <sip:bob@example.net>",
      "Call-ID: a84b4c76e66710",
      "CSeq: 314159 INVITE",
      "Content-Length: 0",
    ]), peerSource());
    h.clock.advance(500);
    h.transport.inject(wire([
      "INVITE sip:bob@example.net SIP/2.0",
      "v: SIP/2.0/UDP pc33.example.com:5060;branch=z9hG4bKnashds8;received=192.0.2.20;rport=5060",
      "Max-Forwards: 70",
      "f: Alice <sip:alice@example.com>;tag=1928301774",
      "t: Bob <sip:bob@example.net>",
      "i: a84b4c76e66710",
      "CSeq: 314159 INVITE",
      "l: 0",
    ]), peerSource());
    expect(h.user.requests).toHaveLength(1);
    expect(h.sendTimes("100")).toEqual([200, 500]);
  });

  it("the ACK for a 486 serializes to exactly the RFC 3261 §17.1.1.3 fields", () => {
    const h = harness();
    const invite = wire([
      "INVITE sip:bob@example.net SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport",
      "Max-Forwards: 70",
      "Route: <sip:proxy.example.net;lr>",
      "From: Alice <sip:alice@example.com>;tag=1928301774",
      "To: Bob <sip:bob@example.net>",
      "Call-ID: a84b4c76e66710@192.0.2.10",
      "CSeq: 2 INVITE",
      "Contact: <sip:alice@192.0.2.10>",
      "Content-Length: 0",
    ]);
    if (invite.type !== "request") throw new Error("not a request");
    const user = clientUser(h.clock);
    h.layer.sendRequest(invite, PEER, user);
    h.transport.inject(wire([
      "SIP/2.0 486 Busy Here",
      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.10",
      "From: Alice <sip:alice@example.com>;tag=1928301774",
      "To: Bob <sip:bob@example.net>;tag=a6c85cf",
      "Call-ID: a84b4c76e66710@192.0.2.10",
      "CSeq: 2 INVITE",
      "Content-Length: 0",
    ]), peerSource());
    const ack = h.transport.sent.find((s) => s.message.type === "request" && s.message.method === "ACK");
    expect(serializeMessage(ack!.message).toString()).toBe([
      "ACK sip:bob@example.net SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport",
      "Route: <sip:proxy.example.net;lr>",
      "Max-Forwards: 70",
      "From: Alice <sip:alice@example.com>;tag=1928301774",
      "To: Bob <sip:bob@example.net>;tag=a6c85cf",
      "Call-ID: a84b4c76e66710@192.0.2.10",
      "CSeq: 2 ACK",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"));
    expect(user.log).toEqual(["0 response 486"]);
  });
});
