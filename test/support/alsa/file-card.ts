/**
 * A sound card made of files, through alsa-lib's `file` plugin: the PCM `dialtone_<id>`
 * captures from a FIFO the test writes frames into (so the test is the card's capture clock,
 * one frame per write) and plays into a regular file the test reads back. Both directions
 * sit on a `null` slave, so no sound card is needed. The config file includes the system
 * alsa.conf first, and is handed to alsa-lib with ALSA_CONFIG_PATH. A fake
 * /proc/asound/cards lists (or stops listing) the card.
 */
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SYSTEM_ALSA_CONF = "/usr/share/alsa/alsa.conf";

function requireTools(): void {
  if (!existsSync(SYSTEM_ALSA_CONF)) throw new Error(`${SYSTEM_ALSA_CONF} is missing: apt-get install -y libasound2-dev alsa-utils`);
}

/** Line of /proc/asound/cards for a card, in the kernel's layout. */
export function cardsEntry(index: number, id: string, name: string): string {
  return `${String(index).padStart(2)} [${id.padEnd(15)}]: USB-Audio - ${name}\n                      Test Vendor ${name} at usb-0000:01:00.0-1.${index}, full speed\n`;
}

/** An open write end of the capture FIFO: each write is one whole frame (atomic below PIPE_BUF). */
export class CaptureFeeder {
  private fd: number | undefined;

  constructor(path: string) {
    // O_RDWR: opening never waits for the reader, and the FIFO outlives a reader that closes.
    this.fd = openSync(path, "r+");
  }

  write(frame: Int16Array): void {
    if (this.fd === undefined) throw new Error("feeder closed");
    writeSync(this.fd, Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }

  /** Closing the write end ends a blocked read with end-of-file, so the PCM can close. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export class FileCard {
  readonly dir: string;
  readonly pcmName: string;
  readonly configPath: string;
  readonly inputPath: string;
  readonly outputPath: string;
  readonly cardsPath: string;

  constructor(readonly id = "Device", readonly name = "USB Audio Device") {
    requireTools();
    this.dir = mkdtempSync(join(tmpdir(), "dialtone-alsa-"));
    this.pcmName = `dialtone_${id}`;
    this.configPath = join(this.dir, "asound.conf");
    this.inputPath = join(this.dir, "capture.fifo");
    this.outputPath = join(this.dir, "playback.raw");
    this.cardsPath = join(this.dir, "cards");
    writeFileSync(
      this.configPath,
      [
        `<${SYSTEM_ALSA_CONF}>`,
        `pcm.${this.pcmName} {`,
        `  type asym`,
        `  capture.pcm { type file slave.pcm "null" file "/dev/null" infile "${this.inputPath}" format "raw" }`,
        `  playback.pcm { type file slave.pcm "null" file "${this.outputPath}" format "raw" }`,
        `}`,
        ``,
      ].join("\n"),
    );
    this.createInput();
    this.list(true);
  }

  /** Environment for child processes (arecord/aplay) that must see this card. */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, ALSA_CONFIG_PATH: this.configPath };
  }

  /** Points this process's alsa-lib (the addon) at this card's config. */
  useInThisProcess(): void {
    process.env.ALSA_CONFIG_PATH = this.configPath;
  }

  /** Lists the card in the fake cards file (at `index`, after an unrelated onboard card), or removes it. */
  list(present: boolean, index = 1): void {
    const onboard = cardsEntry(0, "Headphones", "bcm2835 Headphones");
    writeFileSync(this.cardsPath, onboard + (present ? cardsEntry(index, this.id, this.name) : ""));
  }

  /** Without its FIFO the capture PCM fails to open (ENOENT), as a card that is not back yet. */
  removeInput(): void {
    unlinkSync(this.inputPath);
  }

  createInput(): void {
    execFileSync("mkfifo", [this.inputPath]);
  }

  feeder(): CaptureFeeder {
    return new CaptureFeeder(this.inputPath);
  }

  /** Everything played so far, as samples (the plugin writes whole periods). */
  output(): Int16Array {
    if (!existsSync(this.outputPath)) return new Int16Array(0);
    const bytes = readFileSync(this.outputPath);
    return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length - (bytes.length % 2)));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Non-zero frames in which no value repeats within the first 65532 samples (so a slip by any amount shows). */
export function numberedFrames(count: number, frameSamples = 160, first = 0): Int16Array[] {
  return Array.from({ length: count }, (_, i) =>
    Int16Array.from({ length: frameSamples }, (_, j) => {
      const n = (first + i) * frameSamples + j;
      const magnitude = 1 + (n % 32766);
      return Math.floor(n / 32766) % 2 === 0 ? magnitude : -magnitude;
    }),
  );
}

/** Waits for `done()` by probing, failing with `what` after `deadlineMs` (real time: the peers are real threads and processes). */
export async function waitUntil(done: () => boolean, what: string, deadlineMs = 5000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
