/**
 * Where SRTP (RFC 3711) plugs into a media session without the session knowing any
 * crypto: every RTP and RTCP datagram goes through a PacketProtector on its way out
 * and in. The SRTP layer implements it; without one, packets travel as plain RTP.
 */
export interface PacketProtector {
  /** An RTP packet as it will be sent (SRTP: encrypted, with the auth tag). Never throws for a packet the session made. */
  protectRtp(packet: Uint8Array): Uint8Array;
  /**
   * A received datagram as plain RTP, or undefined when it must be dropped (failed
   * authentication, replay, unknown key). MUST NOT throw on hostile input.
   */
  unprotectRtp(packet: Uint8Array): Uint8Array | undefined;
  /** A compound RTCP packet as it will be sent (SRTCP: encrypted, index and tag appended). */
  protectRtcp(packet: Uint8Array): Uint8Array;
  /** As unprotectRtp, for RTCP. */
  unprotectRtcp(packet: Uint8Array): Uint8Array | undefined;
}
