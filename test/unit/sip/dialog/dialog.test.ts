/**
 * Dialog state (RFC 3261 §12) from wire messages: the UAC's dialog from a 1xx/2xx
 * (route set = Record-Route reversed, remote target = Contact, local CSeq = the
 * INVITE's), the UAS's (route set in order, remote CSeq), in-dialog requests with
 * loose and strict routing (§12.2.1.1), the ACK's CSeq, the §12.2.2 order check
 * and target refresh, and lookup in a DialogTable.
 * Not covered: what sessions do with dialogs (test/unit/sip/session).
 */
import { describe, expect, it } from "vitest";
import {
  Dialog, DialogState, DialogTable, incomingRequestDialogId, newCallId, newTag, initialCSeq,
} from "../../../../src/sip/dialog/index.js";
import type { SipRequest } from "../../../../src/sip/message/index.js";
import { LOCAL_CONTACT, peerRequest, peerResponse } from "../session/harness.js";

/** An INVITE as we would have sent it (From tag "ours"), parsed from the wire. */
function ourInvite(): SipRequest {
  return peerRequest("INVITE", { cseq: 4711, fromTag: "ours", contact: "<sip:1001@192.0.2.10:5060>", uri: "sip:2002@example.net" });
}

function uac(recordRoute: string[], contact = "<sip:2002@198.51.100.20:5070>", status = 200): Dialog {
  const invite = ourInvite();
  const response = peerResponse(invite, status, { toTag: "theirs", recordRoute, contact });
  const dialog = Dialog.asUac(invite, response, LOCAL_CONTACT);
  if (!dialog.ok) throw new Error(dialog.error);
  return dialog.value;
}

