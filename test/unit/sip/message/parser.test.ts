/**
 * parseMessage and serializeMessage on ordinary traffic: start lines, header
 * folding and compact forms, Content-Length framing of datagrams, the checks on
 * required fields and what a failed parse offers for a 400 answer.
 * Not covered here: RFC 4475 torture messages (rfc4475.test.ts), fuzzing (fuzz.test.ts).
 */
import { describe, expect, it } from "vitest";
import { parseMessage, serializeMessage } from "../../../../src/sip/message/index.js";
import type { ParseError, SipMessage } from "../../../../src/sip/message/index.js";
import { CHALLENGE_401, INVITE, OK_200, SDP, crlf } from "./samples.js";

function parse(text: string | Buffer): SipMessage {
  const result = parseMessage(typeof text === "string" ? Buffer.from(text) : text);
  if (!result.ok) throw new Error(`unexpected parse error: ${result.error.reason}`);
  return result.value;
}

function failure(text: string): ParseError {
  const result = parseMessage(Buffer.from(text));
  if (result.ok) throw new Error("expected a parse error");
  return result.error;
}

const MINIMAL = [
  "OPTIONS sip:bob@example.com SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1",
  "From: <sip:alice@example.com>;tag=1",
  "To: <sip:bob@example.com>",
  "Call-ID: abc@192.0.2.1",
  "CSeq: 1 OPTIONS",
  "Max-Forwards: 70",
];

function minimal(extra: string[] = [], replace: Record<string, string | null> = {}): string {
  const lines = MINIMAL.filter((line) => !(line.split(":")[0]! in replace)).concat(
    Object.values(replace).filter((v): v is string => v !== null),
    extra,
  );
  return crlf([...lines, "", ""]);
}

describe("parseMessage: requests and responses", () => {
  it("splits an INVITE into request line, raw header values and the SDP body", () => {
    const msg = parse(INVITE);
    expect(msg.type).toBe("request");
    if (msg.type !== "request") return;
    expect(msg.method).toBe("INVITE");
    expect(msg.uri).toBe("sip:bob@biloxi.example.com");
    expect(msg.version).toBe("SIP/2.0");
    expect(msg.headers.get("call-id")).toBe("a84b4c76e66710@pc33.atlanta.example.com");
    expect(msg.headers.get("To")).toBe('"Bob" <sip:bob@biloxi.example.com>');
    expect(msg.body.toString()).toBe(SDP);
  });

  it("reads a status line with its reason phrase, and a response without body", () => {
    const msg = parse(CHALLENGE_401);
    expect(msg.type === "response" && [msg.status, msg.reason]).toEqual([401, "Unauthorized"]);
    expect(msg.body.length).toBe(0);
    const ok = parse(OK_200);
    expect(ok.type === "response" && ok.status).toBe(200);
    expect(ok.headers.getAll("Via")).toHaveLength(2);
  });

  it("ignores CRLFs before the start line (RFC 3261 §7.5)", () => {
    expect(parse(`\r\n\r\n${INVITE}`).headers.get("CSeq")).toBe("314159 INVITE");
  });

  it("unfolds continuation lines into one value and expands compact names", () => {
    const msg = parse(minimal(["Subject: first part", "\tsecond part", "  third", "k: timer", "l: 0"]));
    expect(msg.headers.get("Subject")).toBe("first part second part third");
    expect(msg.headers.get("Supported")).toBe("timer");
    expect(msg.headers.get("content-length")).toBe("0");
  });

  it("treats header names case-insensitively, known or not", () => {
    const msg = parse(minimal(["X-Custom-thing: 1", "x-custom-THING: 2", "cAlL-iD: ignored-not"], { "Call-ID": null }));
    expect(msg.headers.getAll("X-CUSTOM-THING")).toEqual(["1", "2"]);
    expect(msg.headers.get("Call-ID")).toBe("ignored-not");
  });

  it("accepts LWS before the colon and an empty reason phrase", () => {
    expect(parse(minimal(["Subject   :  hello"])).headers.get("Subject")).toBe("hello");
    const msg = parse(crlf(["SIP/2.0 100 ", ...MINIMAL.slice(1), "", ""]));
    expect(msg.type === "response" && msg.reason).toBe("");
  });
});

describe("parseMessage: Content-Length framing", () => {
  it("takes only Content-Length octets and drops the rest of a datagram (§18.3)", () => {
    const msg = parse(minimal(["Content-Length: 4"]).concat("bodyEXTRA"));
    expect(msg.body.toString()).toBe("body");
  });

  it("takes the rest of a datagram as body when Content-Length is missing", () => {
    expect(parse(minimal().concat("abc")).body.toString()).toBe("abc");
  });

  it("rejects a Content-Length beyond the datagram, negative, or repeated", () => {
    expect(failure(minimal(["Content-Length: 10"]).concat("short")).reason).toBe("Content-Length larger than message");
    expect(failure(minimal(["Content-Length: -1"])).reason).toBe("Bad Content-Length");
    expect(failure(minimal(["Content-Length: 0", "l: 0"])).reason).toBe("Multiple Content-Length");
  });

  it("keeps body bytes exactly, including non-UTF-8 octets", () => {
    const body = Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x80]);
    const raw = Buffer.concat([Buffer.from(minimal([`Content-Length: ${body.length}`])), body]);
    expect(parse(raw).body.equals(body)).toBe(true);
  });
});

