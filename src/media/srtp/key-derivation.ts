/**
 * SRTP key derivation (RFC 3711 §4.3) with key derivation rate 0, the only
 * rate SDES offers us in practice: the session keys are derived once from the
 * master key and salt, with AES-CM as the PRF (§4.3.3).
 */
import { createSecretKey, type KeyObject } from "node:crypto";
import { aesCmKeystream } from "./aes-cm.js";
import type { SrtpSuite } from "./suite.js";

/** RFC 3711 §4.3.1 / §4.3.2: the labels that separate the six session keys. */
export const Label = {
  rtpEncryption: 0x00,
  rtpAuthentication: 0x01,
  rtpSalt: 0x02,
  rtcpEncryption: 0x03,
  rtcpAuthentication: 0x04,
  rtcpSalt: 0x05,
} as const;

/** One session key of `length` octets: x = (label · 2^48) XOR master salt, key = AES-CM(master key, x · 2^16). */
export function deriveSessionKey(masterKey: Uint8Array, masterSalt: Uint8Array, label: number, length: number): Uint8Array {
  const iv = new Uint8Array(16);
  iv.set(masterSalt.subarray(0, 14));
  // With kdr = 0, r = index DIV kdr is 0 (§4.3.1), so only the label byte, 7 octets from the right of x, changes.
  iv[7]! ^= label;
  return aesCmKeystream(createSecretKey(masterKey), iv, length);
}

/** The three session keys for one of SRTP and SRTCP. */
export interface SessionKeys {
  readonly encryption: KeyObject;
  readonly authentication: KeyObject;
  readonly salt: Uint8Array;
}

export interface DerivedKeys {
  readonly rtp: SessionKeys;
  readonly rtcp: SessionKeys;
}

export function deriveKeys(suite: SrtpSuite, masterKey: Uint8Array, masterSalt: Uint8Array): DerivedKeys {
  if (masterKey.length !== suite.keyLength || masterSalt.length !== suite.saltLength) {
    throw new RangeError(`${suite.name} needs a ${suite.keyLength}-octet key and ${suite.saltLength}-octet salt`);
  }
  const keys = (encryption: number, authentication: number, salt: number): SessionKeys => ({
    encryption: createSecretKey(deriveSessionKey(masterKey, masterSalt, encryption, suite.keyLength)),
    authentication: createSecretKey(deriveSessionKey(masterKey, masterSalt, authentication, suite.authKeyLength)),
    salt: deriveSessionKey(masterKey, masterSalt, salt, suite.saltLength),
  });
  return {
    rtp: keys(Label.rtpEncryption, Label.rtpAuthentication, Label.rtpSalt),
    rtcp: keys(Label.rtcpEncryption, Label.rtcpAuthentication, Label.rtcpSalt),
  };
}
