/**
 * Shape checks on the structured fields parseMessage must vouch for: the top Via,
 * From, To and each Contact (RFC 3261 §20; RFC 4475 §3.1.2). URIs of unknown
 * schemes pass here (RFC 4475 §3.3.4); only their outline is checked.
 */
import { splitCommas } from "./headers.js";
import type { Headers } from "./headers.js";
import { isNameAddr } from "./name-addr.js";
import { checkTopVia } from "./via.js";

export interface StructuredFields {
  via: string;
  from: string;
  to: string;
  contacts: string[] | undefined;
  date: string | undefined;
}

/** A reason such as "Bad To", or undefined when every field has a sound shape. */
export function checkStructure(headers: Headers, fields: StructuredFields): string | undefined {
  if (!checkTopVia(headers, fields.via)) return "Bad Via";
  if (!isNameAddr(fields.from)) return "Bad From";
  if (!isNameAddr(fields.to)) return "Bad To";
  if (fields.contacts) {
    for (const value of fields.contacts) {
      if (value === "*") continue; // REGISTER removing all bindings (§10.2.2)
      for (const element of splitCommas(value)) if (!isNameAddr(element)) return "Bad Contact";
    }
  }
  // RFC 3261 §20.17: Date is always in GMT (RFC 4475 §3.1.2.12).
  if (fields.date !== undefined && !fields.date.endsWith(" GMT")) return "Bad Date";
  return undefined;
}
