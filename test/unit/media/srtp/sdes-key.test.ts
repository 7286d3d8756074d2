/**
 * SDES key lines (RFC 4568 §6.1, §9.1): parse and format round trips with
 * lifetimes and MKIs, fresh keys from the random source, and hostile lines
 * (bad base64, wrong key length, unknown suite, bad lifetime, bad MKI, several
 * keys, session parameters we do not honour), each refused with its reason.
 * Choosing among lines and the policy are in sdes-negotiator.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { CryptoAttribute } from "../../../../src/media/sdp/index.js";
import { formatSdesKey, generateSdesKey, parseSdesKey, srtpSuite, type SdesKey } from "../../../../src/media/srtp/index.js";
import { mkiBytes } from "../../../../src/media/srtp/sdes-key.js";

const KEY40 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
const line = (keyParams: string, extra: Partial<CryptoAttribute> = {}): CryptoAttribute => ({ tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyParams, ...extra });

function parsed(attribute: CryptoAttribute): SdesKey {
  const result = parseSdesKey(attribute);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function refusal(attribute: CryptoAttribute): string {
  const result = parseSdesKey(attribute);
  if (result.ok) throw new Error(`expected a refusal for ${attribute.keyParams}`);
  return result.error;
}

describe("parseSdesKey / formatSdesKey", () => {
  it("RFC 4568's example line: key, salt, lifetime 2^20 and MKI 1 of 4 octets, written back as read", () => {
    const attribute = line(`inline:${KEY40}|2^20|1:4`);
    const key = parsed(attribute);
    const raw = Buffer.from(KEY40, "base64");
    expect(Buffer.from(key.masterKey).equals(raw.subarray(0, 16))).toBe(true);
    expect(Buffer.from(key.masterSalt).equals(raw.subarray(16))).toBe(true);
    expect(key.lifetime).toBe(2 ** 20);
    expect(key.mki).toEqual({ value: 1n, length: 4 });
    expect(Buffer.from(mkiBytes(key.mki!)).toString("hex")).toBe("00000001");
    expect(formatSdesKey(key)).toEqual(attribute);
  });

  it("lifetime alone, decimal lifetime, MKI alone, the _32 suite and a large tag all round-trip", () => {
    for (const attribute of [
      line(`inline:${KEY40}|2^31`),
      line(`inline:${KEY40}|1000000`),
      line(`inline:${KEY40}|258:2`, { suite: "AES_CM_128_HMAC_SHA1_32", tag: 999_999_999 }),
      line(`inline:${KEY40}`, { sessionParams: "KDR=0 WSH=128" }),
    ]) {
      const { sessionParams: _ignored, ...written } = attribute;
      expect(formatSdesKey(parsed(attribute))).toEqual(written);
    }
    expect(Buffer.from(mkiBytes(parsed(line(`inline:${KEY40}|258:2`)).mki!)).toString("hex")).toBe("0102");
  });

  it("a fresh key takes its 30 octets from the random source and parses back to itself", () => {
    const suite = srtpSuite("AES_CM_128_HMAC_SHA1_32")!;
    const key = generateSdesKey(7, suite, (n) => Uint8Array.from({ length: n }, (_, i) => i));
    expect(key.masterKey).toEqual(Uint8Array.from({ length: 16 }, (_, i) => i));
    expect(key.masterSalt).toEqual(Uint8Array.from({ length: 14 }, (_, i) => 16 + i));
    expect(parsed(formatSdesKey(key))).toEqual(key);
    expect(generateSdesKey(1, suite).masterKey).not.toEqual(generateSdesKey(1, suite).masterKey);
  });
});

describe("hostile a=crypto lines are refused with a reason", () => {
  const cases: [string, CryptoAttribute, RegExp][] = [
    ["unknown suite", line(`inline:${KEY40}`, { suite: "AES_256_CM_HMAC_SHA1_80" }), /unknown crypto suite AES_256_CM_HMAC_SHA1_80/],
    ["F8 suite", line(`inline:${KEY40}`, { suite: "F8_128_HMAC_SHA1_80" }), /unknown crypto suite/],
    ["tag not a number", line(`inline:${KEY40}`, { tag: NaN }), /bad crypto tag/],
    ["not inline", line(`uri:https://keys.example/1`), /not inline:/],
    ["bad base64 characters", line(`inline:${KEY40.slice(0, 36)}!@#$`), /not base64/],
    ["base64 of the wrong length", line(`inline:${KEY40.slice(0, 38)}`), /not base64/],
    ["key and salt too short", line(`inline:${KEY40.slice(0, 36)}`), /needs 30 octets of key and salt, got 27/],
    ["key and salt too long", line(`inline:${KEY40}AAAA`), /needs 30 octets of key and salt, got 33/],
    ["empty key", line("inline:"), /not base64/],
    ["lifetime zero", line(`inline:${KEY40}|0`), /outside 1 … 2\^48/],
    ["lifetime above 2^48", line(`inline:${KEY40}|2^49`), /outside 1 … 2\^48/],
    ["lifetime not a number", line(`inline:${KEY40}|forever`), /bad key lifetime/],
    ["two lifetimes", line(`inline:${KEY40}|2^20|2^20`), /unexpected key parameter/],
    ["MKI before lifetime", line(`inline:${KEY40}|1:4|2^20`), /unexpected key parameter/],
    ["MKI length 0", line(`inline:${KEY40}|1:0`), /MKI length 0/],
    ["MKI longer than 128 octets", line(`inline:${KEY40}|1:129`), /MKI length 129/],
    ["MKI value too large for its length", line(`inline:${KEY40}|256:1`), /does not fit in 1 octets/],
    ["MKI not decimal", line(`inline:${KEY40}|x:4`), /bad MKI/],
    ["several keys", line(`inline:${KEY40}|2^20|1:4;inline:${KEY40}|2^20|2:4`), /several keys/],
    ["unencrypted SRTP asked for", line(`inline:${KEY40}`, { sessionParams: "UNENCRYPTED_SRTP" }), /UNENCRYPTED_SRTP is not supported/],
    ["a key derivation rate", line(`inline:${KEY40}`, { sessionParams: "KDR=1" }), /KDR=1 is not supported/],
    ["an unknown parameter after a known one", line(`inline:${KEY40}`, { sessionParams: "WSH=64 FEC_ORDER=FEC_SRTP" }), /FEC_ORDER/],
  ];
  for (const [what, attribute, reason] of cases) {
    it(what, () => expect(refusal(attribute)).toMatch(reason));
  }
});
