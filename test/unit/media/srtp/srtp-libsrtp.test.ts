/**
 * SRTP and SRTCP cross-checked against an independent implementation:
 * libsrtp2, driven through test/support/srtp/srtp-tool.c (compiled here with
 * cc). For both suites, RTP packets (PCMU frames, odd lengths, CSRCs and a
 * header extension, two SSRCs, sequence numbers running past 65535 so the ROC
 * rolls over) and compound RTCP packets are protected by both and compared
 * byte for byte, then each side unprotects the other's output; also with an
 * MKI. Needs `cc` and libsrtp2-dev; without them the test fails with the
 * install command. Replay and tampering are in srtp-context.test.ts.
 */
import { execFileSync } from "node:child_process";
import { compileReference } from "../../../support/compile-reference.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeRtcp, serializeRtp, type RtcpPacket, type RtpPacket } from "../../../../src/media/rtp/index.js";
import { SrtpContext, srtpSuite, type SrtpSuiteName } from "../../../../src/media/srtp/index.js";

const INSTALL = "apt-get install -y gcc libsrtp2-dev (or scripts/install-test-deps.sh)";
const SOURCE = fileURLToPath(new URL("../../../support/srtp/srtp-tool.c", import.meta.url));

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));
const MASTER = bytes("e1f97a0d3e018be0d64fa32c06de41390ec675ad498afeebb6960b3aabe6");

function rtp(seq: number, ssrc: number, payloadLength: number, extra: Partial<RtpPacket> = {}): Uint8Array {
  const payload = Uint8Array.from({ length: payloadLength }, (_, i) => (seq * 7 + i) & 0xff);
  return new Uint8Array(serializeRtp({
    marker: false, payloadType: 0, sequenceNumber: seq & 0xffff, timestamp: (seq * 160) >>> 0, ssrc, csrcs: [],
    extension: undefined, payload, paddingLength: 0, ...extra,
  }));
}

/** 40 packets from SSRC A across the wrap 65535 → 0, with SSRC B and odd shapes in between. */
function rtpStream(): Uint8Array[] {
  const packets: Uint8Array[] = [];
  for (let n = 0; n < 40; n++) {
    const seq = 65_520 + n;
    packets.push(rtp(seq, 0xcafebabe, n % 5 === 0 ? 1 + n : 160, n === 0 ? { marker: true } : {}));
    if (n % 8 === 3) packets.push(rtp(1000 + n, 0x0badf00d, 80, { csrcs: [0x11111111, 0x22222222], extension: { profile: 0xbede, data: bytes("10ff000022aabbcc") } }));
  }
  return packets;
}

function rtcpStream(): Uint8Array[] {
  const sr = (ssrc: number, n: number): RtcpPacket[] => [
    { type: "sr", ssrc, sender: { ntp: { seconds: 3_900_000_000 + n, fraction: 0x8000_0000 }, rtpTimestamp: n * 8000, packetCount: n * 50, octetCount: n * 8000 },
      reports: [{ ssrc: 0x12345678, fractionLost: n, cumulativeLost: 2 * n, highestSequence: 70_000 + n, jitter: 40, lastSr: 0xabcdef01, delaySinceLastSr: 655 }],
      extension: new Uint8Array(0) },
    { type: "sdes", chunks: [{ ssrc, items: [{ type: 1, data: new TextEncoder().encode(`line0-${n}@dialtone`) }] }] },
  ];
  return [0, 1, 2, 3, 4].map((n) => new Uint8Array(serializeRtcp(sr(n % 2 ? 0xcafebabe : 0x0badf00d, n))));
}

