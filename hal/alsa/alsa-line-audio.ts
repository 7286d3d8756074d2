/**
 * LineAudio (hal/line.ts) on an ALSA sound card found by name. The card's capture clock
 * paces the frames; play() queues without blocking and silence fills any gap. Overruns,
 * underruns and a card that goes away are faults (the Line driver forwards them to
 * Line.onFault); a card that went away is reopened, by name, once /proc/asound/cards lists
 * it again (polled with the injected clock).
 *
 *   waiting ─card listed→ opening ─opened→ running
 *      ↑  └─ not listed: retry in retryMs     │
 *      └──── ended "gone"/"failed" ←──────────┘      close() from any state → closed
 */
import type { Clock, Timer } from "../../src/util/clock.js";
import type { Logger, Logs } from "../../src/util/log.js";
import type { LineAudio, LineFault, Unsubscribe } from "../line.js";
import { loadAlsaAddon } from "./alsa-addon.js";
import { addonDuplexOpener } from "./addon-duplex.js";
import { DEFAULT_DUPLEX_OPTIONS, type Duplex, type DuplexEnd, type DuplexOptions, type OpenDuplex } from "./duplex.js";
import { processDuplexOpener } from "./process-duplex.js";
import { findSoundCard, plugPcmName, PROC_CARDS_PATH, readSoundCards, type SoundCard } from "./sound-cards.js";

/** The sound device of one port (board/types.ts AudioDeviceSpec has this shape). */
export interface AlsaDeviceSelection {
  /** The card's id or short name as in /proc/asound/cards. */
  readonly card: string;
  readonly device?: number;
  readonly periodFrames?: number;
}

/** A LineFault with what happened, so logs and the web page can tell a glitch from a lost card. */
export interface AudioFault extends LineFault {
  /** xrun: a recovered gap; missing: the card is not listed; gone/failed: the PCM ended; returned: audio flows again. */
  readonly kind: "xrun" | "missing" | "gone" | "failed" | "returned";
}

export type AlsaBackend = "auto" | "addon" | "arecord/aplay";

export interface AlsaLineAudioOptions {
  readonly device: AlsaDeviceSelection;
  readonly clock: Clock;
  readonly logs: Logs;
  readonly logId?: string | number;
  readonly onFault: (fault: AudioFault) => void;
  /** Default /proc/asound/cards. */
  readonly cardsPath?: string;
  /** Default `plughw:CARD=<id>,DEV=<device>`. */
  readonly pcmName?: (card: SoundCard, device: number) => string;
  /** "auto" (default): our addon, or arecord/aplay when it is not built. */
  readonly backend?: AlsaBackend;
  /** Where the addon is (default: found from this file), for "auto" and "addon". */
  readonly addonPath?: string;
  /** Opens the PCM some other way (a test double, or a duplex a test keeps a hold of); overrides `backend`. */
  readonly duplexOpener?: { readonly kind: string; readonly open: OpenDuplex };
  /** Environment of arecord/aplay (default process.env). */
  readonly processEnv?: NodeJS.ProcessEnv;
  /** How often a missing card is looked for; default 1000 ms. */
  readonly retryMs?: number;
  readonly duplex?: Partial<Omit<DuplexOptions, "periodFrames">>;
}

export type AlsaAudioState = "waiting" | "opening" | "running" | "closed";

const ALLOWED: Record<AlsaAudioState, readonly AlsaAudioState[]> = {
  waiting: ["opening", "closed"],
  opening: ["running", "waiting", "closed"],
  running: ["waiting", "closed"],
  closed: [],
};

export class AlsaLineAudio implements LineAudio {
  readonly sampleRateHz = 8000;
  readonly frameSamples: number;
  /** Which way the PCM is opened ("addon" or "arecord/aplay"). */
  readonly backend: string;
  private readonly log: Logger;
  private readonly openDuplex: OpenDuplex;
  private readonly duplexOptions: DuplexOptions;
  private readonly listeners = new Set<(frame: Int16Array, atMs: number) => void>();
  private readonly stateListeners = new Set<(state: AlsaAudioState) => void>();
  private current: AlsaAudioState = "waiting";
  private duplex: Duplex | undefined;
  private retry: Timer | undefined;
  private lastFault = "";
  private closing: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;
  private dropped = 0;
  private xrunCount = 0;

  constructor(private readonly options: AlsaLineAudioOptions) {
    this.frameSamples = options.device.periodFrames ?? DEFAULT_DUPLEX_OPTIONS.periodFrames;
    this.duplexOptions = { ...DEFAULT_DUPLEX_OPTIONS, ...options.duplex, periodFrames: this.frameSamples };
    this.log = options.logs.get("hal.alsa", options.logId);
    const chosen = options.duplexOpener ?? this.chooseBackend(options.backend ?? "auto");
    this.backend = chosen.kind;
    this.openDuplex = chosen.open;
    this.attempt();
  }

  /** Frames play() dropped because the queue was full. */
  get droppedFrames(): number {
    return this.dropped;
  }

