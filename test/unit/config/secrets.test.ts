/**
 * Secrets: `redacted` never lets a password or hash out (checked on the serialized
 * output), and `restoreSecrets` keeps a stored password for "********" or an absent
 * one only when registrar and user still match. The store-level round trip is in
 * store.test.ts.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig, REDACTED, redacted, type Config } from "../../../src/config/index.js";
import { restoreSecrets } from "../../../src/config/secrets.js";

function stored(): Config {
  const config = defaultConfig();
  config.admin.passwordHash = "scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=";
  config.lines = [
    { ...config.lines[0]!, enabled: true, account: { ...config.lines[0]!.account, registrar: "sip.example.net", user: "1001", password: "line-zero-secret" } },
    { ...config.lines[0]!, account: { ...config.lines[0]!.account, registrar: "other.example.org", user: "2002", password: "line-one-secret" } },
  ];
  return config;
}

describe("redacted", () => {
  it("shows every secret as ******** and leaks none of them", () => {
    const config = stored();
    const out = JSON.stringify(redacted(config));
    for (const secret of ["line-zero-secret", "line-one-secret", config.admin.passwordHash!, "c2FsdHNhbHRzYWx0c2FsdA"]) {
      expect(out).not.toContain(secret);
    }
    const shown = redacted(config);
    expect(shown.lines.map((l) => l.account.password)).toEqual([REDACTED, REDACTED]);
    expect(shown.admin.passwordHash).toBe(REDACTED);
    expect(shown.lines[0]!.account.registrar).toBe("sip.example.net");
    expect(config.lines[0]!.account.password).toBe("line-zero-secret"); // a copy, not an edit
  });

  it("leaves an empty password empty, so the page can say none is set", () => {
    expect(redacted(defaultConfig()).lines[0]!.account.password).toBe("");
    expect(redacted(defaultConfig()).admin).toEqual({});
  });
});

describe("restoreSecrets", () => {
  it("keeps stored secrets for ******** and absent values, matching accounts even when lines move", () => {
    const incoming = redacted(stored());
    incoming.lines.reverse();
    delete (incoming.lines[0]!.account as Partial<Config["lines"][0]["account"]>).password;
    const { input, issues } = restoreSecrets(incoming, stored());
    expect(issues).toEqual([]);
    const lines = (input as Config).lines;
    expect(lines.map((l) => l.account.password)).toEqual(["line-one-secret", "line-zero-secret"]);
    expect((input as Config).admin.passwordHash).toBe(stored().admin.passwordHash);
    expect(incoming.lines[1]!.account.password).toBe(REDACTED); // the caller's object is untouched
  });

  it("does not carry a password to another registrar", () => {
    const incoming = redacted(stored());
    incoming.lines[0]!.account.registrar = "evil.example.com";
    const { issues } = restoreSecrets(incoming, stored());
    expect(issues).toEqual([{ path: "lines[0].account.password", message: expect.stringContaining("enter the password") as string }]);
    delete (incoming.lines[0]!.account as Partial<Config["lines"][0]["account"]>).password;
    const absent = restoreSecrets(incoming, stored());
    expect(absent.issues).toEqual([]);
    expect((absent.input as Config).lines[0]!.account.password).toBeUndefined();
  });

  it("takes a new password given in clear", () => {
    const incoming = redacted(stored());
    incoming.lines[0]!.account.password = "new-secret";
    expect((restoreSecrets(incoming, stored()).input as Config).lines[0]!.account.password).toBe("new-secret");
  });
});
