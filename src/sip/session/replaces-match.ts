/**
 * An INVITE with Replaces (RFC 3891 §3): which of our sessions it names, or the
 * refusal. The dialog is looked up as the header's tags are seen by us: to-tag is
 * our local tag, from-tag the peer's. The user decides whether to accept.
 */
import { err, ok, type Result } from "../../util/result.js";
import type { DialogId } from "../dialog/dialog.js";
import type { SipRequest } from "../message/index.js";
import { parseReplaces } from "../refer/index.js";
import { IncomingCall, type Refusal } from "./incoming-call.js";
import type { Session } from "./session.js";
import { SessionState } from "./state.js";

const S = SessionState;
const CONFIRMED = new Set([S.Accepted, S.Established]);
const EARLY = new Set([S.Calling, S.Incoming, S.Early]);

/** undefined when the INVITE has no Replaces; else the session it replaces, or why not. */
export function matchReplaces(invite: SipRequest, find: (id: DialogId) => Session | undefined): Result<Session | undefined, Refusal> {
  const fields = invite.headers.getAll("Replaces");
  if (fields.length === 0) return ok(undefined);
  // §3: more than one Replaces header field → 400.
  if (fields.length > 1) return err({ status: 400, reason: "Bad Request (more than one Replaces)" });
  const replaces = parseReplaces(fields[0]!);
  if (!replaces.ok) return err({ status: 400, reason: `Bad Request (${replaces.error})` });
  const { callId, toTag, fromTag, earlyOnly } = replaces.value;
  const session = find({ callId, localTag: toTag, remoteTag: fromTag });
  if (!session || session.state === S.Ended) return err({ status: 481, reason: "Call/Transaction Does Not Exist" });
  if (CONFIRMED.has(session.state)) {
    // §3: early-only and the dialog is already confirmed → 486.
    return earlyOnly ? err({ status: 486, reason: "Busy Here" }) : ok(session);
  }
  if (EARLY.has(session.state)) {
    // §3: an early dialog this UA did not initiate is not replaced → 481.
    return session instanceof IncomingCall ? err({ status: 481, reason: "Call/Transaction Does Not Exist" }) : ok(session);
  }
  // §3: the dialog is ending (BYE or CANCEL sent) → 603.
  return err({ status: 603, reason: "Declined" });
}
