/**
 * Loading native/alsa (our libasound addon). It may be absent (not built, or built for
 * another Node ABI): loading is a Result, and the caller falls back to arecord/aplay.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { err, ok, type Result } from "../../src/util/result.js";

export const ADDON_RELATIVE_PATH = "native/alsa/build/Release/dialtone_alsa.node";
/** What the log tells a person to run when the addon is missing. */
export const ADDON_BUILD_COMMAND = "npm run build:native   (node-gyp rebuild --directory native/alsa)";

export type AddonEventKind = "open" | "frame" | "xrun" | "closed" | "gone" | "failed";
export type AddonHandle = object & { readonly __alsaHandle: unique symbol };

/** The addon's JavaScript surface (native/alsa/dialtone_alsa.c). */
export interface AlsaAddon {
  open(
    pcmName: string,
    options: { periodFrames: number; capturePeriods: number; playbackPeriods: number; prefillPeriods: number; queueFrames: number },
    onEvent: (kind: AddonEventKind, payload: Int16Array | string) => void,
  ): AddonHandle;
  play(handle: AddonHandle, frame: Int16Array): boolean;
  queued(handle: AddonHandle): number;
  close(handle: AddonHandle): void;
  /** Test hook: the next capture read or playback write fails with this error before reaching ALSA. */
  inject(handle: AddonHandle, stream: "capture" | "playback", error: "EPIPE" | "ESTRPIPE" | "ENODEV" | "EBADFD"): void;
}

/**
 * Where the built addon is: DIALTONE_ALSA_ADDON, else the first native/alsa build found
 * walking up from this file (dist/native/... beside the bundle, or the source tree's).
 */
export function findAddonPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DIALTONE_ALSA_ADDON) return env.DIALTONE_ALSA_ADDON;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    const candidate = join(dir, ADDON_RELATIVE_PATH);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/** Loads the addon from `path` (default: findAddonPath()); an absent or unloadable addon is an error value saying why. */
export function loadAlsaAddon(path = findAddonPath()): Result<AlsaAddon> {
  if (path === undefined || !existsSync(path)) return err(`the ALSA addon is not built (${path ?? ADDON_RELATIVE_PATH} not found; build it with: ${ADDON_BUILD_COMMAND})`);
  try {
    const addon = createRequire(import.meta.url)(path) as AlsaAddon;
    if (typeof addon.open !== "function") return err(`${path} is not the dialtone ALSA addon`);
    return ok(addon);
  } catch (e) {
    return err(`the ALSA addon at ${path} does not load (${(e as Error).message}); rebuild it with: ${ADDON_BUILD_COMMAND}`);
  }
}
