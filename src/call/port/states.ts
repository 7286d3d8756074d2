/**
 * The states of one port's call controller (basic calls) and the moves allowed between them.
 *
 *   Idle ─off-hook→ DialTone ─digit→ Collecting ─dial now→ Calling ─180→ Ringback ─183+SDP→ EarlyMedia
 *    │                 │ no digit         │ refused            │ 183+SDP ──────────────────────↗   │
 *    │                 ↓                  ↓                    ├──────────── 2xx ─────────────→ Talking
 *    │              Reorder ←─────────────┘ ← 404/484/604: Sit ┤ 486/600/603: Busy   408/480/5xx: Reorder
 *    │                 │ reorder timeout                                                          │ far-end BYE
 *    │                 ↓                                                                          ↓
 *    │              Howler            Busy ─timeout→ Howler                                    Reorder
 *    │
 *    └─INVITE→ Ringing ─off-hook→ (Answering, while media opens) → Talking ─on-hook: BYE→ Idle
 *                 └─CANCEL→ Idle
 *
 *  DialTone ─hot line / warm line→ Calling (the dial plan dials before any key).
 *  Every state but Idle and Ringing goes back to Idle on on-hook.
 */
export enum PortState {
  Idle = "Idle",
  DialTone = "DialTone",
  Collecting = "Collecting",
  Calling = "Calling",
  Ringback = "Ringback",
  EarlyMedia = "EarlyMedia",
  Talking = "Talking",
  Ringing = "Ringing",
  Answering = "Answering",
  Busy = "Busy",
  Reorder = "Reorder",
  Sit = "Sit",
  Howler = "Howler",
}

const S = PortState;
const CALL_ENDINGS = [S.Talking, S.Busy, S.Reorder, S.Sit, S.Idle] as const;

export const ALLOWED: Readonly<Record<PortState, readonly PortState[]>> = {
  [S.Idle]: [S.DialTone, S.Ringing],
  [S.DialTone]: [S.Collecting, S.Calling, S.Reorder, S.Idle],
  [S.Collecting]: [S.Calling, S.Reorder, S.Idle],
  [S.Calling]: [S.Ringback, S.EarlyMedia, ...CALL_ENDINGS],
  [S.Ringback]: [S.EarlyMedia, ...CALL_ENDINGS],
  [S.EarlyMedia]: CALL_ENDINGS,
  [S.Talking]: [S.Reorder, S.Idle],
  [S.Ringing]: [S.Answering, S.Talking, S.Idle],
  [S.Answering]: [S.Talking, S.Reorder, S.Idle],
  [S.Busy]: [S.Howler, S.Idle],
  [S.Reorder]: [S.Howler, S.Idle],
  [S.Sit]: [S.Reorder, S.Idle],
  [S.Howler]: [S.Idle],
};

/** A move the table does not allow: a bug in the controller, never an expected failure. */
export class PortStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PortStateError";
  }
}

/** Throws PortStateError unless ALLOWED has `from -> to`. */
export function checkMove(from: PortState, to: PortState): void {
  if (!ALLOWED[from].includes(to)) throw new PortStateError(`${from} -> ${to}`);
}
