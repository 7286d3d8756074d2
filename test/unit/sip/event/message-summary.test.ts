/**
 * parseMessageSummary (RFC 3842 §5.2) with the RFC's own example, the bodies
 * Asterisk sends, odd case and spacing, optional message headers after the blank
 * line, and bodies that are not summaries; and the Event / Subscription-State
 * header readers (RFC 6665 §8.2). Not covered: how NOTIFYs carrying them are
 * answered (subscription-client and account-mwi tests).
 */
import { describe, expect, it } from "vitest";
import { parseEvent, parseMessageSummary, parseSubscriptionState, voiceCounts } from "../../../../src/sip/event/index.js";

describe("parseMessageSummary", () => {
  it("reads the RFC 3842 §5.2 example, urgent counts included", () => {
    const body = "Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 4/8 (1/2)\r\n";
    const parsed = parseMessageSummary(body);
    expect(parsed).toEqual({
      ok: true,
      value: { messagesWaiting: true, account: "sip:alice@vmail.example.com", classes: { "voice-message": { newCount: 4, oldCount: 8, urgentNew: 1, urgentOld: 2 } } },
    });
  });

  it("is lenient about case, spacing, bare LF and extension lines, and stops at the blank line", () => {
    const body = "\n  messages-waiting :   NO \nVOICE-MESSAGE:0 / 3\nfax-message: 1/0(0/0)\nX-Vendor: whatever\n\nTo: <sip:alice@example.com>\nVoice-Message: 9/9\n";
    const parsed = parseMessageSummary(body);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.messagesWaiting).toBe(false);
    expect(parsed.value.account).toBeUndefined();
    expect(voiceCounts(parsed.value)).toEqual({ newCount: 0, oldCount: 3, urgentNew: 0, urgentOld: 0 });
    expect(parsed.value.classes["fax-message"]).toEqual({ newCount: 1, oldCount: 0, urgentNew: 0, urgentOld: 0 });
    expect(Object.keys(parsed.value.classes)).toEqual(["voice-message", "fax-message"]);
  });

  it("reports zero voice messages when the summary names none", () => {
    const parsed = parseMessageSummary("Messages-Waiting: yes");
    expect(parsed.ok && voiceCounts(parsed.value).newCount).toBe(0);
  });

  it("says why a body is not a summary", () => {
    expect(parseMessageSummary("")).toEqual({ ok: false, error: "not a message-summary: no Messages-Waiting line" });
    expect(parseMessageSummary("<presence/>")).toEqual({ ok: false, error: 'not a message-summary: line 1 is not "name: value"' });
    expect(parseMessageSummary("Messages-Waiting: maybe")).toEqual({ ok: false, error: 'Messages-Waiting must be yes or no, got "maybe"' });
    expect(parseMessageSummary("Messages-Waiting: yes\r\nVoice-Message: lots")).toEqual({
      ok: false, error: 'voice-message: counts must read new/old (urgent-new/urgent-old), got "lots"',
    });
    expect(parseMessageSummary("Voice-Message: 1/2").ok).toBe(false);
  });
});

describe("event header fields", () => {
  it("reads Event with its id, package names in any case", () => {
    expect(parseEvent("Message-Summary;id=7")).toEqual({ ok: true, value: { package: "message-summary", id: "7" } });
    expect(parseEvent(undefined).ok).toBe(false);
    expect(parseEvent("bad event").ok).toBe(false);
  });

  it("reads Subscription-State with expires, reason and retry-after", () => {
    expect(parseSubscriptionState("Terminated;reason=Probation;retry-after=30")).toEqual({
      ok: true, value: { state: "terminated", expiresSec: undefined, reason: "probation", retryAfterSec: 30 },
    });
    expect(parseSubscriptionState("active ; expires=600")).toEqual({
      ok: true, value: { state: "active", expiresSec: 600, reason: undefined, retryAfterSec: undefined },
    });
    expect(parseSubscriptionState("dormant").ok).toBe(false);
    expect(parseSubscriptionState("active;;").ok).toBe(false);
  });
});
