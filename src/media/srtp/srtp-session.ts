/**
 * Both directions of one SDES-keyed stream as one PacketProtector: our key
 * protects what we send, the peer's key unprotects what arrives (RFC 4568
 * §6.4: each side encrypts with the key it put in its own a=crypto line).
 */
import { err, ok, type Result } from "../../util/result.js";
import type { CryptoAttribute } from "../sdp/types.js";
import type { PacketProtector } from "./packet-protector.js";
import { mkiBytes, parseSdesKey, type SdesKey } from "./sdes-key.js";
import { SrtpContext, type SrtpStats } from "./srtp-context.js";

export class SrtpSession implements PacketProtector {
  constructor(
    private readonly outbound: SrtpContext,
    private readonly inbound: SrtpContext,
  ) {}

  /** Received packets dropped, by cause. */
  get stats(): Readonly<SrtpStats> {
    return this.inbound.stats;
  }

  protectRtp(packet: Uint8Array): Uint8Array {
    return this.outbound.protectRtp(packet);
  }

  unprotectRtp(packet: Uint8Array): Uint8Array | undefined {
    return this.inbound.unprotectRtp(packet);
  }

  protectRtcp(packet: Uint8Array): Uint8Array {
    return this.outbound.protectRtcp(packet);
  }

  unprotectRtcp(packet: Uint8Array): Uint8Array | undefined {
    return this.inbound.unprotectRtcp(packet);
  }
}

/**
 * Contexts by key line (suite and key parameters; the tag does not matter), so
 * a key negotiated again, as in every hold/resume re-INVITE, keeps its context:
 * its ROC and SRTCP index go on rather than restart, which would reuse
 * keystream (RFC 3711 §9.1) and get our RTCP dropped as replays.
 */
export class SrtpContextPool {
  private readonly contexts = new Map<string, SrtpContext>();

  context(line: CryptoAttribute, key: SdesKey): SrtpContext {
    const id = `${line.suite} ${line.keyParams}`;
    let context = this.contexts.get(id);
    if (!context) {
      context = new SrtpContext({ suite: key.suite, masterKey: key.masterKey, masterSalt: key.masterSalt, ...(key.mki ? { mki: mkiBytes(key.mki) } : {}) });
      this.contexts.set(id, context);
    }
    return context;
  }
}

export interface SrtpContextPools {
  readonly outbound: SrtpContextPool;
  readonly inbound: SrtpContextPool;
}

/**
 * The protector for a stream from our a=crypto line and the peer's chosen one
 * (NegotiatedAudio.srtp). Without pools the contexts are new: right for one
 * negotiation; for a call's re-negotiations use SdesNegotiator.protector().
 */
export function createSdesProtector(local: CryptoAttribute, remote: CryptoAttribute, pools?: SrtpContextPools): Result<SrtpSession> {
  const ours = parseSdesKey(local);
  if (!ours.ok) return err(`our a=crypto: ${ours.error}`);
  const theirs = parseSdesKey(remote);
  if (!theirs.ok) return err(`their a=crypto: ${theirs.error}`);
  if (ours.value.suite !== theirs.value.suite) return err(`suites differ: ours ${local.suite}, theirs ${remote.suite}`);
  const { outbound, inbound } = pools ?? { outbound: new SrtpContextPool(), inbound: new SrtpContextPool() };
  return ok(new SrtpSession(outbound.context(local, ours.value), inbound.context(remote, theirs.value)));
}
