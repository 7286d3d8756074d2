/**
 * createResponse (RFC 3261 §8.2.6) and reasonPhrase (§21 and extensions).
 * Not covered: choosing the status (the UA's job).
 */
import { describe, expect, it } from "vitest";
import { createResponse, parseMessage, reasonPhrase, serializeMessage } from "../../../../src/sip/message/index.js";
import type { SipRequest } from "../../../../src/sip/message/index.js";
import { INVITE, crlf } from "./samples.js";

function invite(extra: string[] = []): SipRequest {
  const text = INVITE.replace("User-Agent: dialtone/0.1\r\n", ["User-Agent: dialtone/0.1", ...extra, ""].join("\r\n"));
  const result = parseMessage(Buffer.from(text));
  if (!result.ok || result.value.type !== "request") throw new Error("bad sample");
  return result.value;
}

describe("createResponse", () => {
  it("copies Via (all, in order), From, To, Call-ID and CSeq, and nothing else", () => {
    const request = invite();
    request.headers.prepend("Via", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp");
    const response = createResponse(request, 486);
    expect(response.reason).toBe("Busy Here");
    expect(response.headers.all().map((f) => f.name)).toEqual(["Via", "Via", "To", "From", "Call-ID", "CSeq"]);
    expect(response.headers.getAll("Via")).toEqual(request.headers.getAll("Via"));
    expect(response.body.length).toBe(0);
  });

  it("adds the To tag only when To has none", () => {
    expect(createResponse(invite(), 180, { toTag: "xyz" }).headers.get("To")).toBe('"Bob" <sip:bob@biloxi.example.com>;tag=xyz');
    const tagged = invite();
    tagged.headers.set("To", "<sip:bob@biloxi.example.com>;tag=old");
    expect(createResponse(tagged, 200, { toTag: "new" }).headers.get("To")).toBe("<sip:bob@biloxi.example.com>;tag=old");
  });

  it("copies Timestamp into a 100 only (§8.2.6.1) and honours a custom reason", () => {
    expect(createResponse(invite(["Timestamp: 54"]), 100).headers.get("Timestamp")).toBe("54");
    expect(createResponse(invite(["Timestamp: 54"]), 180).headers.has("Timestamp")).toBe(false);
    expect(createResponse(invite(), 603, { reason: "Go Away" }).reason).toBe("Go Away");
  });

  it("serializes to a message that parses", () => {
    const bytes = serializeMessage(createResponse(invite(), 200, { toTag: "t1" }));
    expect(bytes.toString().startsWith(crlf(["SIP/2.0 200 OK", ""]))).toBe(true);
    expect(parseMessage(bytes).ok).toBe(true);
  });
});

describe("reasonPhrase", () => {
  it.each([
    [100, "Trying"], [180, "Ringing"], [183, "Session Progress"], [199, "Early Dialog Terminated"], [200, "OK"],
    [204, "No Notification"], [302, "Moved Temporarily"], [401, "Unauthorized"], [407, "Proxy Authentication Required"],
    [412, "Conditional Request Failed"], [416, "Unsupported URI Scheme"], [422, "Session Interval Too Small"],
    [423, "Interval Too Brief"], [428, "Use Identity Header"], [429, "Provide Referrer Identity"],
    [433, "Anonymity Disallowed"], [439, "First Hop Lacks Outbound Support"], [440, "Max-Breadth Exceeded"],
    [469, "Bad Info Package"], [470, "Consent Needed"], [480, "Temporarily Unavailable"],
    [481, "Call/Transaction Does Not Exist"], [489, "Bad Event"], [491, "Request Pending"], [493, "Undecipherable"],
    [494, "Security Agreement Required"], [505, "Version Not Supported"], [580, "Precondition Failure"],
    [603, "Decline"], [607, "Unwanted"], [608, "Rejected"], [299, "Unknown"],
  ])("%i → %s", (status, phrase) => {
    expect(reasonPhrase(status)).toBe(phrase);
  });
});
