/**
 * The outbound proxy setting (RFC 3261 §8.1.2): users write a host, host:port,
 * [v6]:port, any of those with ;params, or a full sip:/sips: URI, with or
 * without <...>. Everything becomes a SipUri for locate(); a bare host gets the
 * sip: scheme, and `lr` is added since an outbound proxy is a loose router.
 */
import { err, ok, type Result } from "../../util/result.js";
import { parseUri, type SipUri } from "../message/index.js";

export function parseOutboundProxy(text: string): Result<SipUri> {
  let value = text.trim();
  if (value.startsWith("<") && value.endsWith(">")) value = value.slice(1, -1).trim();
  if (value === "") return err("Empty outbound proxy");
  const hasScheme = /^sips?:/i.test(value);
  const parsed = parseUri(hasScheme ? value : `sip:${value}`);
  if (!parsed.ok) return err(`Bad outbound proxy "${text}": ${parsed.error}`);
  if (parsed.value.scheme === "tel") return err(`Bad outbound proxy "${text}": not a SIP URI`);
  return ok({ ...parsed.value, params: { ...parsed.value.params, lr: parsed.value.params.lr ?? null } });
}
