/**
 * A minimal authoritative DNS responder over UDP on 127.0.0.1 (RFC 1035 §4 wire
 * format), for testing the real resolver. It answers standard queries with one
 * question for A, AAAA (RFC 3596), SRV (RFC 2782) and NAPTR (RFC 3403) from an
 * in-memory zone: NXDOMAIN for unknown names, NOERROR with no answers for a known
 * name without records of the type, NOTIMP for anything else; names listed in
 * `silent` get no reply at all (to provoke resolver timeouts). Answers use an
 * uncompressed name and TTL 60; no EDNS, no TCP, no truncation (answers stay small).
 */
import { createSocket, type Socket } from "node:dgram";
import type { NaptrRecord, SrvRecord } from "../../../../src/sip/locate/resolver.js";

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  SRV?: SrvRecord[];
  NAPTR?: NaptrRecord[];
}

export interface Zone {
  names: Record<string, ZoneEntry>;
  /** Names whose queries are never answered. */
  silent?: string[];
}

const TYPE = { A: 1, AAAA: 28, SRV: 33, NAPTR: 35 } as const;
type TypeName = keyof typeof TYPE;
const TYPE_NAME = new Map<number, TypeName>(Object.entries(TYPE).map(([name, code]) => [code, name as TypeName]));

export class TinyDnsServer {
  /** Queries received, as "TYPE name". */
  readonly queries: string[] = [];

  private constructor(private readonly socket: Socket, private readonly zone: Zone) {
    socket.on("message", (msg, remote) => {
      const reply = this.answer(msg);
      if (reply) socket.send(reply, remote.port, remote.address);
    });
  }

  static start(zone: Zone): Promise<TinyDnsServer> {
    const socket = createSocket("udp4");
    return new Promise((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, "127.0.0.1", () => resolve(new TinyDnsServer(socket, zone)));
    });
  }

  /** "127.0.0.1:port", as Resolver.setServers() takes it. */
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(query: Buffer): Buffer | undefined {
    if (query.length < 12 || (query[2]! & 0x80) !== 0 || query.readUInt16BE(4) !== 1) return undefined;
    const question = readQuestion(query, 12);
    if (!question) return undefined;
    const type = TYPE_NAME.get(question.type);
    this.queries.push(`${type ?? question.type} ${question.name}`);
    if (this.zone.silent?.includes(question.name)) return undefined;
    const entry = this.zone.names[question.name];
    const opcode = (query[2]! >> 3) & 0x0f;
    let rcode = 0;
    let answers: Buffer[] = [];
    if (opcode !== 0 || question.class !== 1 || !type) rcode = 4; // NOTIMP
    else if (!entry) rcode = 3; // NXDOMAIN
    else answers = rdataFor(entry, type).map((rdata) => record(question.name, TYPE[type], rdata));
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0); // same ID
    // QR, the query's opcode, AA, the query's RD, RA, rcode.
    header.writeUInt16BE(0x8000 | (opcode << 11) | 0x0400 | (query[2]! & 0x01) << 8 | 0x0080 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    return Buffer.concat([header, query.subarray(12, question.end), ...answers]);
  }
}

function rdataFor(entry: ZoneEntry, type: TypeName): Buffer[] {
  switch (type) {
    case "A":
      return (entry.A ?? []).map((a) => Buffer.from(a.split(".").map(Number)));
    case "AAAA":
      return (entry.AAAA ?? []).map(ipv6Bytes);
    case "SRV":
      return (entry.SRV ?? []).map((s) => Buffer.concat([u16(s.priority), u16(s.weight), u16(s.port), encodeName(s.name)]));
    case "NAPTR":
      return (entry.NAPTR ?? []).map((n) => Buffer.concat([
        u16(n.order), u16(n.preference), characterString(n.flags), characterString(n.service),
        characterString(n.regexp), encodeName(n.replacement),
      ]));
  }
}

/** Reads QNAME (no compression in questions), QTYPE, QCLASS; undefined when malformed. */
function readQuestion(msg: Buffer, start: number): { name: string; type: number; class: number; end: number } | undefined {
  const labels: string[] = [];
  let at = start;
  for (;;) {
    const length = msg[at];
    if (length === undefined || length > 63) return undefined;
    at++;
    if (length === 0) break;
    if (at + length > msg.length) return undefined;
    labels.push(msg.toString("latin1", at, at + length).toLowerCase());
    at += length;
  }
  if (at + 4 > msg.length) return undefined;
  return { name: labels.join("."), type: msg.readUInt16BE(at), class: msg.readUInt16BE(at + 2), end: at + 4 };
}

function record(name: string, type: number, rdata: Buffer): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2); // class IN
  fixed.writeUInt32BE(60, 4); // TTL
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), fixed, rdata]);
}

function encodeName(name: string): Buffer {
  const labels = name.split(".").filter((l) => l !== "");
  return Buffer.concat([...labels.map((l) => characterString(l)), Buffer.from([0])]);
}

/** A length-prefixed string (RFC 1035 §3.3 <character-string>, also a label). */
function characterString(text: string): Buffer {
  const bytes = Buffer.from(text, "latin1");
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value, 0);
  return b;
}

/** 16 bytes of an IPv6 address written with hex groups and at most one "::". */
function ipv6Bytes(address: string): Buffer {
  const [head = "", tail] = address.split("::");
  const groups = (part: string): number[] => (part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return Buffer.concat(all.map(u16));
}
