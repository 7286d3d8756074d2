/**
 * The RFC 3711 Appendix B test vectors, byte for byte: B.2, the AES-CM
 * keystream from an IV built as §4.1.1 says (first and last three of 65,282
 * blocks), and B.3, key derivation with kdr 0 (cipher key, cipher salt and the
 * 94-octet auth keystream, of which HMAC-SHA1 uses 20). Packet-level checks
 * are in srtp-libsrtp.test.ts and srtp-context.test.ts.
 */
import { createSecretKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { aesCmKeystream, counterIv } from "../../../../src/media/srtp/aes-cm.js";
import { deriveKeys, deriveSessionKey, Label } from "../../../../src/media/srtp/key-derivation.js";
import { SRTP_SUITES } from "../../../../src/media/srtp/suite.js";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex").toUpperCase();

describe("RFC 3711 B.2: AES-CM keystream", () => {
  const sessionKey = createSecretKey(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
  const sessionSalt = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");

  it("the IV for SSRC 0, index 0 is the salt shifted by 16 bits", () => {
    expect(toHex(counterIv(sessionSalt, 0, 0))).toBe("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
  });

  it("the keystream segment of 1,044,512 octets begins and ends as listed", () => {
    const keystream = aesCmKeystream(sessionKey, counterIv(sessionSalt, 0, 0), 1_044_512);
    expect(toHex(keystream.subarray(0, 48))).toBe(
      "E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0",
    );
    expect(toHex(keystream.subarray(keystream.length - 48))).toBe(
      "EC8CDF7398607CB0F2D21675EA9EA1E4" + "362B7C3C6773516318A077D7FC5073AE" + "6A2CC3787889374FBEB4C81B17BA6C44",
    );
  });

  it("the IV folds SSRC into octets 4–7 and the 48-bit index into octets 8–13", () => {
    expect(toHex(counterIv(sessionSalt, 0xdeadbeef, 0x1234_5678_9abc))).toBe("F0F1F2F32A584818EACDAC8366410000");
  });
});

describe("RFC 3711 B.3: key derivation, kdr 0", () => {
  const masterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
  const masterSalt = hex("0EC675AD498AFEEBB6960B3AABE6");

  it("cipher key, cipher salt and auth key are the RFC's", () => {
    expect(toHex(deriveSessionKey(masterKey, masterSalt, Label.rtpEncryption, 16))).toBe("C61E7A93744F39EE10734AFE3FF7A087");
    expect(toHex(deriveSessionKey(masterKey, masterSalt, Label.rtpSalt, 14))).toBe("30CBBC08863D8C85D49DB34A9AE1");
    expect(toHex(deriveSessionKey(masterKey, masterSalt, Label.rtpAuthentication, 94))).toBe(
      "CEBE321F6FF7716B6FD4AB49AF256A15" + "6D38BAA48F0A0ACF3C34E2359E6CDBCE" + "E049646C43D9327AD175578EF7227098" +
        "6371C10C9A369AC2F94A8C5FBCDDDC25" + "6D6E919A48B610EF17C2041E47403576" + "6B68642C59BBFC2F34DB60DBDFB2",
    );
  });

  it("deriveKeys gives HMAC-SHA1 the first 20 octets, and SRTCP keys differ from SRTP's (labels 3–5)", () => {
    const keys = deriveKeys(SRTP_SUITES[0]!, masterKey, masterSalt);
    expect(toHex(keys.rtp.encryption.export())).toBe("C61E7A93744F39EE10734AFE3FF7A087");
    expect(toHex(keys.rtp.authentication.export())).toBe("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
    expect(toHex(keys.rtp.salt)).toBe("30CBBC08863D8C85D49DB34A9AE1");
    expect(keys.rtcp.authentication.export()).toHaveLength(20);
    expect(toHex(keys.rtcp.encryption.export())).not.toBe(toHex(keys.rtp.encryption.export()));
    expect(toHex(keys.rtcp.salt)).not.toBe(toHex(keys.rtp.salt));
  });

  it("refuses a master key or salt of the wrong length (a bug, so it throws)", () => {
    expect(() => deriveKeys(SRTP_SUITES[0]!, masterKey.subarray(0, 15), masterSalt)).toThrow(RangeError);
  });
});
