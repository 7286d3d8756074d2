/**
 * The Refer-To of an attended transfer (RFC 5589 §7): the consultation peer's URI
 * carrying a Replaces header for the consultation dialog (RFC 3891 §6.1), tags as
 * the peer will see them when the transferee's INVITE reaches it: to-tag = the
 * peer's tag, from-tag = ours. formatUri %-escapes the header value (";" → %3B,
 * "=" → %3D, "@" → %40), as §6.1's URI-header form requires.
 */
import { err, ok, type Result } from "../../util/result.js";
import { formatUri, type SipUri } from "../message/index.js";
import { formatReplaces } from "../refer/index.js";
import type { Session } from "./session.js";
import { SessionState } from "./state.js";

/**
 * The Refer-To URI text for transferring to the peer of `consultation` (an established call).
 *
 * Which URI: the peer's address of record (the dialog's remote URI: the To we dialled,
 * or the caller's From), not its remote target (Contact). Through a proxy such as
 * Kamailio the AOR is what the proxy can route for the transferee: it authenticates
 * and routes the INVITE like any call (location lookup, NAT handling, record-routing),
 * while a Contact is only a device address, often private or behind NAT, that the
 * transferee may not reach and the proxy may refuse to relay. If the AOR forks to
 * several devices, only the one holding the dialog accepts the Replaces; the others
 * answer 481 and the proxy forwards the best response. The Contact is used only when
 * the AOR is anonymous (an .invalid host, RFC 3323 §4.1.1.3), which no one can route.
 */
export function attendedTransferTarget(consultation: Session): Result<string, string> {
  const dialog = consultation.dialog;
  if (!dialog || consultation.state !== SessionState.Established) return err("the consultation call is not established");
  const aor = dialog.remoteUri.uri;
  const base: SipUri = aor.host.endsWith(".invalid") ? dialog.remoteTarget : aor;
  const replaces = formatReplaces({ callId: dialog.id.callId, toTag: dialog.id.remoteTag, fromTag: dialog.id.localTag, earlyOnly: false });
  return ok(formatUri({ ...base, headers: { Replaces: replaces } }));
}