describe("parseMessage: required fields and reasons", () => {
  it.each([
    ["Via", "Missing Via"],
    ["From", "Missing From"],
    ["To", "Missing To"],
    ["Call-ID", "Missing Call-ID"],
    ["CSeq", "Missing CSeq"],
  ])("rejects a request without %s", (name, reason) => {
    expect(failure(minimal([], { [name]: null })).reason).toBe(reason);
  });

  it("tolerates a missing Max-Forwards (RFC 2543 peers, RFC 4475 §3.4.1) but not a bad one", () => {
    expect(parse(minimal([], { "Max-Forwards": null })).type).toBe("request");
    expect(failure(minimal([], { "Max-Forwards": "Max-Forwards: seventy" })).reason).toBe("Max-Forwards not a number");
  });

  it("names the broken field", () => {
    expect(failure(minimal([], { CSeq: "CSeq: one OPTIONS" })).reason).toBe("Bad CSeq");
    expect(failure(minimal([], { CSeq: "CSeq: 1 INVITE" })).reason).toBe("CSeq method mismatch");
    expect(failure(minimal([], { "Call-ID": "Call-ID: two words" })).reason).toBe("Bad Call-ID");
    expect(failure(minimal([], { From: 'From: "unterminated <sip:a@b>' })).reason).toBe("Bad From");
    expect(failure(minimal([], { Via: "Via: SIP/2.0/UDP" })).reason).toBe("Bad Via");
    expect(failure(minimal(["Contact: sip:a@b?x=y"])).reason).toBe("Bad Contact");
    expect(failure(crlf(["OPTIONS  sip:bob@example.com SIP/2.0", ...MINIMAL.slice(1), "", ""])).reason).toBe("Bad request line");
    expect(failure(crlf(["OPTIONS <sip:bob@example.com> SIP/2.0", ...MINIMAL.slice(1), "", ""])).reason).toBe("Bad Request-URI");
  });

  it("asks for 505 on an unknown SIP version", () => {
    const error = failure(crlf(["OPTIONS sip:bob@example.com SIP/3.0", ...MINIMAL.slice(1), "", ""]));
    expect([error.reason, error.status]).toEqual(["Unknown SIP version", 505]);
  });

  it("offers the fields for a 400 answer when a request has a Via", () => {
    const error = failure(minimal([], { CSeq: "CSeq: 99999999999 OPTIONS" }));
    expect(error.answerable?.method).toBe("OPTIONS");
    expect(error.answerable?.headers.all().map((f) => f.name)).toEqual(["Via", "From", "To", "Call-ID", "CSeq"]);
    expect(error.answerable?.headers.get("CSeq")).toBe("99999999999 OPTIONS");
  });

  it("offers nothing to answer for responses, ACKs, or requests without Via", () => {
    expect(failure(crlf(["SIP/2.0 200 OK", ...MINIMAL.slice(2), "", ""])).answerable).toBeUndefined();
    expect(failure(minimal([], { Via: null })).answerable).toBeUndefined();
    const ack = crlf(["ACK sip:bob@example.com SIP/2.0", ...MINIMAL.slice(1, 5), "CSeq: x ACK", "", ""]);
    expect(failure(ack).answerable).toBeUndefined();
  });

  it("rejects empty input and garbage without throwing", () => {
    expect(failure("\r\n\r\n").reason).toBe("Empty message");
    expect(failure("hello world").reason).toBe("Bad request line");
  });
});

describe("serializeMessage", () => {
  it("writes CRLF lines, canonical names and a Content-Length equal to the body", () => {
    const msg = parse(minimal(["v: SIP/2.0/TCP 192.0.2.9;branch=z9hG4bK2", "l: 999"]).replace("l: 999\r\n\r\n", "l: 3\r\n\r\nxyz"));
    const text = serializeMessage(msg).toString();
    expect(text.startsWith("OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP")).toBe(true);
    expect(text).toContain("\r\nVia: SIP/2.0/TCP 192.0.2.9;branch=z9hG4bK2\r\n");
    expect(text.endsWith("\r\nContent-Length: 3\r\n\r\nxyz")).toBe(true);
    expect(text.match(/Content-Length/g)).toHaveLength(1);
  });

  it("replaces a stale Content-Length after the body changes", () => {
    const msg = parse(INVITE);
    msg.body = Buffer.from("new");
    const again = parse(serializeMessage(msg));
    expect(again.headers.get("Content-Length")).toBe("3");
    expect(again.body.toString()).toBe("new");
  });

  it("round-trips the sample messages to equal headers and bodies", () => {
    for (const raw of [INVITE, OK_200, CHALLENGE_401]) {
      const first = parse(raw);
      const second = parse(serializeMessage(first));
      expect(second.headers.all()).toEqual(first.headers.all());
      expect(second.body.equals(first.body)).toBe(true);
      expect(serializeMessage(second).toString()).toBe(raw);
    }
  });
});
