/**
 * NTP timestamps as RTCP carries them (RFC 3550 §4): seconds since 1900 and a
 * 32-bit binary fraction, the "middle 32 bits" echoed as LSR, and round-trip
 * time from LSR and DLSR (§6.4.1). Durations in RTCP are in 1/65536 seconds.
 */

export interface NtpTime {
  /** Seconds since 1 January 1900 UTC, modulo 2^32. */
  readonly seconds: number;
  /** Fraction of a second in units of 2^-32 s. */
  readonly fraction: number;
}

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
const UNITS_PER_SECOND = 65_536;

export function ntpFromUnixMs(unixMs: number): NtpTime {
  const wholeSeconds = Math.floor(unixMs / 1000);
  const fraction = Math.min(0xffff_ffff, Math.round(((unixMs - wholeSeconds * 1000) / 1000) * 0x1_0000_0000));
  return { seconds: (wholeSeconds + NTP_UNIX_OFFSET_S) >>> 0, fraction };
}

/** RFC 3550 §6.4.1: the middle 32 bits of the 64-bit NTP timestamp (LSR, and A in the RTT formula). */
export function ntpMiddle32(ntp: NtpTime): number {
  return (((ntp.seconds & 0xffff) << 16) | (ntp.fraction >>> 16)) >>> 0;
}

/** A duration in ms as RTCP's 1/65536-second units (DLSR), modulo 2^32. */
export function msToRtcpUnits(ms: number): number {
  return Math.round((Math.max(0, ms) * UNITS_PER_SECOND) / 1000) >>> 0;
}

export function rtcpUnitsToMs(units: number): number {
  return (units * 1000) / UNITS_PER_SECOND;
}

/**
 * RFC 3550 §6.4.1: RTT = A − LSR − DLSR, where A is the arrival time of the
 * report block (middle 32 NTP bits). Undefined when the peer has not yet
 * received a sender report from us (LSR = 0) or the clocks give a negative value.
 */
export function roundTripMs(arrival: NtpTime, lastSr: number, delaySinceLastSr: number): number | undefined {
  if (lastSr === 0) return undefined;
  const units = (ntpMiddle32(arrival) - lastSr - delaySinceLastSr) | 0;
  if (units < 0) return undefined;
  return rtcpUnitsToMs(units);
}
