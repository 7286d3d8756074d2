/**
 * Where SRTP (RFC 3711) plugs into a media session: every RTP and RTCP datagram goes
 * through a PacketProtector on its way out and in; without one, packets travel as
 * plain RTP. The contract is written once, beside its implementation in src/media/srtp.
 */
export type { PacketProtector } from "../srtp/packet-protector.js";
