/**
 * RFC 4733 §7.1.1 event lists ("0-15,16"): parsed to a set so an answer can
 * keep the events both sides support.
 */

/** Events named by a list; malformed parts and numbers above 255 are ignored. */
export function parseEventList(list: string): Set<number> {
  const events = new Set<number>();
  for (const part of list.split(",")) {
    const m = /^\s*(\d{1,3})(?:\s*-\s*(\d{1,3}))?\s*$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let e = from; e <= Math.min(to, 255); e++) events.add(e);
  }
  return events;
}

/** The shortest list naming these events: "0-11,16". */
export function formatEventList(events: ReadonlySet<number>): string {
  const sorted = [...events].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** Events in both lists; RFC 4733 §2.5.1: without a=fmtp the default is 0-15. */
export function commonEvents(ours: string, theirs: string | undefined): string {
  const mine = parseEventList(ours);
  const other = parseEventList(theirs ?? "0-15");
  return formatEventList(new Set([...mine].filter((e) => other.has(e))));
}
