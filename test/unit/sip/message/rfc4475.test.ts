/**
 * RFC 4475 torture messages, one fixture file each (test/fixtures/rfc4475/).
 * Covers: every §3.1.1 message (and the ones a parser must accept from §3.2-3.4)
 * parses, its structured views parse, and it survives serialize → parse unchanged;
 * every §3.1.2 message and the syntax cases of §3.3 fail with a reason, with the
 * fields for a 400 (or the 505 hint) where the RFC says the element answers.
 * Not covered: the answers a UA gives to well-formed but unacceptable requests
 * (416, 420, 415, ...): the comments name the layer, and the tests check that the
 * parser hands it what it needs.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  UNSUPPORTED_SCHEME, parseCSeq, parseMessage, parseNameAddr, parseUri, parseVia, serializeMessage, splitCommas, topVia,
} from "../../../../src/sip/message/index.js";
import type { NameAddr, ParseError, SipMessage } from "../../../../src/sip/message/index.js";

const dir = new URL("../../../fixtures/rfc4475/", import.meta.url);
const load = (name: string): Buffer => readFileSync(new URL(`${name}.dat`, dir));

function accept(name: string): SipMessage {
  const result = parseMessage(load(name));
  if (!result.ok) throw new Error(`${name}: ${result.error.reason}`);
  return result.value;
}

function reject(name: string): ParseError {
  const result = parseMessage(load(name));
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.error;
}

/** The structured views a UA reads, for comparing a message before and after a round trip. */
function views(msg: SipMessage): unknown {
  const nameAddrs = (header: string): NameAddr[] =>
    msg.headers.list(header).filter((v) => v !== "*").map((v) => {
      const parsed = parseNameAddr(v);
      if (!parsed.ok) throw new Error(`${header}: ${v}: ${parsed.error}`);
      return parsed.value;
    });
  const cseq = parseCSeq(msg.headers.get("CSeq")!);
  const vias = msg.headers.getAll("Via").map((v) => parseVia(v));
  let requestUri: unknown;
  if (msg.type === "request" && /^(sips?|tel):/i.test(msg.uri)) {
    const uri = parseUri(msg.uri);
    if (!uri.ok) throw new Error(`Request-URI: ${uri.error}`);
    requestUri = uri.value;
  }
  expect(cseq.ok).toBe(true);
  expect(vias.every((v) => v.ok)).toBe(true);
  expect(topVia(msg)).toBeDefined();
  return { requestUri, cseq, vias, from: nameAddrs("From"), to: nameAddrs("To"), contact: nameAddrs("Contact"), body: msg.body.toString("latin1") };
}

function roundTrip(msg: SipMessage): void {
  const again = parseMessage(serializeMessage(msg));
  expect(again.ok).toBe(true);
  if (!again.ok) return;
  expect(again.value.headers.all().filter((f) => f.name !== "Content-Length")).toEqual(msg.headers.all().filter((f) => f.name !== "Content-Length"));
  expect(views(again.value)).toEqual(views(msg));
}