describe("Dialog", () => {
  it("builds the UAC dialog from a 2xx: ids, reversed route set, Contact as target", () => {
    const dialog = uac(["<sip:p2.example.net;lr>", "<sip:p1.example.net;lr>"]);
    expect(dialog.id).toEqual({ callId: "call-1@198.51.100.20", localTag: "ours", remoteTag: "theirs" });
    expect(dialog.state).toBe(DialogState.Confirmed);
    expect(dialog.localSeq).toBe(4711);
    expect(dialog.remoteSeq).toBeUndefined();
    expect(dialog.routeSet.map((r) => r.uri.host)).toEqual(["p1.example.net", "p2.example.net"]);
    expect(dialog.remoteTarget.port).toBe(5070);
    expect(dialog.secure).toBe(false);
  });

  it("loose routing: Request-URI is the remote target, Route is the route set; CSeq goes up by one", () => {
    const dialog = uac(["<sip:p2.example.net;lr>", "<sip:p1.example.net;lr>"]);
    const bye = dialog.createRequest("BYE");
    expect(bye.uri).toBe("sip:2002@198.51.100.20:5070");
    expect(bye.headers.getAll("Route")).toEqual(["<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>"]);
    expect(bye.headers.get("CSeq")).toBe("4712 BYE");
    expect(bye.headers.get("From")).toBe("Peer <sip:2002@example.net>;tag=ours");
    expect(bye.headers.get("To")).toBe("<sip:1001@example.net>;tag=theirs");
    expect(bye.headers.has("Contact")).toBe(false);
    const reinvite = dialog.createRequest("INVITE", { body: "v=0\r\n" });
    expect(reinvite.headers.get("CSeq")).toBe("4713 INVITE");
    expect(reinvite.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    expect(reinvite.headers.get("Content-Type")).toBe("application/sdp");
    expect(dialog.createAck(4713).headers.get("CSeq")).toBe("4713 ACK");
  });

  it("strict routing: first route as Request-URI, remote target as the last Route", () => {
    const dialog = uac(["<sip:p2.example.net;lr>", "<sip:p1.example.net;method=INVITE>"]);
    const bye = dialog.createRequest("BYE");
    expect(bye.uri).toBe("sip:p1.example.net");
    expect(bye.headers.getAll("Route")).toEqual(["<sip:p2.example.net;lr>", "<sip:2002@198.51.100.20:5070>"]);
  });

  it("an early dialog from a 1xx is confirmed by the 2xx, which sets route set and target", () => {
    const invite = ourInvite();
    const early = Dialog.asUac(invite, peerResponse(invite, 180, { toTag: "theirs", contact: "<sip:early@198.51.100.20>" }), LOCAL_CONTACT);
    if (!early.ok) throw new Error(early.error);
    expect(early.value.state).toBe(DialogState.Early);
    early.value.confirm(peerResponse(invite, 200, { toTag: "theirs", recordRoute: ["<sip:p.example.net;lr>"] }));
    expect(early.value.state).toBe(DialogState.Confirmed);
    expect(early.value.remoteTarget.user).toBe("peer");
    expect(early.value.routeSet.map((r) => r.uri.host)).toEqual(["p.example.net"]);
  });

  it("builds the UAS dialog from the INVITE: route set in order, remote CSeq, random local CSeq below 2^31", () => {
    const invite = peerRequest("INVITE", { cseq: 3, recordRoute: ["<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>"] });
    const made = Dialog.asUas(invite, { localTag: "mine", localContact: LOCAL_CONTACT, overTls: false });
    if (!made.ok) throw new Error(made.error);
    const dialog = made.value;
    expect(dialog.id).toEqual({ callId: "call-1@198.51.100.20", localTag: "mine", remoteTag: "peer-tag" });
    expect(dialog.remoteSeq).toBe(3);
    expect(dialog.localSeq).toBeUndefined();
    const bye = dialog.createRequest("BYE");
    expect(bye.headers.getAll("Route")).toEqual(["<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>"]);
    expect(bye.uri).toBe("sip:2002@198.51.100.20:5060");
    expect(dialog.localSeq).toBeGreaterThan(0);
    expect(dialog.localSeq).toBeLessThan(2 ** 31);
  });

  it("checks incoming CSeq order (§12.2.2) and refreshes the target from a Contact", () => {
    const made = Dialog.asUas(peerRequest("INVITE", { cseq: 3 }), { localTag: "mine", localContact: LOCAL_CONTACT, overTls: false });
    if (!made.ok) throw new Error(made.error);
    const dialog = made.value;
    expect(dialog.receiveRequest(peerRequest("INFO", { cseq: 5, toTag: "mine" }))).toEqual({ ok: true, value: undefined });
    expect(dialog.receiveRequest(peerRequest("BYE", { cseq: 4, toTag: "mine" }))).toEqual({ ok: false, error: 500 });
    expect(dialog.remoteSeq).toBe(5);
    dialog.refreshTarget(peerRequest("INVITE", { cseq: 6, toTag: "mine", contact: "<sip:2002@203.0.113.9>" }));
    expect(dialog.remoteTarget.host).toBe("203.0.113.9");
  });

  it("refuses to build a UAS dialog without Contact; sets secure only for sips over TLS", () => {
    expect(Dialog.asUas(peerRequest("INVITE", { contact: "" }), { localTag: "t", localContact: LOCAL_CONTACT, overTls: false }).ok).toBe(false);
    const sips = peerRequest("INVITE", { uri: "sips:1001@example.net" });
    const secure = Dialog.asUas(sips, { localTag: "t", localContact: LOCAL_CONTACT, overTls: true });
    expect(secure.ok && secure.value.secure).toBe(true);
  });
});

describe("DialogTable", () => {
  it("finds a dialog by Call-ID, local tag and remote tag of an incoming request", () => {
    const table = new DialogTable<string>();
    table.add({ callId: "call-1@198.51.100.20", localTag: "mine", remoteTag: "peer-tag" }, "A");
    table.add({ callId: "call-1@198.51.100.20", localTag: "mine", remoteTag: "other" }, "B");
    const id = incomingRequestDialogId(peerRequest("BYE", { toTag: "mine" }))!;
    expect(table.get(id)).toBe("A");
    expect(table.get({ ...id, localTag: "x" })).toBeUndefined();
    table.remove(id, "B"); // not the owner: stays
    expect(table.get(id)).toBe("A");
    table.remove(id, "A");
    expect(table.size).toBe(1);
  });
});

describe("identifiers", () => {
  it("are fresh and of the right shape", () => {
    expect(newTag()).not.toBe(newTag());
    expect(newCallId("host.example")).toMatch(/^[0-9a-f]{24}@host\.example$/);
    const seqs = Array.from({ length: 100 }, initialCSeq);
    expect(Math.max(...seqs)).toBeLessThan(2 ** 31);
    expect(Math.min(...seqs)).toBeGreaterThan(0);
  });
});
