/**
 * The port's allowed-moves table: a move outside it throws PortStateError, every state
 * the handset can be off-hook in goes back to Idle on on-hook, and only Idle takes a new
 * call either way. Not covered: which events cause the moves (the controller tests).
 */
import { describe, expect, it } from "vitest";
import { ALLOWED, checkMove, PortState, PortStateError } from "../../../../src/call/port/index.js";

const ALL = Object.values(PortState);

describe("port states", () => {
  it("has a row for every state, naming only states", () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...ALL].sort());
    for (const row of Object.values(ALLOWED)) for (const to of row) expect(ALL).toContain(to);
  });

  it.each([
    [PortState.Idle, PortState.Talking],
    [PortState.Idle, PortState.Calling],
    [PortState.Ringing, PortState.Reorder],
    [PortState.Talking, PortState.Ringback],
    [PortState.Howler, PortState.DialTone],
    [PortState.EarlyMedia, PortState.Ringback],
  ])("refuses %s -> %s with PortStateError", (from, to) => {
    expect(() => checkMove(from, to)).toThrow(PortStateError);
    expect(() => checkMove(from, to)).toThrow(`${from} -> ${to}`);
  });

  it("allows on-hook back to Idle from every state but Idle", () => {
    for (const from of ALL.filter((s) => s !== PortState.Idle)) expect(() => checkMove(from, PortState.Idle)).not.toThrow();
  });

  it("gives dial tone only at off-hook, after a star code's confirmation, or to a flash that holds the call", () => {
    expect(ALL.filter((s) => ALLOWED[s].includes(PortState.DialTone))).toEqual([PortState.Idle, PortState.Confirm, PortState.Talking]);
  });

  it("rings only from Idle, or at on-hook for a call left waiting", () => {
    expect(ALL.filter((s) => ALLOWED[s].includes(PortState.Ringing)))
      .toEqual([PortState.Idle, PortState.Talking, PortState.Busy, PortState.Reorder, PortState.Howler]);
  });
});