describe("SRTP against libsrtp2", () => {
  let dir: string;
  let tool: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dialtone-srtp-"));
    tool = join(dir, "srtp-tool");
    compileReference({ source: SOURCE, binary: tool, libraries: ["srtp2"], what: "the libsrtp2 reference", install: INSTALL });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs commands through libsrtp: one fresh sender and receiver per "key" line; one answer per line. */
  function libsrtp(commands: string[]): string[] {
    const out = execFileSync(tool, { input: commands.join("\n") + "\n", encoding: "utf8" }).trim().split("\n");
    expect(out).toHaveLength(commands.length);
    return out;
  }

  function context(suite: SrtpSuiteName, mki?: Uint8Array): SrtpContext {
    return new SrtpContext({ suite: srtpSuite(suite)!, masterKey: MASTER.subarray(0, 16), masterSalt: MASTER.subarray(16), ...(mki ? { mki } : {}) });
  }

  const cases: { suite: SrtpSuiteName; tag: number; mki?: Uint8Array }[] = [
    { suite: "AES_CM_128_HMAC_SHA1_80", tag: 80 },
    { suite: "AES_CM_128_HMAC_SHA1_32", tag: 32 },
    { suite: "AES_CM_128_HMAC_SHA1_80", tag: 80, mki: bytes("000000aa") },
  ];

  for (const { suite, tag, mki } of cases) {
    const name = `${suite}${mki ? " with a 4-octet MKI" : ""}`;
    const keyLine = `key ${tag} ${hex(MASTER)}${mki ? ` ${hex(mki)}` : ""}`;

    it(`${name}: RTP across the ROC rollover is byte-identical both ways`, () => {
      const plain = rtpStream();
      const ours = context(suite, mki);
      const protectedByUs = plain.map((p) => ours.protectRtp(p));
      const answers = libsrtp([keyLine, ...plain.map((p) => `rtp ${hex(p)}`), ...protectedByUs.map((p) => `unrtp ${hex(p)}`)]);
      expect(answers[0]).toBe("ok");
      const protectedByLibsrtp = answers.slice(1, 1 + plain.length);
      expect(protectedByLibsrtp).toEqual(protectedByUs.map(hex));
      expect(answers.slice(1 + plain.length)).toEqual(plain.map(hex));

      const receiver = context(suite, mki);
      expect(protectedByLibsrtp.map((p) => hex(receiver.unprotectRtp(bytes(p)) ?? new Uint8Array(0)))).toEqual(plain.map(hex));
      expect(receiver.stats).toEqual({ authenticationFailures: 0, replayed: 0, malformed: 0 });
      // The wrap really happened: the packet after 65535 is sequence 0 with ROC 1.
      expect(plain.some((p) => p[2] === 0 && p[3] === 0)).toBe(true);
    });

    it(`${name}: SRTCP (80-bit tag, E flag, 31-bit index) is byte-identical both ways`, () => {
      const plain = rtcpStream();
      const ours = context(suite, mki);
      // libsrtp numbers its first SRTCP packet 1; RFC 3711 §3.4 starts at 0. Spend index 0 on each SSRC to align.
      for (const ssrc of [0x0badf00d, 0xcafebabe]) ours.protectRtcp(new Uint8Array([0x80, 0xc9, 0, 1, ssrc >>> 24, (ssrc >> 16) & 0xff, (ssrc >> 8) & 0xff, ssrc & 0xff]));
      const protectedByUs = plain.map((p) => ours.protectRtcp(p));
      const answers = libsrtp([keyLine, ...plain.map((p) => `rtcp ${hex(p)}`), ...protectedByUs.map((p) => `unrtcp ${hex(p)}`)]);
      const protectedByLibsrtp = answers.slice(1, 1 + plain.length);
      expect(protectedByLibsrtp).toEqual(protectedByUs.map(hex));
      expect(answers.slice(1 + plain.length)).toEqual(plain.map(hex));
      const tail = bytes(protectedByLibsrtp[0]!).subarray(plain[0]!.length, plain[0]!.length + 4);
      expect(hex(tail)).toBe("80000001"); // E = 1, index 1

      const receiver = context(suite, mki);
      expect(protectedByLibsrtp.map((p) => hex(receiver.unprotectRtcp(bytes(p)) ?? new Uint8Array(0)))).toEqual(plain.map(hex));
    });
  }

  it("libsrtp refuses what we tampered with, and we refuse what it protected under another key", () => {
    const ours = context("AES_CM_128_HMAC_SHA1_80");
    const good = ours.protectRtp(rtp(7, 1, 160));
    const bad = good.slice();
    bad[20]! ^= 0x01;
    const answers = libsrtp([`key 80 ${hex(MASTER)}`, `unrtp ${hex(bad)}`, `unrtp ${hex(good)}`, `key 80 ${hex(MASTER.map((b) => b ^ 0xff))}`, `rtp ${hex(rtp(8, 1, 160))}`]);
    expect(answers[1]).toBe("error 7"); // srtp_err_status_auth_fail
    expect(answers[2]).toBe(hex(rtp(7, 1, 160)));
    const receiver = context("AES_CM_128_HMAC_SHA1_80");
    expect(receiver.unprotectRtp(bytes(answers[4]!))).toBeUndefined();
    expect(receiver.stats.authenticationFailures).toBe(1);
  });
});
