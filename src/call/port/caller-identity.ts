/**
 * Who is calling, for the caller ID display, from an INVITE: the first of
 * P-Asserted-Identity (RFC 3325 §9.1), Remote-Party-ID (draft-ietf-sip-privacy-04 §5)
 * and From that parses, with privacy honoured: `Privacy: id`, `header` or `user`
 * (RFC 3325 §9.3, RFC 3323 §4.2), an RPID `privacy=full|name|uri`, or an anonymous From
 * (RFC 3323 §4.1.1.3) make the number and/or name "private" (display shows P).
 */
import type { CallerIdInfo } from "../../dsp/index.js";
import { formatUri, parseNameAddr, splitCommas, type NameAddr } from "../../sip/message/index.js";

/** The parts of an offered INVITE that carry identity. */
export interface InviteIdentity {
  readonly from: NameAddr;
  /** Every comma-separated value of the INVITE's header `name`, in order (Headers.list). */
  headerValues(name: string): readonly string[];
}

interface Found {
  address: NameAddr;
  hideNumber: boolean;
  hideName: boolean;
}

function firstParsed(values: readonly string[]): NameAddr | undefined {
  for (const value of values) {
    const parsed = parseNameAddr(value);
    if (parsed.ok) return parsed.value;
  }
  return undefined;
}

function fromRpid(values: readonly string[]): Found | undefined {
  const address = firstParsed(values.filter((v) => {
    const party = /;\s*party\s*=\s*"?(\w+)/i.exec(v);
    return !party || party[1]!.toLowerCase() === "calling";
  }));
  if (!address) return undefined;
  const privacy = (address.params["privacy"] ?? "off").replace(/"/g, "").toLowerCase();
  return { address, hideNumber: privacy === "full" || privacy === "uri", hideName: privacy === "full" || privacy === "name" };
}

function isAnonymous(address: NameAddr): boolean {
  return address.uri.user?.toLowerCase() === "anonymous" || address.uri.host === "anonymous.invalid";
}

function privacyAsked(values: readonly string[]): boolean {
  const tokens = values.flatMap((v) => v.split(";")).map((t) => t.trim().toLowerCase());
  return tokens.some((t) => t === "id" || t === "header" || t === "user");
}

function identify(invite: InviteIdentity): Found & { hideAll: boolean } {
  const pai = firstParsed(invite.headerValues("P-Asserted-Identity"));
  const found: Found = pai
    ? { address: pai, hideNumber: false, hideName: false }
    : fromRpid(invite.headerValues("Remote-Party-ID")) ?? { address: invite.from, hideNumber: false, hideName: false };
  return { ...found, hideAll: privacyAsked(invite.headerValues("Privacy").flatMap(splitCommas)) || isAnonymous(found.address) };
}

/** The caller's address for call return (*69), or undefined when the caller hid it. */
export function callerUri(invite: InviteIdentity): string | undefined {
  const found = identify(invite);
  return found.hideAll || found.hideNumber ? undefined : formatUri({ ...found.address.uri, params: {}, headers: {} });
}

export function callerIdentity(invite: InviteIdentity, time?: CallerIdInfo["time"]): CallerIdInfo {
  const found = identify(invite);
  const hideAll = found.hideAll;
  const info: CallerIdInfo = time ? { time } : {};
  const number = found.address.uri.user;
  if (hideAll || found.hideNumber) info.numberAbsent = "private";
  else if (number) info.number = number;
  else info.numberAbsent = "unavailable";
  const name = found.address.displayName?.trim();
  if (hideAll || found.hideName) info.nameAbsent = "private";
  else if (name) info.name = name;
  return info;
}
