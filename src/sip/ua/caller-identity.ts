/**
 * Who an outgoing INVITE says it is from. Normally the account's AOR and display
 * name; anonymous: RFC 3323 §4.1.1.3 From "Anonymous" <sip:anonymous@anonymous.invalid>,
 * Privacy: id (RFC 3325 §9.3) and the real AOR in P-Preferred-Identity (RFC 3325 §9.2),
 * so a trusted provider can still assert and bill the call while hiding it onward. Some
 * proxies (Kamailio's default script among them) refuse a From whose user is not the digest
 * user: `anonymousMethod: "privacy"` keeps our From and asks the network to hide it with
 * Privacy: id alone (RFC 3323 §4.2).
 * Digest credentials come from the account settings, never from From.
 */
import { formatNameAddr } from "../message/index.js";
import type { NameAddr, SipUri } from "../message/index.js";

/** Extras for one outgoing call. */
export interface CallExtras {
  /** Hide our identity from the callee (RFC 3323, RFC 3325). */
  anonymous?: boolean;
  /** How: an anonymous From (default), or our From with Privacy: id only. */
  anonymousMethod?: "from" | "privacy";
  /** More header fields for the INVITE, e.g. Replaces (RFC 3891) or Alert-Info. */
  headers?: ReadonlyArray<readonly [string, string]>;
}

export const ANONYMOUS_FROM: NameAddr = {
  displayName: "Anonymous",
  uri: { scheme: "sip", user: "anonymous", password: undefined, host: "anonymous.invalid", port: undefined, params: {}, headers: {} },
  params: {},
};

/** Fields the stack writes itself; passing one in `headers` is a bug. */
const OWN_FIELDS = new Set(["via", "from", "to", "call-id", "cseq", "contact", "max-forwards", "content-length", "content-type", "privacy", "p-preferred-identity"]);

export function callerIdentity(
  aor: SipUri,
  displayName: string | undefined,
  extras: CallExtras,
): { from: NameAddr; headers: Array<readonly [string, string]> } {
  const self: NameAddr = { displayName: displayName || undefined, uri: { ...aor, params: {}, headers: {} }, params: {} };
  const headers: Array<readonly [string, string]> = [];
  for (const [name, value] of extras.headers ?? []) {
    if (OWN_FIELDS.has(name.toLowerCase())) throw new Error(`call header ${name} is written by the SIP stack`);
    headers.push([name, value]);
  }
  if (!extras.anonymous) return { from: self, headers };
  if (extras.anonymousMethod === "privacy") return { from: self, headers: [["Privacy", "id"], ...headers] };
  return {
    from: ANONYMOUS_FROM,
    headers: [["Privacy", "id"], ["P-Preferred-Identity", formatNameAddr(self)], ...headers],
  };
}
