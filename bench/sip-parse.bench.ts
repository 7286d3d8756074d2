/**
 * SIP parse + serialize throughput: ours against the `sip` and `sip.js` packages.
 * Per message: parse the bytes, read what a UA reads (top Via branch, CSeq number
 * and method, Call-ID, From tag, To tag), then produce bytes to send.
 * Corpus: an INVITE with SDP, a 200 OK with SDP, a 401 REGISTER challenge.
 * Run: npm run bench -- sip-parse
 */
import { createRequire } from "node:module";
import { Parser, LoggerFactory } from "sip.js/lib/core/index.js";
import { parseCSeq, parseMessage, serializeMessage, splitNameAddr, topVia } from "../src/sip/message/index.js";
import { CHALLENGE_401, INVITE, OK_200 } from "../test/unit/sip/message/samples.js";

interface SipPackage {
  parse(data: Buffer): SipPackageMessage | undefined;
  stringify(message: SipPackageMessage): string;
}
interface SipPackageMessage {
  headers: {
    via: Array<{ params: Record<string, string> }>;
    cseq: { seq: number; method: string };
    "call-id": string;
    from: { params: Record<string, string> };
    to: { params: Record<string, string> };
  };
}
const sipPackage = createRequire(import.meta.url)("sip") as SipPackage;
const sipJsLogger = new LoggerFactory().getLogger("bench");
sipJsLogger.level = 0;

/** What a UA reads from each message; joined into a string so the work cannot be skipped. */
type Reader = (data: Buffer) => { read: string; out: Buffer };

const readers: Record<string, Reader> = {
  dialtone(data) {
    const parsed = parseMessage(data);
    if (!parsed.ok) throw new Error(parsed.error.reason);
    const m = parsed.value;
    const cseq = parseCSeq(m.headers.get("CSeq")!);
    const from = splitNameAddr(m.headers.get("From")!);
    const to = splitNameAddr(m.headers.get("To")!);
    if (!cseq.ok || !from.ok || !to.ok) throw new Error("structured view failed");
    const read = [topVia(m)?.params["branch"], cseq.value.seq, cseq.value.method, m.headers.get("Call-ID"), from.value.params["tag"], to.value.params["tag"]].join("|");
    return { read, out: serializeMessage(m) };
  },
  sip(data) {
    const m = sipPackage.parse(data);
    if (!m) throw new Error("sip: parse failed");
    const h = m.headers;
    const read = [h.via[0]!.params["branch"], h.cseq.seq, h.cseq.method, h["call-id"], h.from.params["tag"], h.to.params["tag"]].join("|");
    return { read, out: Buffer.from(sipPackage.stringify(m), "binary") };
  },
  "SIP.js"(data) {
    const m = Parser.parseMessage(data.toString("utf8"), sipJsLogger);
    if (!m) throw new Error("SIP.js: parse failed");
    const method = m.headers["CSeq"] ? m.method : "";
    const read = [m.viaBranch, m.cseq, method, m.callId, m.fromTag, m.toTag].join("|");
    return { read, out: Buffer.from(m.toString(), "utf8") };
  },
};

const corpus: Record<string, Buffer> = { "INVITE+SDP": Buffer.from(INVITE), "200 OK+SDP": Buffer.from(OK_200), "401 REGISTER": Buffer.from(CHALLENGE_401) };
const WARMUP_MS = 500;
/** 2 s per parser per message, in 4 interleaved rounds so machine load hits all parsers alike. */
const ROUNDS = 4;
const ROUND_MS = 500;

/** Runs `reader` for about `ms`; returns [messages, elapsed ms]. */
function run(reader: Reader, data: Buffer, ms: number): [number, number] {
  let count = 0;
  let sink = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 50; i++) {
      const r = reader(data);
      sink += r.read.length + r.out.length;
    }
    count += 50;
    now = performance.now();
  }
  if (sink === 0) throw new Error("nothing measured");
  return [count, now - start];
}

const results: Record<string, Record<string, number>> = {};
for (const [label, data] of Object.entries(corpus)) {
  const expected = readers["dialtone"]!(data).read;
  const totals: Record<string, [number, number]> = {};
  for (const [name, reader] of Object.entries(readers)) {
    const read = reader(data).read;
    if (read !== expected) console.log(`  note: ${name} reads "${read}" where dialtone reads "${expected}"`);
    run(reader, data, WARMUP_MS);
    totals[name] = [0, 0];
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, reader] of Object.entries(readers)) {
      const [count, ms] = run(reader, data, ROUND_MS);
      totals[name]![0] += count;
      totals[name]![1] += ms;
    }
  }
  results[label] = Object.fromEntries(Object.entries(totals).map(([name, [count, ms]]) => [name, (count * 1000) / ms]));
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US").padStart(10);
console.log("messages/second: parse + read (branch, CSeq, Call-ID, tags) + bytes to send");
console.log(`${"message".padEnd(14)}${"dialtone".padStart(10)}${"sip".padStart(10)}${"SIP.js".padStart(10)}   ours/sip  ours/SIP.js`);
for (const [label, r] of Object.entries(results)) {
  const ours = r["dialtone"]!;
  console.log(`${label.padEnd(14)}${fmt(ours)}${fmt(r["sip"]!)}${fmt(r["SIP.js"]!)}   ${(ours / r["sip"]!).toFixed(2).padStart(7)}x  ${(ours / r["SIP.js"]!).toFixed(2).padStart(9)}x`);
}
console.log("dialtone: parseMessage + topVia/parseCSeq/splitNameAddr + serializeMessage (re-serialized from fields).");
console.log("sip:      sip.parse (parses every known header) + sip.stringify (re-serialized), as its transport does.");
console.log("SIP.js:   Parser.parseMessage (parses Via/From/To/Call-ID/CSeq up front); toString() returns the");
console.log("          received text unchanged, so its 'serialize' is a copy, not a re-serialization.");
