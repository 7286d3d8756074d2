/**
 * Direction attributes as two booleans (RFC 3264 §5.1, §6.1): sendonly on one
 * side pairs with recvonly on the other, inactive with inactive.
 */
import type { Direction } from "./types.js";

export interface Flow {
  readonly send: boolean;
  readonly recv: boolean;
}

export function toFlow(direction: Direction): Flow {
  return { send: direction === "sendrecv" || direction === "sendonly", recv: direction === "sendrecv" || direction === "recvonly" };
}

export function fromFlow(flow: Flow): Direction {
  if (flow.send && flow.recv) return "sendrecv";
  if (flow.send) return "sendonly";
  return flow.recv ? "recvonly" : "inactive";
}

/**
 * RFC 3264 §6.1: we may send only if the peer receives, and receive only if
 * it sends; within that, our own wish (e.g. our hold) decides.
 */
export function agreedDirection(ours: Direction, theirs: Flow): Direction {
  const wish = toFlow(ours);
  return fromFlow({ send: wish.send && theirs.recv, recv: wish.recv && theirs.send });
}

export function isDirection(value: unknown): value is Direction {
  return value === "sendrecv" || value === "sendonly" || value === "recvonly" || value === "inactive";
}