  /** Overruns and underruns recovered since open. */
  get xruns(): number {
    return this.xrunCount;
  }

  get state(): AlsaAudioState {
    return this.current;
  }

  /** Calls `listener` on every state change (tests and diagnostics). */
  onStateChange(listener: (state: AlsaAudioState) => void): Unsubscribe {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onCapture(listener: (frame: Int16Array, atMs: number) => void): Unsubscribe {
    this.assertOpen();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  play(frame: Int16Array): void {
    this.assertOpen();
    if (frame.length !== this.frameSamples) throw new RangeError(`a frame has ${this.frameSamples} samples, not ${frame.length}`);
    // Without a card there is nowhere to play; the gap was reported as a fault.
    if (this.duplex?.play(frame)) this.dropped++;
  }

  get queuedFrames(): number {
    return this.duplex?.queuedFrames ?? 0;
  }

  /** Closes the PCM; resolves once it is closed. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.retry?.cancel();
    const duplex = this.duplex;
    this.setState("closed");
    this.closing = duplex
      ? new Promise<void>((resolve) => {
          this.resolveClosed = resolve;
          duplex.close();
        })
      : Promise.resolve();
    return this.closing;
  }

  private chooseBackend(wanted: AlsaBackend): { kind: string; open: OpenDuplex } {
    const processes = { kind: "arecord/aplay", open: processDuplexOpener({ clock: this.options.clock, env: this.options.processEnv }) };
    if (wanted === "arecord/aplay") return processes;
    const addon = loadAlsaAddon(this.options.addonPath);
    if (addon.ok) return { kind: "addon", open: addonDuplexOpener(addon.value) };
    if (wanted === "addon") throw new Error(addon.error);
    this.log.info(`${addon.error}; using arecord/aplay instead`);
    return processes;
  }

  private attempt(): void {
    this.retry = undefined;
    if (this.current === "closed") return;
    const cards = readSoundCards(this.options.cardsPath ?? PROC_CARDS_PATH);
    const card = cards.ok ? findSoundCard(cards.value, this.options.device.card) : cards;
    if (!card.ok) {
      this.fault({ kind: "missing", message: card.error, retrying: true });
      this.scheduleRetry();
      return;
    }
    const device = this.options.device.device ?? 0;
    const pcm = (this.options.pcmName ?? plugPcmName)(card.value, device);
    this.log.debug(`opening ${pcm} (card ${card.value.index} "${card.value.name}") with ${this.backend}`);
    this.setState("opening");
    let opened = false;
    let ended = false;
    const duplex = this.openDuplex(pcm, this.duplexOptions, {
      opened: (detail) => {
        opened = true;
        this.onOpened(pcm, card.value, detail);
      },
      frame: (samples) => this.deliver(samples),
      xrun: (detail) => {
        this.xrunCount++;
        this.log.warn(`${pcm}: ${detail}`);
        this.options.onFault({ kind: "xrun", message: `${pcm}: ${detail}`, retrying: false, recovered: true });
      },
      ended: (reason, detail) => {
        ended = true;
        this.onEnded(pcm, reason, detail, opened);
      },
    });
    if (!ended) this.duplex = duplex;
  }

  private onOpened(pcm: string, card: SoundCard, detail: string): void {
    if (this.current === "closed") return;
    this.setState("running");
    this.log.info(`opened ${pcm} (card ${card.index} "${card.name}", ${this.backend}): ${detail}`);
    if (this.lastFault) this.options.onFault({ kind: "returned", message: `${pcm} is back`, retrying: false, recovered: true });
    this.lastFault = "";
  }

  private onEnded(pcm: string, reason: DuplexEnd, detail: string, wasOpen: boolean): void {
    this.duplex = undefined;
    if (this.current === "closed") {
      this.resolveClosed?.();
      return;
    }
    const kind = reason === "failed" ? "failed" : "gone";
    const what = wasOpen ? "stopped" : "did not open";
    this.fault({ kind, message: `${pcm} ${what}: ${detail}`, retrying: true });
    this.setState("waiting");
    this.scheduleRetry();
  }

  private deliver(samples: Int16Array): void {
    const atMs = this.options.clock.now();
    for (const listener of this.listeners) listener(samples, atMs);
  }

  /** Reports a fault and logs it, once per distinct message while retrying. */
  private fault(fault: AudioFault): void {
    if (fault.message === this.lastFault) return;
    this.lastFault = fault.message;
    this.log.warn(`${fault.message}; trying again every ${this.retryMs} ms`);
    this.options.onFault(fault);
  }

  private get retryMs(): number {
    return this.options.retryMs ?? 1000;
  }

  private scheduleRetry(): void {
    this.retry = this.options.clock.setTimer(this.retryMs, () => this.attempt());
  }

  private setState(state: AlsaAudioState): void {
    if (!ALLOWED[this.current].includes(state)) throw new Error(`AlsaLineAudio: ${this.current} -> ${state}`);
    this.log.debug(`${this.current} -> ${state}`);
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private assertOpen(): void {
    if (this.current === "closed") throw new Error("the line audio is closed");
  }
}
