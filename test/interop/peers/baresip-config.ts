/**
 * Writes the configuration directory baresip (Debian baresip-core 1.0.0) runs from, for one
 * far phone in an interop test:
 *   account   one SIP account registering at the test registrar, auto-answer, chosen codecs,
 *             optional `mediaenc=srtp-mand` (RFC 4568 SDES keys, RTP/SAVP);
 *   audio     `aufile` source reads a WAV file (8 kHz mono S16); no player module: the
 *             `sndfile` filter writes what baresip decodes (and what it encodes) to WAV files
 *             in the recordings directory, one pair per call (1.0.0's aufile has no player);
 *   control   `ctrl_tcp` (netstring JSON commands and events) and `cons` (key presses: in a
 *             call, 0-9 * # start a DTMF digit and 0x04 ends it), both on loopback ports;
 *   network   `net_interface 127.0.0.1`, so SDP and RTP stay on loopback.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const BARESIP_MODULES_DIR = "/usr/lib/baresip/modules";

/** Modules every far phone loads, in load order (codecs and sources before applications). */
export const BARESIP_MODULES = ["g711", "aufile", "cons"] as const;
export const BARESIP_RECORDING_MODULE = "sndfile";
export const BARESIP_APP_MODULES = ["account", "menu", "ctrl_tcp"] as const;
export const BARESIP_SRTP_MODULE = "srtp";

export interface BaresipConfigInput {
  user: string;
  password: string;
  registrar: { host: string; port: number };
  /** WAV file played as the microphone. */
  audioSourcePath: string;
  /** Where sndfile writes dump-<time>-dec.wav (received) and -enc.wav (sent). */
  recordingsDir: string;
  ctrlPort: number;
  consPort: number;
  /** Codec names in preference order, as baresip spells them ("PCMU", "PCMA"). */
  codecs: readonly string[];
  /** "mandatory": only SRTP calls (srtp-mand); "off": plain RTP. */
  srtp: "off" | "mandatory";
  /** Load sndfile (recordings); off for benchmarks, where disk writes would skew baresip's CPU. */
  record: boolean;
  ptimeMs: number;
  /** Registration interval in seconds. */
  registerIntervalSec: number;
}

const TOKEN = /^[A-Za-z0-9._~+-]+$/;

function token(what: string, value: string): string {
  if (!TOKEN.test(value)) throw new Error(`baresip ${what} ${JSON.stringify(value)} has characters the config cannot hold`);
  return value;
}

function path(what: string, value: string): string {
  if (/[\s,;]/.test(value)) throw new Error(`baresip ${what} path ${JSON.stringify(value)} must not contain spaces, commas or semicolons`);
  return value;
}

export function renderBaresipConfig(input: BaresipConfigInput): string {
  const modules = [
    ...BARESIP_MODULES,
    ...(input.record ? [BARESIP_RECORDING_MODULE] : []),
    ...(input.srtp === "off" ? [] : [BARESIP_SRTP_MODULE]),
  ];
  return [
    "# Written by test/interop/peers/baresip-config.ts for one test run.",
    "poll_method\tepoll",
    // Port 0: baresip also binds TCP and TLS next to its UDP port; let the kernel pick all three.
    "sip_listen\t127.0.0.1:0",
    "net_interface\t127.0.0.1",
    `module_path\t${BARESIP_MODULES_DIR}`,
    `audio_source\taufile,${path("audio source", input.audioSourcePath)}`,
    "audio_alert\tnone",
    `snd_path\t${path("recordings", input.recordingsDir)}`,
    `ctrl_tcp_listen\t127.0.0.1:${input.ctrlPort}`,
    `cons_listen\t127.0.0.1:${input.consPort}`,
    "statmode_default\toff",
    ...modules.map((m) => `module\t${m}.so`),
    ...BARESIP_APP_MODULES.map((m) => `module_app\t${m}.so`),
    "",
  ].join("\n");
}

export function renderBaresipAccount(input: BaresipConfigInput): string {
  const params = [
    `auth_pass=${token("password", input.password)}`,
    `regint=${input.registerIntervalSec}`,
    "answermode=auto",
    `audio_codecs=${input.codecs.map((c) => token("codec", c)).join(",")}`,
    `ptime=${input.ptimeMs}`,
    ...(input.srtp === "mandatory" ? ["mediaenc=srtp-mand"] : []),
  ];
  return `<sip:${token("user", input.user)}@${input.registrar.host}:${input.registrar.port}>;${params.join(";")}\n`;
}

/** Writes `config` and `accounts` into `dir` (created if needed). */
export async function writeBaresipConfig(dir: string, input: BaresipConfigInput): Promise<void> {
  await mkdir(dir, { recursive: true });
  await mkdir(input.recordingsDir, { recursive: true });
  await writeFile(join(dir, "config"), renderBaresipConfig(input));
  await writeFile(join(dir, "accounts"), renderBaresipAccount(input), { mode: 0o600 });
}
