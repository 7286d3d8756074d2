/** A line's media choices, read from the configuration document (DESIGN.md §4: account and media keys). */
import type { AccountConfig, MediaConfig } from "../../config/schema.js";
import type { DtmfMethod, G711Name, PortRange, SrtpPolicy } from "../../media/index.js";

export interface CallMediaSettings {
  /** Offered in this order; the answerer's own order decides (RFC 3264 §6.1). */
  codecs: readonly G711Name[];
  srtp: SrtpPolicy;
  dtmfMethod: DtmfMethod;
  portRange: PortRange;
  /** RFC 4961: send to where the peer's packets come from. */
  symmetricRtp: boolean;
}

/** The account's dtmfMethod, srtp and codecs with the document's RTP port range and symmetric RTP. */
export function callMediaSettings(account: Pick<AccountConfig, "dtmfMethod" | "srtp" | "codecs">, media: MediaConfig): CallMediaSettings {
  return {
    codecs: [...account.codecs],
    srtp: account.srtp,
    dtmfMethod: account.dtmfMethod,
    portRange: { min: media.rtpPortMin, max: media.rtpPortMax },
    symmetricRtp: media.symmetricRtp,
  };
}
