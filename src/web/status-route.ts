/**
 * GET /api/status (DESIGN.md §4): agent version, uptime and, per line, registration,
 * hook and the call controller's state, as far as the agent knows them.
 */
import { json } from "./http-io.js";
import type { Route } from "./router.js";

export type RegistrationStatus = "unregistered" | "registering" | "registered" | "failed";

export interface LineStatus {
  index: number;
  /** "unregistered" for a line without an enabled account. */
  registration: RegistrationStatus;
  /** The board line's hook state; absent when the board has no port for this line. */
  hook?: "on" | "off";
  /** Digits the line layer heard since the handset was last lifted (pulse or DTMF). */
  dialled?: string;
  /** The call controller's state name; "unattached" until a controller drives the line. */
  state: string;
  /** The current call (peer, direction, codec, duration, RTP stats); null when none. */
  call: null | Record<string, unknown>;
}

export interface StatusDocument {
  version: string;
  uptimeSec: number;
  board: string;
  lines: LineStatus[];
  /**
   * The process's open handles by kind (Node's getActiveResourcesInfo: "Timeout", "UDPWrap",
   * "TCPWrap"...): a call that ends must leave these as they were before it.
   */
  resources: Record<string, number>;
}

export type StatusSource = () => StatusDocument;

export function statusRoutes(status: StatusSource): Route[] {
  return [{ method: "GET", pattern: "/api/status", handle: async () => json(200, status()) }];
}
