/**
 * RFC 2782 "Usage rules": the order in which to try the targets of one SRV
 * answer. Lower priority first; within a priority, a weighted random order
 * where each remaining record is picked with probability weight / sum.
 */
import type { SrvRecord } from "./resolver.js";

/** Returns a new array in contact order. `random` is uniform in [0, 1). */
export function orderSrv(records: readonly SrvRecord[], random: () => number): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const r of records) {
    const group = byPriority.get(r.priority);
    if (group) group.push(r);
    else byPriority.set(r.priority, [r]);
  }
  const out: SrvRecord[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    out.push(...weightedOrder(byPriority.get(priority)!, random));
  }
  return out;
}

function weightedOrder(group: SrvRecord[], random: () => number): SrvRecord[] {
  // RFC 2782: zero-weight records go first in the list, so they are picked only
  // when the random number is 0 or when nothing else is left.
  const remaining = [...group.filter((r) => r.weight === 0), ...group.filter((r) => r.weight > 0)];
  const out: SrvRecord[] = [];
  while (remaining.length > 0) {
    const sum = remaining.reduce((total, r) => total + r.weight, 0);
    // A uniform integer in [0, sum], inclusive as the RFC says.
    const pick = Math.min(sum, Math.floor(random() * (sum + 1)));
    let running = 0;
    let chosen = remaining.length - 1;
    for (let i = 0; i < remaining.length; i++) {
      running += remaining[i]!.weight;
      if (running >= pick) {
        chosen = i;
        break;
      }
    }
    out.push(remaining.splice(chosen, 1)[0]!);
  }
  return out;
}
