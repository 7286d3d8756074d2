/**
 * lines[n].features and the account's message-waiting keys: every default of
 * features-spec.md is filled in; each bad field (kind, range, number form, star code form,
 * duplicate and prefix codes, unknown keys) is refused at its own path with what is
 * allowed; good forward targets (digits, *, #, +E.164, sip: URIs with a user) pass.
 * Does not cover handset changes or saving (feature-change.test.ts) nor the matcher
 * (test/unit/call/features).
 */
import { describe, expect, it } from "vitest";
import { checkDialTarget, defaultConfig, defaultStarCodes, validateConfig, type Config, type ConfigIssue } from "../../../src/config/index.js";

function withFeatures(features: Record<string, unknown>, account: Record<string, unknown> = {}): unknown {
  return { lines: [{ features, account }] };
}

function issuesOf(input: unknown): ConfigIssue[] {
  const result = validateConfig(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error;
}

function accepted(input: unknown): Config {
  const result = validateConfig(input);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe("lines[n].features", () => {
  it("fills every feature, star code and MWI key with the spec's default", () => {
    const line = accepted({ lines: [{}] }).lines[0]!;
    expect(line.features).toEqual({
      callWaiting: true, callWaitingCallerId: true, threeWay: true, transfer: true,
      flashStyle: "northAmerican", flashRelay: "off", dnd: false,
      forwardAll: "", forwardBusy: "", forwardNoAnswer: "", forwardNoAnswerDelaySec: 20,
      blockCallerId: false, anonymousCallRejection: false, hotline: "", hotlineDelaySec: 0, visualMwi: true,
      starCodes: {
        forwardAllOn: "*72", forwardAllOff: "*73", forwardBusyOn: "*90", forwardBusyOff: "*91",
        forwardNoAnswerOn: "*92", forwardNoAnswerOff: "*93", dndOn: "*78", dndOff: "*79",
        callWaitingOn: "*56", callWaitingOff: "*57", cwOffNextCall: "*70",
        blockCallerIdOn: "*30", blockCallerIdOff: "*31", hideIdNextCall: "*67", showIdNextCall: "*82",
        anonymousCallRejectionOn: "*77", anonymousCallRejectionOff: "*87", callReturn: "*69", redial: "*66",
      },
    });
    expect(line.account).toMatchObject({ mwiSubscribe: false, mwiUri: "", mwiExpiresSec: 3600 });
    expect(defaultConfig().lines[0]!.features.starCodes).toEqual(defaultStarCodes());
  });

  it("keeps the values given and fills the rest", () => {
    const features = accepted(withFeatures({
      dnd: true, flashStyle: "nordic", flashRelay: "info", forwardNoAnswer: "sip:voicemail@pbx.example.net", forwardNoAnswerDelaySec: 300,
      hotline: "911", hotlineDelaySec: 60, starCodes: { redial: "#9999" },
    })).lines[0]!.features;
    expect(features).toMatchObject({ dnd: true, flashStyle: "nordic", flashRelay: "info", forwardNoAnswerDelaySec: 300, hotline: "911", hotlineDelaySec: 60 });
    expect(features.starCodes).toMatchObject({ redial: "#9999", callReturn: "*69" });
  });

  it("takes numbers and sip: URIs as forward and hot line targets", () => {
    for (const target of ["", "1002", "*97", "18005551234#", "+4930123456", "sip:1002@pbx.example.net", "sips:alice@example.com:5061;transport=tls", "sip:pbx.example.net"]) {
      expect(checkDialTarget(target), target).toEqual({ ok: true, value: undefined });
      expect(accepted(withFeatures({ forwardAll: target, hotline: target })).lines[0]!.features.forwardAll).toBe(target);
    }
  });

  it("names the path of each bad field and says what is allowed", () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ callWaiting: "yes" }, "callWaiting", 'must be true or false (got "yes")'],
      [{ flashStyle: "european" }, "flashStyle", 'must be one of northAmerican, nordic (got "european")'],
      [{ flashRelay: "sipinfo" }, "flashRelay", "must be one of off, rfc4733, info"],
      [{ forwardAll: "call mum" }, "forwardAll", 'must be empty, a number of digits, * and # (up to 32), or a sip:/sips: URI (got "call mum")'],
      [{ forwardBusy: "1".repeat(33) }, "forwardBusy", "up to 32"],
      [{ forwardNoAnswer: "sip:bob@@pbx" }, "forwardNoAnswer", "must be a host name or IP address"],
      [{ forwardNoAnswer: "sip:bo b@pbx" }, "forwardNoAnswer", "malformed user part"],
      [{ hotline: 911 }, "hotline", "must be a string (got 911)"],
      [{ forwardNoAnswerDelaySec: 0 }, "forwardNoAnswerDelaySec", "must be a whole number from 1 to 300 (got 0)"],
      [{ forwardNoAnswerDelaySec: 301 }, "forwardNoAnswerDelaySec", "from 1 to 300"],
      [{ hotlineDelaySec: 61 }, "hotlineDelaySec", "must be a whole number from 0 to 60 (got 61)"],
      [{ hotlineDelaySec: 1.5 }, "hotlineDelaySec", "from 0 to 60"],
      [{ dnd: null }, "dnd", "(got null)"],
      [{ starCodes: { forwardAllOn: "72" } }, "starCodes.forwardAllOn", 'must be * or # followed by 1 to 4 digits (got "72")'],
      [{ starCodes: { redial: "*12345" } }, "starCodes.redial", "1 to 4 digits"],
      [{ starCodes: { redial: "*" } }, "starCodes.redial", "1 to 4 digits"],
      [{ starCodes: { redial: "*6A" } }, "starCodes.redial", "1 to 4 digits"],
      [{ starCodes: { redial: 66 } }, "starCodes.redial", "must be a string (got 66)"],
      [{ starCodes: { redial: "*69" } }, "starCodes.redial", 'is "*69", the same as starCodes.callReturn'],
      [{ starCodes: { forwardAllOn: "*7" } }, "starCodes.forwardAllOn", '"*7" and starCodes.forwardAllOff ("*73") must not start one another'],
      [{ starCodes: { redial: "*691" } }, "starCodes.redial", '"*691" and starCodes.callReturn ("*69") must not start one another'],
      [{ starCodes: { dndOn: "*6" } }, "starCodes.dndOn", '"*6" and starCodes.hideIdNextCall ("*67")'],
      [{ starCodes: { redail: "*66" } }, "starCodes.redail", 'unknown key; did you mean "redial"?'],
      [{ callWaitting: true }, "callWaitting", 'unknown key; did you mean "callWaiting"?'],
      [{ starCodes: [] }, "starCodes", "must be an object (got an array)"],
    ];
    for (const [features, key, message] of cases) {
      const path = `lines[0].features.${key}`;
      const issues = issuesOf(withFeatures(features));
      expect(issues.map((i) => i.path), JSON.stringify(features)).toEqual([path]);
      expect(issues[0]!.message, path).toContain(message);
    }
  });

  it("reports a clash between two codes the user wrote at the later one, naming the earlier", () => {
    const issues = issuesOf(withFeatures({ starCodes: { dndOn: "*11", dndOff: "*11", redial: "*1" } }));
    expect(issues).toEqual([
      { path: "lines[0].features.starCodes.dndOff", message: 'is "*11", the same as starCodes.dndOn' },
      { path: "lines[0].features.starCodes.redial", message: '"*1" and starCodes.dndOn ("*11") must not start one another' },
    ]);
    // Moving every code somewhere new is fine as long as the table stays unambiguous.
    const moved = Object.fromEntries(Object.keys(defaultStarCodes()).map((code, i) => [code, `#${100 + i}`]));
    expect(accepted(withFeatures({ starCodes: moved })).lines[0]!.features.starCodes).toEqual(moved);
  });

  it("checks the account's MWI keys: boolean, a URI with or without user, 60..86400 s", () => {
    const account = accepted(withFeatures({}, { mwiSubscribe: true, mwiUri: "sip:*97@pbx.example.net", mwiExpiresSec: 60 })).lines[0]!.account;
    expect(account).toMatchObject({ mwiSubscribe: true, mwiUri: "sip:*97@pbx.example.net", mwiExpiresSec: 60 });
    expect(accepted(withFeatures({}, { mwiUri: "pbx.example.net:5080" })).lines[0]!.account.mwiUri).toBe("pbx.example.net:5080");
    const cases: [Record<string, unknown>, string, string][] = [
      [{ mwiSubscribe: 1 }, "mwiSubscribe", "must be true or false (got 1)"],
      [{ mwiUri: "sip:1001@" }, "mwiUri", "must name a host"],
      [{ mwiUri: "mailbox 1001" }, "mwiUri", "must be a host name or IP address"],
      [{ mwiExpiresSec: 59 }, "mwiExpiresSec", "must be a whole number from 60 to 86400 (got 59)"],
      [{ mwiExpiresSec: 86_401 }, "mwiExpiresSec", "from 60 to 86400"],
    ];
    for (const [fields, key, message] of cases) {
      const issues = issuesOf(withFeatures({}, fields));
      expect(issues.map((i) => i.path), JSON.stringify(fields)).toEqual([`lines[0].account.${key}`]);
      expect(issues[0]!.message).toContain(message);
    }
  });
});
