/**
 * The SDP side of one call: keeps the o= line for the whole session and the
 * last offer we made. RFC 3264 §8: every SDP we send after the first keeps the
 * o= line identical except the version, which goes up by one when the body
 * changed (a re-offer with a new port or codec, a hold) and stays when it did not.
 */
import { randomBytes } from "node:crypto";
import { err, type Result } from "../../util/result.js";
import { createAnswer } from "./answer.js";
import { createOffer } from "./offer.js";
import { parseAnswer } from "./parse-answer.js";
import type { MediaOptions, NegotiatedAudio, SdesKeying, SdpFailure, SdpOrigin } from "./types.js";

export interface SdpSessionOptions {
  /** o= username; default "-". */
  username?: string;
  /** o= sess-id; default a random 62-bit number. */
  sessionId?: string;
  /** First o= sess-version; default 1. */
  initialVersion?: number;
  /** s= line; default "dialtone". */
  sessionName?: string;
}

export class SdpSession {
  readonly sessionId: string;
  private version: number;
  private lastBody: string | undefined;
  private pendingOffer: { readonly sdp: string; readonly srtp: SdesKeying | undefined } | undefined;

  constructor(private readonly options: SdpSessionOptions = {}) {
    this.sessionId = options.sessionId ?? (randomBytes(8).readBigUInt64BE() >> 2n).toString();
    this.version = options.initialVersion ?? 1;
  }

  get sessionVersion(): number {
    return this.version;
  }

  /** Our offer (initial or re-offer); remembered until its answer is applied. */
  createOffer(local: MediaOptions): string {
    const sdp = this.versioned((origin) => createOffer({ ...local, origin, ...this.named() }), (offer) => offer);
    this.pendingOffer = { sdp, srtp: local.srtp };
    return sdp;
  }

  /** Our answer to the peer's offer (initial or re-INVITE). */
  createAnswer(offer: string, local: MediaOptions): Result<{ sdp: string; negotiated: NegotiatedAudio }, SdpFailure> {
    return this.versioned(
      (origin) => createAnswer(offer, { ...local, origin, ...this.named() }),
      (answer) => (answer.ok ? answer.value.sdp : undefined),
    );
  }

  /** Applies the answer to our last offer. */
  applyAnswer(answer: string): Result<NegotiatedAudio, SdpFailure> {
    if (this.pendingOffer === undefined) return err({ reason: "mismatched-answer", detail: "no offer is outstanding" });
    const result = parseAnswer(answer, this.pendingOffer.sdp, this.pendingOffer.srtp);
    if (result.ok) this.pendingOffer = undefined;
    return result;
  }

  private named(): { sessionName?: string } {
    return this.options.sessionName === undefined ? {} : { sessionName: this.options.sessionName };
  }

  private origin(sessionVersion: number): SdpOrigin {
    return { sessionId: this.sessionId, sessionVersion, ...(this.options.username === undefined ? {} : { username: this.options.username }) };
  }

  /** Writes with the current version; if the body differs from the last SDP sent, again with version + 1. */
  private versioned<T>(make: (origin: SdpOrigin) => T, sdpOf: (made: T) => string | undefined): T {
    let made = make(this.origin(this.version));
    const sdp = sdpOf(made);
    if (sdp === undefined) return made;
    const body = withoutOrigin(sdp);
    if (this.lastBody !== undefined && body !== this.lastBody) {
      this.version++;
      made = make(this.origin(this.version));
    }
    this.lastBody = body;
    return made;
  }
}

function withoutOrigin(sdp: string): string {
  return sdp.replace(/^o=.*$/m, "");
}
