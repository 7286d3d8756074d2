/**
 * The RTCP side of one RTP session (RFC 3550 §6): builds our compound reports
 * (SR or RR first, then SDES with our CNAME, then BYE on hang-up) from the RTP
 * sender and receiver, and reads the peer's reports: its SR sets our next
 * LSR/DLSR, a report block about our SSRC gives the round-trip time, BYE
 * forgets the source.
 *
 * NTP times are the wall clock at construction carried forward on the Clock's
 * monotonic scale, so a wall-clock step during a call cannot skew RTT.
 */
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { ntpFromUnixMs, roundTripMs, type NtpTime } from "./ntp.js";
import type { RtpReceiver } from "./receiver.js";
import type { ReportBlock, RtcpPacket } from "./rtcp-types.js";
import { SDES_CNAME } from "./rtcp-types.js";
import type { RtpSender } from "./sender.js";

export interface RtcpReporterOptions {
  clock: Clock;
  sender: RtpSender;
  receiver: RtpReceiver;
  /** RFC 3550 §6.5.1: canonical name, e.g. "user@host" or a random per-run identifier. */
  cname: string;
  logger?: Logger;
}

/** What an incoming compound told us. */
export interface RtcpNews {
  /** RFC 3550 §6.4.1: from a report block about our SSRC that echoed one of our SRs. */
  roundTripMs: number | undefined;
  /** SSRCs that left, with the reason they gave. */
  bye: { ssrcs: readonly number[]; reason: string | undefined } | undefined;
  /** The peer's CNAME, when its SDES carried one. */
  cname: string | undefined;
}

export class RtcpReporter {
  private readonly unixMsAtZero: number;
  /** Packets we had sent when each of the last two reports went out (RFC 3550 §6.3.8 we_sent). */
  private sentAtReports: [number, number] = [0, 0];
  private latestRoundTripMs: number | undefined;
  private remoteCname: string | undefined;

  constructor(private readonly options: RtcpReporterOptions) {
    this.unixMsAtZero = options.clock.wallTime().getTime() - options.clock.now();
  }

  get roundTripMs(): number | undefined {
    return this.latestRoundTripMs;
  }

  get peerCname(): string | undefined {
    return this.remoteCname;
  }

  /** RFC 3550 §6.4: SR when we sent RTP since the report before last, otherwise RR; then SDES CNAME. */
  report(): RtcpPacket[] {
    const { sender, receiver, clock } = this.options;
    const reports: ReportBlock[] = receiver.reportBlocks(clock.now());
    const weSent = sender.packetsSent > this.sentAtReports[0];
    this.sentAtReports = [this.sentAtReports[1], sender.packetsSent];
    const first: RtcpPacket = weSent
      ? { type: "sr", ssrc: sender.ssrc, sender: { ntp: this.ntpNow(), ...sender.snapshot() }, reports, extension: new Uint8Array(0) }
      : { type: "rr", ssrc: sender.ssrc, reports, extension: new Uint8Array(0) };
    return [first, this.sdes()];
  }

  /** RFC 3550 §6.6: the last report of the session, with BYE at the end of the compound. */
  bye(reason?: string): RtcpPacket[] {
    return [...this.report(), { type: "bye", ssrcs: [this.options.sender.ssrc], reason }];
  }

  /** An incoming compound, already parsed (parseRtcp). */
  receive(packets: readonly RtcpPacket[]): RtcpNews {
    const news: RtcpNews = { roundTripMs: undefined, bye: undefined, cname: undefined };
    const arrivalMs = this.options.clock.now();
    for (const packet of packets) {
      if (packet.type === "sr") this.options.receiver.noteSenderReport(packet.ssrc, packet.sender.ntp, arrivalMs);
      if (packet.type === "sr" || packet.type === "rr") {
        const rtt = this.roundTrip(packet.reports);
        if (rtt !== undefined) news.roundTripMs = rtt;
      }
      if (packet.type === "sdes") {
        for (const chunk of packet.chunks) {
          const cname = chunk.items.find((item) => item.type === SDES_CNAME);
          if (cname) news.cname = Buffer.from(cname.data).toString("utf8");
        }
      }
      if (packet.type === "bye") {
        for (const ssrc of packet.ssrcs) this.options.receiver.forget(ssrc);
        news.bye = { ssrcs: packet.ssrcs, reason: packet.reason };
        this.options.logger?.info(`BYE from ${packet.ssrcs.join(",")}${packet.reason ? `: ${packet.reason}` : ""}`);
      }
    }
    if (news.cname !== undefined) this.remoteCname = news.cname;
    return news;
  }

  private roundTrip(reports: readonly ReportBlock[]): number | undefined {
    const aboutUs = reports.find((block) => block.ssrc === this.options.sender.ssrc);
    if (!aboutUs) return undefined;
    const rtt = roundTripMs(this.ntpNow(), aboutUs.lastSr, aboutUs.delaySinceLastSr);
    if (rtt !== undefined) this.latestRoundTripMs = rtt;
    return rtt;
  }

  private sdes(): RtcpPacket {
    const data = Buffer.from(this.options.cname, "utf8").subarray(0, 255);
    return { type: "sdes", chunks: [{ ssrc: this.options.sender.ssrc, items: [{ type: SDES_CNAME, data }] }] };
  }

  private ntpNow(): NtpTime {
    return ntpFromUnixMs(this.unixMsAtZero + this.options.clock.now());
  }
}
