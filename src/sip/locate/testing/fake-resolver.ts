/**
 * A scripted DnsResolver that keeps the boundary's contract: answers resolve
 * with copies of the scripted records; a name with no records at all rejects
 * with ENOTFOUND, a name that has records of other types only with ENODATA
 * (as a real server's NXDOMAIN / NODATA); scripted failures reject with the
 * given code (ETIMEOUT, ESERVFAIL, ...). Every query is recorded in order.
 */
import type { DnsResolver, NaptrRecord, SrvRecord } from "../resolver.js";

export type RecordType = "NAPTR" | "SRV" | "A" | "AAAA";

interface Answers {
  NAPTR: NaptrRecord[];
  SRV: SrvRecord[];
  A: string[];
  AAAA: string[];
}

/** An Error shaped like node:dns's: `code`, `syscall`, `hostname`. */
export class DnsError extends Error {
  constructor(readonly code: string, readonly syscall: string, readonly hostname: string) {
    super(`${syscall} ${code} ${hostname}`);
    this.name = "DnsError";
  }
}

const SYSCALL: Record<RecordType, string> = { NAPTR: "queryNaptr", SRV: "querySrv", A: "queryA", AAAA: "queryAaaa" };

export class FakeDnsResolver implements DnsResolver {
  /** Queries asked, in order, as "TYPE name". */
  readonly queries: string[] = [];
  private readonly zone = new Map<string, Partial<Answers>>();
  private readonly failures = new Map<string, string>();

  naptr(name: string, ...records: NaptrRecord[]): this {
    return this.add(name, "NAPTR", records);
  }

  srv(name: string, ...records: SrvRecord[]): this {
    return this.add(name, "SRV", records);
  }

  a(name: string, ...addresses: string[]): this {
    return this.add(name, "A", addresses);
  }

  aaaa(name: string, ...addresses: string[]): this {
    return this.add(name, "AAAA", addresses);
  }

  /** Makes every query of `type` for `name` reject with `code` (e.g. "ETIMEOUT"). */
  fail(type: RecordType, name: string, code: string): this {
    this.failures.set(`${type} ${name.toLowerCase()}`, code);
    return this;
  }

  resolveNaptr(name: string): Promise<NaptrRecord[]> {
    return this.answer(name, "NAPTR");
  }

  resolveSrv(name: string): Promise<SrvRecord[]> {
    return this.answer(name, "SRV");
  }

  resolve4(name: string): Promise<string[]> {
    return this.answer(name, "A");
  }

  resolve6(name: string): Promise<string[]> {
    return this.answer(name, "AAAA");
  }

  private add<T extends RecordType>(name: string, type: T, records: Answers[T]): this {
    const key = name.toLowerCase();
    const entry = this.zone.get(key) ?? {};
    entry[type] = [...(entry[type] ?? []), ...records] as Answers[T];
    this.zone.set(key, entry);
    return this;
  }

  private async answer<T extends RecordType>(name: string, type: T): Promise<Answers[T]> {
    const key = name.toLowerCase();
    this.queries.push(`${type} ${key}`);
    const failure = this.failures.get(`${type} ${key}`);
    if (failure) throw new DnsError(failure, SYSCALL[type], name);
    const entry = this.zone.get(key);
    if (!entry) throw new DnsError("ENOTFOUND", SYSCALL[type], name);
    const records = entry[type];
    if (!records || records.length === 0) throw new DnsError("ENODATA", SYSCALL[type], name);
    return records.map((r) => (typeof r === "string" ? r : { ...r })) as Answers[T];
  }
}
