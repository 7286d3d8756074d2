/** Public surface of RTP and RTCP (RFC 3550). */
export { parseRtp, serializeRtp, type RtpHeaderExtension, type RtpPacket } from "./packet.js";
export { cryptoRandom, unitInterval, type RandomSource } from "./random.js";
export { RtpSender, type OutgoingFields, type RtpSenderOptions, type SenderSnapshot } from "./sender.js";
export { MAX_DROPOUT, MAX_MISORDER, MIN_SEQUENTIAL, RtpSource, type RtpSourceOptions, type RtpSourceStats, type SequenceVerdict } from "./rtp-source.js";
export {
  RtpReceiver,
  type ArrivedPacket,
  type DropReason,
  type ReceiveResult,
  type RtpReceiverOptions,
  type RtpReceiverStats,
} from "./receiver.js";
export { msToRtcpUnits, ntpFromUnixMs, ntpMiddle32, roundTripMs, rtcpUnitsToMs, type NtpTime } from "./ntp.js";
export * from "./rtcp-types.js";
export { looksLikeRtcp, parseRtcp } from "./rtcp-parse.js";
export { serializeRtcp } from "./rtcp-serialize.js";
export { RtcpReporter, type RtcpNews, type RtcpReporterOptions } from "./rtcp-reporter.js";
export { RTCP_MIN_INTERVAL_MS, RtcpScheduler, rtcpIntervalMs, type RtcpGroup, type RtcpIntervalInput, type RtcpSchedulerOptions } from "./rtcp-scheduler.js";
export { SymmetricLatch, type MediaEndpoint, type SymmetricLatchOptions } from "./symmetric-latch.js";
