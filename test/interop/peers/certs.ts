/**
 * A throwaway certificate authority and a server certificate for "localhost" and 127.0.0.1,
 * made with the openssl command line into a temporary directory. For Kamailio's TLS listener
 * and for our TLS client tests (trust `caCertPem`).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { requireProgram } from "./binaries.js";

const run = promisify(execFile);
const OPENSSL_TIMEOUT_MS = 15_000;

export interface TestCerts {
  dir: string;
  caCertPath: string;
  caCertPem: string;
  certPath: string;
  certPem: string;
  keyPath: string;
  keyPem: string;
  /** Deletes the directory. */
  remove(): Promise<void>;
}

export interface CertOptions {
  /** Subject alternative names besides DNS:localhost and IP:127.0.0.1. */
  extraDnsNames?: string[];
  validDays?: number;
}

/** Creates the CA and a server certificate it signed (P-256 keys, SHA-256). */
export async function makeTestCerts(options: CertOptions = {}): Promise<TestCerts> {
  const openssl = requireProgram("openssl");
  const dir = await mkdtemp(join(tmpdir(), "dialtone-certs-"));
  const path = (name: string): string => join(dir, name);
  const days = String(options.validDays ?? 2);
  const openSsl = (args: string[]): Promise<unknown> =>
    run(openssl, args, { cwd: dir, timeout: OPENSSL_TIMEOUT_MS });
  const names = ["DNS:localhost", "IP:127.0.0.1", ...(options.extraDnsNames ?? []).map((n) => `DNS:${n}`)];

  try {
    await openSsl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("ca.key")]);
    await openSsl([
      "req", "-x509", "-new", "-key", path("ca.key"), "-sha256", "-days", days,
      "-subj", "/CN=dialtone test CA",
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      "-out", path("ca.pem"),
    ]);
    await openSsl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("server.key")]);
    await openSsl(["req", "-new", "-key", path("server.key"), "-subj", "/CN=localhost", "-out", path("server.csr")]);
    await writeFile(
      path("server.ext"),
      [
        "basicConstraints=CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth,clientAuth",
        `subjectAltName=${names.join(",")}`,
        "",
      ].join("\n"),
    );
    await openSsl([
      "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
      "-CAcreateserial", "-sha256", "-days", days, "-extfile", path("server.ext"), "-out", path("server.pem"),
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`openssl failed to make test certificates: ${(error as Error).message}`);
  }

  return {
    dir,
    caCertPath: path("ca.pem"),
    caCertPem: await readFile(path("ca.pem"), "utf8"),
    certPath: path("server.pem"),
    certPem: await readFile(path("server.pem"), "utf8"),
    keyPath: path("server.key"),
    keyPem: await readFile(path("server.key"), "utf8"),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
