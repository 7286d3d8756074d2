/**
 * The message/sipfrag bodies of REFER's NOTIFYs (RFC 3420; RFC 3515 §2.4.5): the
 * status line of the referred request's latest response, optionally followed by
 * header fields we do not need.
 */

export const SIPFRAG_TYPE = "message/sipfrag;version=2.0";

export interface SipfragStatus {
  status: number;
  reason: string;
}

/** The status line of a sipfrag body, or undefined when the first line is not one. */
export function parseSipfrag(body: string): SipfragStatus | undefined {
  const firstLine = body.replace(/^\s+/, "").split(/\r?\n/, 1)[0] ?? "";
  const match = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/i.exec(firstLine.trimEnd());
  if (!match) return undefined;
  return { status: Number(match[1]), reason: match[2] ?? "" };
}

/** RFC 3515 §2.4.5: the body is the status line alone, ending with CRLF. */
export function formatSipfrag(status: number, reason: string): string {
  return `SIP/2.0 ${status} ${reason}\r\n`;
}

/** True for a media type of message/sipfrag, whatever its parameters. */
export function isSipfrag(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";", 1)[0]!.trim().toLowerCase() === "message/sipfrag";
}
