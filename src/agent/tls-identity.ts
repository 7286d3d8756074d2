/**
 * The certificate our TLS listener presents. An ATA has no name a public CA would
 * sign, so, like commercial ATAs, it makes a self-signed certificate at first start
 * and keeps it (key file mode 0600) in a folder beside the configuration file.
 * Registrars do not verify a client's certificate unless set up for mutual TLS.
 */
import { execFile } from "node:child_process";
import { chmod, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Logger } from "../util/log.js";
import { err, ok } from "../util/result.js";
import type { Result } from "../util/result.js";

export interface TlsIdentity {
  key: string;
  cert: string;
}

const run = promisify(execFile);

export async function loadOrCreateTlsIdentity(dir: string, log: Logger): Promise<Result<TlsIdentity>> {
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  const existing = await read(keyPath, certPath);
  if (existing) return ok(existing);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "3650",
      "-subj", "/CN=dialtone", "-keyout", keyPath, "-out", certPath,
    ], { timeout: 30_000 });
    await chmod(keyPath, 0o600);
  } catch (error) {
    return err(`could not make a TLS certificate in ${dir} with openssl (install it: sudo apt-get install openssl): ${(error as Error).message}`);
  }
  log.info(`made a self-signed TLS certificate in ${dir}`);
  const made = await read(keyPath, certPath);
  return made ? ok(made) : err(`TLS certificate in ${dir} unreadable after creating it`);
}

async function read(keyPath: string, certPath: string): Promise<TlsIdentity | undefined> {
  try {
    return { key: await readFile(keyPath, "utf8"), cert: await readFile(certPath, "utf8") };
  } catch {
    return undefined; // not made yet
  }
}
