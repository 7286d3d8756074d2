/**
 * Admin password hashing: the stored form is scrypt$N$r$p$salt$hash with a random salt,
 * the right password verifies and others do not, and malformed or oversized hashes
 * are refused without hashing. Does not measure timing.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig, hashPassword, verifyAdminPassword, verifyPassword } from "../../../src/config/index.js";
import { isPasswordHash } from "../../../src/config/password.js";

describe("admin password hash", () => {
  it("stores scrypt parameters, a random salt and the key, never the password", async () => {
    const first = await hashPassword("correct horse");
    const second = await hashPassword("correct horse");
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("correct");
    expect(isPasswordHash(first)).toBe(true);
  });

  it("verifies the right password only", async () => {
    const hash = await hashPassword("correct horse");
    expect(await verifyPassword(hash, "correct horse")).toBe(true);
    expect(await verifyPassword(hash, "correct horsE")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
    expect(await verifyPassword(hash, "x".repeat(5000))).toBe(false);
  });

  it("checks the admin password of a configuration, refusing all when none is set", async () => {
    const config = defaultConfig();
    expect(await verifyAdminPassword(config, "")).toBe(false);
    config.admin.passwordHash = await hashPassword("s3cret");
    expect(await verifyAdminPassword(config, "s3cret")).toBe(true);
    expect(await verifyAdminPassword(config, "S3cret")).toBe(false);
  });

  it("refuses malformed hashes and parameters that would exhaust memory", async () => {
    const salt = Buffer.alloc(16, 1).toString("base64");
    const key = Buffer.alloc(32, 2).toString("base64");
    const bad = [
      "",
      "plain",
      `bcrypt$32768$8$1$${salt}$${key}`,
      `scrypt$32768$8$1$${salt}`,
      `scrypt$30000$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$1048576$32$1$${salt}$${key}`, // 4 GiB
      `scrypt$32768$x$1$${salt}$${key}`,
      `scrypt$32768$8$0$${salt}$${key}`,
      `scrypt$32768$8$1$${salt}$not*base64`,
      `scrypt$32768$8$1$AQ==$${key}`, // salt too short
    ];
    for (const hash of bad) {
      expect(isPasswordHash(hash), hash).toBe(false);
      expect(await verifyPassword(hash, "anything")).toBe(false);
    }
    expect(isPasswordHash(`scrypt$1024$8$1$${salt}$${key}`)).toBe(true);
  });
});
