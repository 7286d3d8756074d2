/**
 * The RTCP half of a session (RFC 3550 §6): SR/RR compounds on the RtcpScheduler's
 * randomised interval (§6.3), BYE when the session ends (§6.6), and the peer's
 * reports read for round-trip time and BYE. Where the bytes go (protection, the
 * latched address) is the session's business, through `transmit`.
 */
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import {
  parseRtcp, RtcpReporter, RtcpScheduler, serializeRtcp, type RandomSource, type RtcpNews, type RtcpPacket, type RtpReceiver, type RtpSender,
} from "../rtp/index.js";

export interface RtcpChannelOptions {
  clock: Clock;
  random: RandomSource;
  logger: Logger;
  sender: RtpSender;
  receiver: RtpReceiver;
  cname: string;
  /** True while we may send RTP (counts us among the senders, §6.3.1). */
  sending: () => boolean;
  /** Sends a compound; false when there is nowhere to send it. `sent` runs once the OS took it. */
  transmit: (compound: Uint8Array, sent?: () => void) => boolean;
}

export class RtcpChannel {
  private readonly reporter: RtcpReporter;
  private readonly scheduler: RtcpScheduler;
  private sentCount = 0;
  private receivedCount = 0;

  constructor(private readonly options: RtcpChannelOptions) {
    const { clock, sender, receiver, cname, logger, random } = options;
    this.reporter = new RtcpReporter({ clock, sender, receiver, cname, logger });
    this.scheduler = new RtcpScheduler({
      clock,
      random,
      group: () => ({ members: 2, senders: (options.sending() ? 1 : 0) + (receiver.ssrc === undefined ? 0 : 1), weSent: options.sending() }),
      send: () => this.send(this.reporter.report()),
    });
  }

  get roundTripMs(): number | undefined {
    return this.reporter.roundTripMs;
  }

  get sent(): number {
    return this.sentCount;
  }

  get received(): number {
    return this.receivedCount;
  }

  start(): void {
    this.scheduler.start();
  }

  /** Stops the reports; with `bye`, sends the last one with BYE and resolves once it left. */
  stop(bye?: { reason: string }): Promise<void> {
    this.scheduler.stop();
    if (!bye) return Promise.resolve();
    const compound = serializeRtcp(this.reporter.bye(bye.reason));
    return new Promise((resolve) => {
      if (this.options.transmit(compound, resolve)) this.sentCount++;
      else resolve();
    });
  }

  /** A received, unprotected datagram: what it said, or undefined when it is not valid RTCP. */
  receive(datagram: Uint8Array): RtcpNews | undefined {
    const parsed = parseRtcp(datagram);
    if (!parsed.ok) return undefined;
    this.receivedCount++;
    return this.reporter.receive(parsed.value);
  }

  /** Returns the compound's size for the scheduler's average (§6.3.3). */
  private send(packets: RtcpPacket[]): number {
    const compound = serializeRtcp(packets);
    if (this.options.transmit(compound)) this.sentCount++;
    return compound.length;
  }
}
