/**
 * Symmetric RTP (RFC 4961) for a phone behind NAT: once valid packets of the
 * current stream arrive, send to the address they come from rather than the
 * one the SDP gave, since a NAT in front of the peer rewrites it. Only packets
 * the RTP receiver accepted should be shown to the latch, so stray or forged
 * datagrams cannot steer our media. With `enabled: false` the SDP address is
 * used throughout.
 */

export interface MediaEndpoint {
  readonly address: string;
  readonly port: number;
}

export interface SymmetricLatchOptions {
  enabled: boolean;
  /** Where the SDP says to send (c= and m= lines). */
  signalled: MediaEndpoint;
  /** Accepted packets in a row from one new address before switching to it; default 1. */
  packetsToLatch?: number;
}

export class SymmetricLatch {
  private target: MediaEndpoint;
  private signalled: MediaEndpoint;
  private candidate: { from: MediaEndpoint; count: number } | undefined;
  private latched = false;

  constructor(private readonly options: SymmetricLatchOptions) {
    this.signalled = options.signalled;
    this.target = options.signalled;
  }

  /** Where our RTP goes now. */
  get destination(): MediaEndpoint {
    return this.target;
  }

  /** True once the destination was learnt from the peer's packets. */
  get isLatched(): boolean {
    return this.latched;
  }

  /**
   * An accepted packet of the current stream arrived from `from`. Returns true
   * when this moved the destination. A new SSRC validated by the receiver
   * (`sourceChanged`) may latch again, so a re-routed call follows its media.
   */
  onAcceptedPacket(from: MediaEndpoint, sourceChanged = false): boolean {
    if (!this.options.enabled || sameEndpoint(from, this.target)) {
      this.candidate = undefined;
      if (this.options.enabled) this.latched = true;
      return false;
    }
    if (this.latched && !sourceChanged) return false;
    const count = this.candidate && sameEndpoint(this.candidate.from, from) ? this.candidate.count + 1 : 1;
    this.candidate = { from, count };
    if (count < (this.options.packetsToLatch ?? 1)) return false;
    this.target = from;
    this.latched = true;
    this.candidate = undefined;
    return true;
  }

  /** A new offer or answer gave another address: go back to it and learn again. */
  resignal(signalled: MediaEndpoint): void {
    this.signalled = signalled;
    this.target = signalled;
    this.latched = false;
    this.candidate = undefined;
  }

  /** The address the SDP gave, whatever was learnt. */
  get signalledEndpoint(): MediaEndpoint {
    return this.signalled;
  }
}

function sameEndpoint(a: MediaEndpoint, b: MediaEndpoint): boolean {
  return a.port === b.port && normalise(a.address) === normalise(b.address);
}

/** "::ffff:192.0.2.1" (an IPv4 peer seen on a dual-stack socket) is 192.0.2.1. */
function normalise(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith("::ffff:") && lower.includes(".") ? lower.slice(7) : lower;
}
