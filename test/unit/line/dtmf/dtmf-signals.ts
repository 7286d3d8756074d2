/**
 * Signals for the DTMF tests and the talk-off bench: key presses made with ToneGenerator,
 * speech from espeak-ng (resampled to 8 kHz by sox), and a seeded music-like synthesizer.
 */
import { ToneGenerator, dtmfComponents, type DtmfToneOptions } from "../../../../src/dsp/index.js";
import { seededRandom } from "../../../../src/media/jitter/testing/network-sim.js";
import { concat } from "../../../support/signals.js";
import { synthesize } from "../../../support/speech.js";

export interface Press extends DtmfToneOptions {
  key: string;
  onMs: number;
  offMs: number;
}

/** Silence, then each press (a fresh generator per press), each followed by its pause. */
export function presses(list: readonly Press[], leadMs = 50): Int16Array {
  const parts: Int16Array[] = [new Int16Array(leadMs * 8)];
  for (const p of list) {
    parts.push(new ToneGenerator(dtmfComponents(p.key, p)).next(p.onMs * 8), new Int16Array(p.offMs * 8));
  }
  return concat(parts);
}

const TEXT = [
  "The quick brown fox jumps over the lazy dog, and then she sells sea shells by the sea shore.",
  "Please call me back at your earliest convenience; the meeting moved to Thursday at three.",
  "Hello, is anybody there? I am calling about the invoice number four nine two, seven seven one.",
  "Music, whistles and children singing are harder for a tone receiver than ordinary talk.",
].join(" ");
/** Voices across languages and registers (espeak-ng variants +f = female, +m = male). */
export const SPEECH_VOICES = ["en-us", "en-gb+f3", "de", "fr+m3", "sv", "nl+f2", "es+f4", "it+m1"];

/** `TEXT` spoken by `voice` as 8 kHz 16-bit audio normalized to −3 dBFS peak. */
export function speech(voice: string): Int16Array {
  const audio = synthesize(voice, TEXT);
  const peak = audio.reduce((max, s) => Math.max(max, Math.abs(s)), 1);
  const gain = (32767 * 10 ** (-3 / 20)) / peak;
  return Int16Array.from(audio, (s) => Math.round(s * gain));
}

export interface MusicOptions {
  seconds: number;
  seed: number;
  /** Harmonics per note: 1 for flute-like sines, more for reedy timbres. */
  harmonics: number;
  /** Notes sounding together. */
  voices: number;
}

/**
 * Equal-tempered notes between C4 and C7 (so some land within Q.24's tolerance of DTMF
 * frequencies, as real music does), 120–600 ms each, with an attack/decay envelope,
 * slight vibrato, harmonics at 1/k, summed across voices; peak around −6 dBFS.
 */
export function music(options: MusicOptions): Int16Array {
  const next = seededRandom(options.seed);
  const total = Math.round(options.seconds * 8000);
  const mixBuffer = new Float64Array(total);
  for (let v = 0; v < options.voices; v++) {
    let at = 0;
    while (at < total) {
      const length = Math.min(total - at, Math.round((0.12 + 0.48 * next()) * 8000));
      const noteHz = 261.63 * 2 ** (Math.floor(next() * 37) / 12);
      const vibratoHz = 4 + 3 * next();
      let phase = 0;
      for (let i = 0; i < length; i++) {
        const t = i / 8000;
        const envelope = Math.min(1, t / 0.02) * Math.exp(-t * 2);
        phase += (2 * Math.PI * noteHz * (1 + 0.003 * Math.sin(2 * Math.PI * vibratoHz * t))) / 8000;
        let sample = 0;
        for (let k = 1; k <= options.harmonics && k * noteHz < 3900; k++) sample += Math.sin(k * phase) / k;
        mixBuffer[at + i]! += envelope * sample;
      }
      at += length;
    }
  }
  const peak = mixBuffer.reduce((m, x) => Math.max(m, Math.abs(x)), 1e-9);
  return Int16Array.from(mixBuffer, (x) => Math.round((x / peak) * 16384));
}
