/**
 * A Duplex on `arecord` and `aplay` (alsa-utils), for when our addon is not built: raw
 * S16_LE mono at 8 kHz on their stdout and stdin. arecord's output paces everything, as the
 * card's capture clock does for the addon: for each captured period one period (queued
 * audio or silence) is written to aplay, then the captured one is delivered. Either process exiting ends the
 * duplex as "gone" (AlsaLineAudio restarts it once the card is listed again).
 * Samples are in host byte order, little-endian on every Pi and PC we target.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Clock, Timer } from "../../src/util/clock.js";
import type { Duplex, DuplexEvents, DuplexOptions, OpenDuplex } from "./duplex.js";

export interface ProcessDuplexSettings {
  readonly clock: Clock;
  /** Environment of the children (ALSA_CONFIG_PATH reaches alsa-lib this way); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly arecordPath?: string;
  readonly aplayPath?: string;
  /** After close(), children still running this long are killed with SIGKILL. */
  readonly killAfterMs?: number;
}

const INSTALL_HINT = "install alsa-utils (apt-get install -y alsa-utils)";

function pcmArgs(pcmName: string, periodFrames: number, bufferPeriods: number): string[] {
  return ["-D", pcmName, "-q", "-t", "raw", "-f", "S16_LE", "-r", "8000", "-c", "1", `--period-size=${periodFrames}`, `--buffer-size=${periodFrames * bufferPeriods}`];
}

export class ProcessDuplex implements Duplex {
  readonly kind = "arecord/aplay";
  private readonly arecord: ChildProcess;
  private readonly aplay: ChildProcess;
  private readonly frameBytes: number;
  private readonly queue: Int16Array[] = [];
  private readonly silence: Int16Array;
  private pending: Buffer = Buffer.alloc(0);
  private running = 0;
  private opened = false;
  /** True once the children are being stopped, for whatever reason. */
  private closing = false;
  private closeRequested = false;
  private ended = false;
  private detail = "";
  private killTimer: Timer | undefined;

  constructor(pcmName: string, private readonly options: DuplexOptions, private readonly events: DuplexEvents, private readonly settings: ProcessDuplexSettings) {
    this.frameBytes = options.periodFrames * 2;
    this.silence = new Int16Array(options.periodFrames);
    const env = settings.env ?? process.env;
    this.arecord = spawn(settings.arecordPath ?? "arecord", pcmArgs(pcmName, options.periodFrames, options.capturePeriods), { env, stdio: ["ignore", "pipe", "pipe"] });
    this.aplay = spawn(settings.aplayPath ?? "aplay", pcmArgs(pcmName, options.periodFrames, options.playbackPeriods), { env, stdio: ["pipe", "ignore", "pipe"] });
    for (const child of [this.arecord, this.aplay]) this.watch(child);
    this.arecord.stdout!.on("data", (chunk: Buffer) => this.onCaptured(chunk));
    // EPIPE when aplay dies is reported by its exit; the stream error itself adds nothing.
    this.aplay.stdin!.on("error", () => undefined);
  }

  play(frame: Int16Array): boolean {
    this.queue.push(Int16Array.from(frame));
    if (this.queue.length <= this.options.queueFrames) return false;
    this.queue.shift();
    return true;
  }

  /** Process ids of arecord and aplay, for diagnostics. */
  get pids(): { readonly arecord: number | undefined; readonly aplay: number | undefined } {
    return { arecord: this.arecord.pid, aplay: this.aplay.pid };
  }

  get queuedFrames(): number {
    return this.queue.length;
  }

  close(): void {
    if (this.closeRequested) return;
    this.closeRequested = true;
    if (!this.closing) this.stop(true);
  }

  /**
   * Stops both children; `playRest`: let aplay play what it was given (it exits at the end of
   * its input, and waits on that input even after SIGTERM). Stragglers get SIGKILL.
   */
  private stop(playRest: boolean): void {
    this.closing = true;
    this.arecord.kill("SIGTERM");
    this.aplay.stdin!.end();
    if (!playRest) this.aplay.kill("SIGTERM");
    this.killTimer = this.settings.clock.setTimer(this.settings.killAfterMs ?? 2000, () => {
      for (const child of [this.arecord, this.aplay]) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
  }

  private watch(child: ChildProcess): void {
    this.running++;
    const name = child === this.arecord ? "arecord" : "aplay";
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-400);
    });
    let done = false;
    const exited = (why: string): void => {
      if (done) return;
      done = true;
      const said = stderr.trim().split("\n").pop();
      this.onExit(`${name} ${why}${said ? `: ${said}` : ""}`);
    };
    child.on("error", (e: NodeJS.ErrnoException) => exited(e.code === "ENOENT" ? `not found; ${INSTALL_HINT}` : `failed (${e.message})`));
    child.on("close", (code, signal) => exited(signal ? `ended by ${signal}` : `exited with ${code}`));
  }

  private onExit(detail: string): void {
    if (!this.detail) this.detail = detail;
    this.running--;
    // One side alone is no line: stop the other and report once both are gone.
    if (!this.closing) this.stop(false);
    if (this.running > 0 || this.ended) return;
    this.ended = true;
    this.killTimer?.cancel();
    const reason = this.detail.includes(INSTALL_HINT) ? "failed" : this.closeRequested ? "closed" : "gone";
    this.events.ended(reason, reason === "closed" ? "closed" : this.detail);
  }

  private onCaptured(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= this.frameBytes && !this.closing) {
      const frame = new Int16Array(this.options.periodFrames);
      Buffer.from(frame.buffer).set(this.pending.subarray(0, this.frameBytes));
      this.pending = this.pending.subarray(this.frameBytes);
      if (!this.opened) {
        this.opened = true;
        this.events.opened(`arecord/aplay, period ${this.options.periodFrames} frames`);
      }
      this.writePlayback();
      this.events.frame(frame);
    }
  }

  /** One period to aplay per captured period; skipped while aplay is behind by a whole buffer. */
  private writePlayback(): void {
    const stdin = this.aplay.stdin!;
    if (stdin.writableLength > this.frameBytes * this.options.playbackPeriods) return;
    const frame = this.queue.shift() ?? this.silence;
    stdin.write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }
}

/** An OpenDuplex that runs arecord/aplay. */
export function processDuplexOpener(settings: ProcessDuplexSettings): OpenDuplex {
  return (pcmName, options, events) => new ProcessDuplex(pcmName, options, events, settings);
}
