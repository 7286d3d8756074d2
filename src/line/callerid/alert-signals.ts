/**
 * Tone alerts that wake a caller ID receiver, as 16-bit PCM at 8000 samples per second:
 * the dual-tone alerting signal 2130 Hz + 2750 Hz (ETSI EN 300 659-1 DT-AS, 100 ms;
 * BT SIN 227 "idle state tone alert", 88–110 ms; Telcordia GR-30-CORE Table 2-3 CPE
 * alerting signal (CAS) for call waiting, 80 ms) and DTMF digits for DTMF caller ID.
 * Default levels: −15 dBm0 per alert tone; DTMF low group −9 dBm0 and high group −7 dBm0
 * (2 dB of twist toward the high group, as telephones send).
 */
import { dtmfComponents, ToneGenerator } from "../../dsp/index.js";

export const ALERT_TONE_HZ = [2130, 2750] as const;

/** The 2130 + 2750 Hz dual tone for `durationMs`, each tone at `levelDbm0`. */
export function dualToneAlert(durationMs: number, levelDbm0 = -15): Int16Array {
  return new ToneGenerator(ALERT_TONE_HZ.map((frequencyHz) => ({ frequencyHz, levelDbm0 }))).next(Math.round(durationMs * 8));
}

export interface DtmfTiming {
  toneMs: number;
  gapMs: number;
  lowDbm0: number;
  highDbm0: number;
}

/** 70 ms tone, 70 ms pause (the Swedish CLIP specification; ETSI allows 50–70 ms). */
export const DTMF_CALLER_ID_TIMING: DtmfTiming = { toneMs: 70, gapMs: 70, lowDbm0: -9, highDbm0: -7 };

/** Each key (ITU-T Q.23) as a tone then a pause; the audio ends after the last pause. */
export function dtmfDigits(keys: string, timing: DtmfTiming = DTMF_CALLER_ID_TIMING): Int16Array {
  const toneSamples = Math.round(timing.toneMs * 8);
  const stride = toneSamples + Math.round(timing.gapMs * 8);
  const out = new Int16Array(stride * keys.length);
  [...keys].forEach((key, i) => {
    const components = dtmfComponents(key, { lowLevelDbm0: timing.lowDbm0, twistDb: timing.highDbm0 - timing.lowDbm0 });
    const tone = new ToneGenerator(components).next(toneSamples);
    out.set(tone, i * stride);
  });
  return out;
}
