/**
 * A Duplex on our libasound addon: the addon's thread does every blocking ALSA call
 * (open, readi, writei, recover) and posts events to the event loop.
 */
import type { AddonEventKind, AddonHandle, AlsaAddon } from "./alsa-addon.js";
import type { Duplex, DuplexEvents, DuplexOptions, OpenDuplex } from "./duplex.js";

export class AddonDuplex implements Duplex {
  readonly kind = "addon";
  private readonly handle: AddonHandle;
  private closing = false;
  private ended = false;

  constructor(private readonly addon: AlsaAddon, pcmName: string, options: DuplexOptions, private readonly events: DuplexEvents) {
    this.handle = addon.open(pcmName, { ...options }, (kind, payload) => this.onEvent(kind, payload));
  }

  play(frame: Int16Array): boolean {
    return this.addon.play(this.handle, frame);
  }

  get queuedFrames(): number {
    return this.addon.queued(this.handle);
  }

  close(): void {
    this.closing = true;
    this.addon.close(this.handle);
  }

  /** Test hook: makes the next capture read or playback write fail as ALSA would. */
  inject(stream: "capture" | "playback", error: "EPIPE" | "ESTRPIPE" | "ENODEV" | "EBADFD"): void {
    this.addon.inject(this.handle, stream, error);
  }

  private onEvent(kind: AddonEventKind, payload: Int16Array | string): void {
    if (this.ended) return;
    if (kind === "frame") {
      // A period read while close() was on its way is not delivered.
      if (!this.closing) this.events.frame(payload as Int16Array);
      return;
    }
    const detail = payload as string;
    if (kind === "open") this.events.opened(detail);
    else if (kind === "xrun") this.events.xrun(detail);
    else {
      this.ended = true;
      this.events.ended(kind, detail);
    }
  }
}

/** An OpenDuplex over a loaded addon. */
export function addonDuplexOpener(addon: AlsaAddon): OpenDuplex {
  return (pcmName, options, events) => new AddonDuplex(addon, pcmName, options, events);
}
