/**
 * The states of one port's call controller: what the handset is doing. Calls on hold or
 * waiting are not states of their own: the controller keeps them beside the state (a held
 * call makes on-hook ring the phone back, or transfer; a waiting call plays its tone).
 *
 *   Idle ─off-hook→ DialTone ─digit→ Collecting ─dial now→ Calling ─180→ Ringback ─183+SDP→ EarlyMedia
 *    │                 │ no digit         │ refused, star code → Confirm → DialTone           │
 *    │                 ↓                  ↓                    ├──────────── 2xx ─────────────→ Talking ─flash→ DialTone (call held)
 *    │              Reorder ←─────────────┘ ← 404/484/604: Sit ┤ 486/600/603: Busy  408/480/5xx: Reorder │ flash (consulting) → Conference
 *    │                 │ reorder timeout                                                               │ far-end BYE → Reorder
 *    │                 ↓                                                                               │ on-hook with a call held → Transferring or Recall
 *    │              Howler            Busy ─timeout→ Howler
 *    │
 *    └─INVITE→ Ringing ─off-hook→ (Answering, while media opens) → Talking ─on-hook: BYE→ Idle
 *                 └─CANCEL→ Idle                          Recall ─off-hook→ Talking (the held call back)
 *
 *  DialTone ─hot line / warm line→ Calling (the dial plan dials before any key).
 *  With a call held, flash from any dialling or failure state takes the handset back to it (Talking).
 */
export enum PortState {
  Idle = "Idle",
  DialTone = "DialTone",
  Collecting = "Collecting",
  /** The confirmation tone after a star code, then dial tone again. */
  Confirm = "Confirm",
  Calling = "Calling",
  Ringback = "Ringback",
  EarlyMedia = "EarlyMedia",
  Talking = "Talking",
  /** Three-way: the held call resumed and mixed with the current one. */
  Conference = "Conference",
  Ringing = "Ringing",
  Answering = "Answering",
  /** On-hook with a call still held: the bell rings until the handset takes it back. */
  Recall = "Recall",
  /** On-hook after asking the held party to go to the other (REFER), until it reports. */
  Transferring = "Transferring",
  Busy = "Busy",
  Reorder = "Reorder",
  Sit = "Sit",
  Howler = "Howler",
}

const S = PortState;
/** With a call held: a flash goes back to it, an on-hook rings the phone back for it. */
const BACK_TO_HELD = [S.Talking, S.Recall] as const;
/** A consultation call in progress may also end in a transfer (on-hook). */
const CALL_ENDINGS = [S.Talking, S.Busy, S.Reorder, S.Sit, S.Idle, S.Recall, S.Transferring] as const;

export const ALLOWED: Readonly<Record<PortState, readonly PortState[]>> = {
  [S.Idle]: [S.DialTone, S.Ringing],
  [S.DialTone]: [S.Collecting, S.Confirm, S.Calling, S.Reorder, S.Idle, ...BACK_TO_HELD],
  [S.Collecting]: [S.Confirm, S.Calling, S.Reorder, S.Idle, ...BACK_TO_HELD],
  [S.Confirm]: [S.DialTone, S.Idle],
  [S.Calling]: [S.Ringback, S.EarlyMedia, ...CALL_ENDINGS],
  [S.Ringback]: [S.EarlyMedia, ...CALL_ENDINGS],
  [S.EarlyMedia]: CALL_ENDINGS,
  [S.Talking]: [S.Reorder, S.Idle, S.DialTone, S.Conference, S.Calling, S.Ringing, S.Recall, S.Transferring],
  [S.Conference]: [S.Talking, S.Idle],
  [S.Ringing]: [S.Answering, S.Talking, S.Idle],
  [S.Answering]: [S.Talking, S.Reorder, S.Idle],
  [S.Recall]: [S.Talking, S.Idle],
  [S.Transferring]: [S.Idle, S.Recall],
  [S.Busy]: [S.Howler, S.Idle, S.Ringing, ...BACK_TO_HELD],
  [S.Reorder]: [S.Howler, S.Idle, S.Ringing, ...BACK_TO_HELD],
  [S.Sit]: [S.Reorder, S.Idle, ...BACK_TO_HELD],
  [S.Howler]: [S.Idle, S.Ringing, ...BACK_TO_HELD],
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
