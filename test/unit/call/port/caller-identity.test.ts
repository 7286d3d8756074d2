/**
 * callerIdentity: which header names the caller (P-Asserted-Identity over Remote-Party-ID
 * over From), what the display gets (number from the URI's user or tel number, name from
 * the display name) and privacy (Privacy: id/header/user, RPID privacy=, anonymous From).
 * Not covered: how the INVITE's headers are read (Headers.list, tested in src/sip).
 */
import { describe, expect, it } from "vitest";
import { callerIdentity } from "../../../../src/call/port/index.js";
import { FakeOfferedCall } from "./port-harness.js";

const FROM = '"From Name" <sip:2000@example.com>;tag=x';
const PAI = '"Asserted" <sip:3000@example.com>';
const RPID = '"Remote Party" <sip:4000@example.com>;party=calling;screen=yes';

const identity = (headers: Record<string, string[]>, from = FROM) => callerIdentity(new FakeOfferedCall(from, headers));

describe("callerIdentity", () => {
  it("takes P-Asserted-Identity first", () => {
    expect(identity({ "P-Asserted-Identity": [PAI], "Remote-Party-ID": [RPID] })).toEqual({ number: "3000", name: "Asserted" });
  });

  it("takes the first P-Asserted-Identity value that parses (sip or tel)", () => {
    expect(identity({ "P-Asserted-Identity": ["not a name-addr <", "<tel:+4930123>"] })).toEqual({ number: "+4930123" });
  });

  it("takes Remote-Party-ID when there is no P-Asserted-Identity", () => {
    expect(identity({ "Remote-Party-ID": [RPID] })).toEqual({ number: "4000", name: "Remote Party" });
  });

  it("skips a Remote-Party-ID that names another party than the caller", () => {
    expect(identity({ "Remote-Party-ID": ['"Called" <sip:9@example.com>;party=called'] })).toEqual({ number: "2000", name: "From Name" });
  });

  it("falls back to From", () => {
    expect(identity({})).toEqual({ number: "2000", name: "From Name" });
  });

  it("gives no name when there is no display name, and 'unavailable' when there is no number", () => {
    expect(identity({}, "<sip:2000@example.com>")).toEqual({ number: "2000" });
    expect(identity({}, "<sip:example.com>")).toEqual({ numberAbsent: "unavailable" });
  });

  it.each([["id"], ["header"], ["user"], ["none;id"]])("hides number and name for Privacy: %s", (privacy) => {
    expect(identity({ "P-Asserted-Identity": [PAI], Privacy: [privacy] })).toEqual({ numberAbsent: "private", nameAbsent: "private" });
  });

  it("shows the caller for Privacy: none", () => {
    expect(identity({ "P-Asserted-Identity": [PAI], Privacy: ["none"] })).toEqual({ number: "3000", name: "Asserted" });
  });

  it("honours Remote-Party-ID privacy=full, name and uri", () => {
    expect(identity({ "Remote-Party-ID": [`${RPID};privacy=full`] })).toEqual({ numberAbsent: "private", nameAbsent: "private" });
    expect(identity({ "Remote-Party-ID": [`${RPID};privacy=name`] })).toEqual({ number: "4000", nameAbsent: "private" });
    expect(identity({ "Remote-Party-ID": [`${RPID};privacy=uri`] })).toEqual({ numberAbsent: "private", name: "Remote Party" });
    expect(identity({ "Remote-Party-ID": [`${RPID};privacy=off`] })).toEqual({ number: "4000", name: "Remote Party" });
  });

  it("treats an anonymous From as private", () => {
    expect(identity({}, '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1')).toEqual({ numberAbsent: "private", nameAbsent: "private" });
  });

  it("carries the time of the call", () => {
    const time = { month: 1, day: 2, hour: 3, minute: 4 };
    expect(callerIdentity(new FakeOfferedCall(FROM), time)).toEqual({ time, number: "2000", name: "From Name" });
  });
});
