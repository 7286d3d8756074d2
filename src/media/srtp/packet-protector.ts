/**
 * The boundary between RTP and its protection: the media session hands every
 * outgoing datagram to protect…() and every incoming one to unprotect…(),
 * and never looks inside. Plain RTP uses no protector at all.
 */
export interface PacketProtector {
  /** An RTP packet we built → the bytes to send. Throws only on a malformed packet (our bug). */
  protectRtp(packet: Uint8Array): Uint8Array;
  /** A received datagram → the RTP packet, or undefined when it fails authentication,
   *  is a replay or too old, or is malformed: the caller drops it and counts it. */
  unprotectRtp(packet: Uint8Array): Uint8Array | undefined;
  /** A (compound) RTCP packet we built → the bytes to send. Throws only on a malformed packet. */
  protectRtcp(packet: Uint8Array): Uint8Array;
  /** As unprotectRtp, for RTCP. */
  unprotectRtcp(packet: Uint8Array): Uint8Array | undefined;
}