describe("RFC 4475 §3.1.1: valid messages parse, with structured views and a round trip", () => {
  it.each([
    "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri", "transports", "mpart01", "unreason", "noreason",
  ])("%s", (name) => {
    const msg = accept(name);
    views(msg);
    roundTrip(msg);
  });

  it("§3.1.1.1 wsinv: folding, LWS around colons and slashes, escaped quotes", () => {
    const msg = accept("wsinv");
    expect(msg.headers.get("Max-Forwards")).toBe("0068");
    expect(parseCSeq(msg.headers.get("CSeq")!)).toEqual({ ok: true, value: { seq: 9, method: "INVITE" } });
    expect(msg.headers.get("NewFangledHeader")).toBe("newfangled value continued newfangled value");
    const from = parseNameAddr(msg.headers.get("From")!);
    expect(from.ok && [from.value.displayName, from.value.params["tag"]]).toEqual(['J Rosenberg \\"', "98asjd8"]);
    const vias = msg.headers.getAll("Via").flatMap((v) => { const p = parseVia(v); return p.ok ? p.value : []; });
    expect(vias.map((v) => [v.transport, v.host, v.params["branch"]])).toEqual([
      ["UDP", "192.0.2.2", "390skdjuw"], ["TCP", "spindle.example.com", "z9hG4bK9ikj8"], ["UDP", "192.168.255.111", "z9hG4bK30239"],
    ]);
    const contact = parseNameAddr(msg.headers.get("Contact")!);
    expect(contact.ok && contact.value.params).toEqual({ newparam: "newvalue", secondparam: null, q: "0.33" });
  });

  it("§3.1.1.2 intmeth: unusual method, control characters in a quoted string, UTF-8 values", () => {
    const msg = accept("intmeth");
    expect(msg.type === "request" && msg.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    const uri = parseUri(msg.type === "request" ? msg.uri : "");
    expect(uri.ok && [uri.value.user, uri.value.password]).toEqual(["1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"]);
    const to = parseNameAddr(msg.headers.get("To")!);
    expect(to.ok && to.value.displayName).toBe("BEL:\x07 NUL:\x00 DEL:\x7f");
    expect(msg.headers.get("extensionHeader-!.%*+_`'~")).toBe("\ufeff大停電");
  });

  it("§3.1.1.3-5: escapes decode in URIs only, not in methods or display names", () => {
    const esc01 = accept("esc01");
    expect(esc01.type === "request" && parseUri(esc01.uri)).toMatchObject({ ok: true, value: { user: "sips:user@example.com" } });
    expect(parseNameAddr(esc01.headers.get("Contact")!)).toMatchObject({ ok: true, value: { uri: { user: "caller", params: { lr: null, name: "value%41" } } } });
    expect(parseNameAddr(accept("escnull").headers.list("Contact")[1]!)).toMatchObject({ ok: true, value: { uri: { user: "\0\0" } } });
    const esc02 = accept("esc02");
    expect(esc02.type === "request" && esc02.method).toBe("RE%47IST%45R");
    expect(parseNameAddr(esc02.headers.get("To")!)).toMatchObject({ ok: true, value: { displayName: "%Z%45" } });
    expect(esc02.headers.getAll("Contact")).toHaveLength(2); // "C%6Fntact" is another header
  });

  it("§3.1.1.8 dblreq: only the first request of the datagram, as framed by Content-Length", () => {
    const msg = accept("dblreq");
    expect(msg.type === "request" && msg.method).toBe("REGISTER");
    expect(msg.body.length).toBe(0);
  });

  it("§3.1.1.9 semiuri: the Request-URI user part holds a semicolon", () => {
    const msg = accept("semiuri");
    expect(msg.type === "request" && parseUri(msg.uri)).toMatchObject({ ok: true, value: { user: "user;par=u@example.net", params: {} } });
  });

  it("§3.1.1.11-13: binary multipart body kept exactly; UTF-8 and empty reason phrases", () => {
    const raw = load("mpart01");
    expect(accept("mpart01").body.equals(raw.subarray(raw.length - 553))).toBe(true);
    const unreason = accept("unreason");
    expect(unreason.type === "response" && unreason.reason).toBe("= 2**3 * 5**2 но сто девяносто девять - простое");
    const noreason = accept("noreason");
    expect(noreason.type === "response" && [noreason.status, noreason.reason]).toEqual([100, ""]);
  });
});

describe("RFC 4475 §3.1.2: invalid messages fail with a reason", () => {
  // Requests that the RFC says an element answers with 400: the fields for it are offered.
  it.each([
    ["badinv01", "Bad Via"],
    ["clerr", "Content-Length larger than message"],
    ["ncl", "Bad Content-Length"],
    ["scalar02", "Bad CSeq"],
    ["quotbal", "Bad To"],
    ["ltgtruri", "Bad Request-URI"],
    ["lwsruri", "Bad request line"],
    ["lwsstart", "Bad request line"],
    ["trws", "Bad request line"],
    ["escruri", "Bad Request-URI"],
    ["baddate", "Bad Date"],
    ["regbadct", "Bad Contact"],
    ["badaspec", "Bad To"],
    ["baddn", "Bad From"],
    ["mismatch01", "CSeq method mismatch"],
    ["mismatch02", "CSeq method mismatch"],
  ])("%s → 400 %s", (name, reason) => {
    const error = reject(name);
    expect(error.reason).toBe(reason);
    expect(error.status).toBeUndefined();
    expect(error.answerable?.headers.has("Via")).toBe(true);
    expect(error.answerable?.headers.has("CSeq")).toBe(true);
  });

  it("badvers: unknown SIP version → 505", () => {
    const error = reject("badvers");
    expect([error.reason, error.status, error.answerable?.method]).toEqual(["Unknown SIP version", 505, "OPTIONS"]);
  });

  it("responses scalarlg and bigcode are dropped: nothing to answer", () => {
    expect(reject("scalarlg")).toMatchObject({ reason: "Bad CSeq", answerable: undefined });
    expect(reject("bigcode")).toMatchObject({ reason: "Bad status code", answerable: undefined });
  });
});

describe("RFC 4475 §3.2-3.4: transaction and application semantics", () => {
  it("§3.2.1 badbranch parses; the transaction layer matches it the RFC 2543 way (no magic cookie)", () => {
    expect(topVia(accept("badbranch"))?.params["branch"]).toBe("z9hG4bK");
  });

  it("§3.3.1 insuf: missing From/To/Call-ID → 400 routed by Via, with what was recovered", () => {
    const error = reject("insuf");
    expect(error.reason).toBe("Missing From");
    expect(error.answerable?.headers.all().map((f) => f.name)).toEqual(["CSeq", "Via"]);
  });

  it("§3.3.2-3 unkscm, novelsc: well-formed; the UA answers 416 when parseUri reports the scheme", () => {
    for (const name of ["unkscm", "novelsc"]) {
      const msg = accept(name);
      expect(msg.type === "request" && parseUri(msg.uri)).toEqual({ ok: false, error: UNSUPPORTED_SCHEME });
    }
  });

  it("§3.3.4 unksm2: unknown schemes in To/From/Contact are accepted; only the structured view refuses them", () => {
    const msg = accept("unksm2");
    expect(parseNameAddr(msg.headers.get("To")!)).toEqual({ ok: false, error: UNSUPPORTED_SCHEME });
  });

  it("§3.3.5-7, §3.3.15 bext01, invut, regaut01, sdp01: well-formed; the UA answers 420, 415, 401/405, 406 from the raw fields", () => {
    expect(splitCommas(accept("bext01").headers.get("Require")!)).toEqual(["nothingSupportsThis", "nothingSupportsThisEither"]);
    expect(accept("invut").headers.get("Content-Type")).toBe("application/unknownformat");
    expect(accept("regaut01").headers.get("Authorization")).toBe("NoOneKnowsThisScheme opaque-data=here");
    expect(accept("sdp01").headers.get("Accept")).toBe("text/nobodyKnowsThis");
  });

  it("§3.3.8-9 multi01, mcl01: repeated single-value fields → 400", () => {
    expect(reject("multi01")).toMatchObject({ reason: "Multiple CSeq" });
    expect(reject("mcl01")).toMatchObject({ reason: "Multiple Content-Length" });
    expect(reject("mcl01").answerable?.method).toBe("OPTIONS");
  });

  it("§3.3.10 bcast parses; the transport drops a response whose second Via is a broadcast address", () => {
    const vias = accept("bcast").headers.getAll("Via").map((v) => parseVia(v));
    expect(vias.map((v) => v.ok && v.value[0]!.host)).toEqual(["192.0.2.198", "255.255.255.255"]);
  });

  it("§3.3.11 zeromf parses with Max-Forwards 0 (a UA still answers OPTIONS; only a proxy sends 483)", () => {
    expect(accept("zeromf").headers.get("Max-Forwards")).toBe("0");
  });

  it("§3.3.12-14 cparam01/02, regescrt: header parameter vs URI parameter vs URI header in Contact", () => {
    expect(parseNameAddr(accept("cparam01").headers.get("Contact")!)).toMatchObject({ ok: true, value: { params: { unknownparam: null }, uri: { params: {} } } });
    expect(parseNameAddr(accept("cparam02").headers.get("Contact")!)).toMatchObject({ ok: true, value: { params: {}, uri: { params: { unknownparam: null } } } });
    expect(parseNameAddr(accept("regescrt").headers.get("Contact")!)).toMatchObject({ ok: true, value: { uri: { headers: { Route: "<sip:sip.example.com>" } } } });
  });

  it("§3.4.1 inv2543: RFC 2543 request without Max-Forwards, branch or Content-Length", () => {
    const msg = accept("inv2543");
    views(msg);
    expect(msg.body.toString()).toContain("m=audio 49217 RTP/AVP 0");
  });
});
