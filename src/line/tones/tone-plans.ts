/**
 * Call-progress tones and ring cadences of the regions dialtone knows, from ITU-T E.180
 * Supplement 2 (the national tones each administration notified) and the national specs
 * named in `source`. Levels are per component. Howler (receiver off-hook) is the
 * North American four-tone ROH signal everywhere: E.180 does not standardize it.
 */
import type { ToneComponent } from "../../dsp/index.js";
import { bursts, cadence, modulated, sequence, steady, stutter, tone, type TonePattern, type TonePlan } from "./tone-plan.js";

/** Receiver off-hook: 1400+2060+2450+2600 Hz, 0.1 s on, 0.1 s off (Telcordia GR-506). */
const HOWLER: TonePattern = cadence(tone(-12, 1400, 2060, 2450, 2600), 100, 100);
/** ITU-T E.180 §7 special information tone: 950, 1400, 1800 Hz, 330 ms each, then 1 s. */
const SIT_ITU: TonePattern = sequence([[tone(-14, 950), 330], [tone(-14, 1400), 330], [tone(-14, 1800), 330]], 1000);

/**
 * Confirmation tone: three 100 ms bursts with 100 ms gaps, then silence (Telcordia GR-506);
 * outside North America the same shape in the region's dial tone, no national value being known.
 */
function confirmation(dial: readonly ToneComponent[]): TonePattern {
  return bursts(dial, 100, 100, 3);
}

/** Recall dial tone: three 100/100 ms bursts, then steady dial tone (GR-506); the shape used where no national special dial tone is known. */
function recallDial(dial: readonly ToneComponent[]): TonePattern {
  return stutter(dial, 100, 100, 3);
}

const NORTH_AMERICA = {
  source: "ITU-T E.180 Suppl. 2; ANSI T1.401 / Telcordia GR-506 precise tone plan",
  tones: {
    dial: steady(tone(-13, 350, 440)),
    stutterDial: stutter(tone(-13, 350, 440), 100, 100, 10),
    recallDial: recallDial(tone(-13, 350, 440)),
    confirmation: confirmation(tone(-13, 350, 440)),
    ringback: cadence(tone(-19, 440, 480), 2000, 4000),
    busy: cadence(tone(-24, 480, 620), 500, 500),
    reorder: cadence(tone(-24, 480, 620), 250, 250),
    callWaiting: cadence(tone(-13, 440), 300, 9700),
    howler: HOWLER,
    // Reorder SIT (RO'): 913.8 Hz 274 ms, 1370.6 Hz 274 ms, 1776.7 Hz 380 ms.
    sit: sequence([[tone(-24, 913.8), 274], [tone(-24, 1370.6), 274], [tone(-24, 1776.7), 380]], 4000),
  },
  ring: [2000, 4000],
} as const;

interface SingleFrequencyPlan {
  region: string;
  name: string;
  source: string;
  frequencyHz: number;
  ringback: number[];
  busy: number[];
  reorder: number[];
  callWaiting: number[];
  ring: number[];
  /** The national special dial tone, where one is known (else the GR-506 three-burst shape). */
  recallDial?: TonePattern;
}

/** A country whose tones are all one frequency (425 Hz per CEPT T/CS 20-15, or 440 Hz in France). */
function singleFrequency(t: SingleFrequencyPlan): TonePlan {
  const { region, name, source } = t;
  const f = tone(-10, t.frequencyHz);
  return {
    region, name, source,
    tones: {
      dial: steady(f),
      stutterDial: stutter(f, 100, 100, 10),
      recallDial: t.recallDial ?? recallDial(f),
      confirmation: confirmation(f),
      ringback: cadence(f, ...t.ringback),
      busy: cadence(f, ...t.busy),
      reorder: cadence(f, ...t.reorder),
      callWaiting: cadence(f, ...t.callWaiting),
      howler: HOWLER,
      sit: SIT_ITU,
    },
    ring: t.ring,
  };
}

export const TONE_PLANS: Readonly<Record<string, TonePlan>> = {
  US: { region: "US", name: "United States", ...NORTH_AMERICA },
  CA: { region: "CA", name: "Canada", ...NORTH_AMERICA },
  UK: {
    region: "UK",
    name: "United Kingdom",
    source: "ITU-T E.180 Suppl. 2; BT SIN 350",
    tones: {
      dial: steady(tone(-13, 350, 440)),
      stutterDial: stutter(tone(-13, 350, 440), 750, 750, 4),
      // SIN 350 special dial tone (e.g. diversion active): 350+440 Hz and 440 Hz alone, 750 ms each, alternating.
      recallDial: { segments: [{ components: tone(-13, 350, 440), ms: 750 }, { components: tone(-13, 440), ms: 750 }] },
      confirmation: confirmation(tone(-13, 350, 440)),
      ringback: cadence(tone(-16, 400, 450), 400, 200, 400, 2000),
      busy: cadence(tone(-10, 400), 375, 375),
      reorder: cadence(tone(-10, 400), 400, 350, 225, 525),
      callWaiting: cadence(tone(-10, 400), 100, 2000, 100, 8000),
      howler: HOWLER,
      sit: SIT_ITU,
    },
    ring: [400, 200, 400, 2000],
  },
  DE: singleFrequency({
    region: "DE", name: "Germany", source: "ITU-T E.180 Suppl. 2; Deutsche Telekom 1 TR 110", frequencyHz: 425,
    ringback: [1000, 4000], busy: [480, 480], reorder: [240, 240], callWaiting: [200, 200, 200, 5000], ring: [1000, 4000],
    // Sonderwählton (special dial tone): 400 Hz and 425 Hz together, continuous (E.180 Suppl. 2, Germany).
    recallDial: steady(tone(-13, 400, 425)),
  }),
  FR: singleFrequency({
    region: "FR", name: "France", source: "ITU-T E.180 Suppl. 2; France Télécom STI-1", frequencyHz: 440,
    ringback: [1500, 3500], busy: [500, 500], reorder: [250, 250], callWaiting: [300, 10000], ring: [1500, 3500],
  }),
  NL: singleFrequency({
    region: "NL", name: "Netherlands", source: "ITU-T E.180 Suppl. 2; KPN", frequencyHz: 425,
    ringback: [1000, 4000], busy: [500, 500], reorder: [250, 250], callWaiting: [500, 9500], ring: [1000, 4000],
    // Special dial tone: 425 Hz, 500 ms on, 50 ms off (E.180 Suppl. 2, Netherlands).
    recallDial: cadence(tone(-10, 425), 500, 50),
  }),
  SE: singleFrequency({
    region: "SE", name: "Sweden", source: "ITU-T E.180 Suppl. 2; Telia analogue interface specification", frequencyHz: 425,
    ringback: [1000, 5000], busy: [250, 250], reorder: [250, 750], callWaiting: [200, 500, 200, 5000], ring: [1000, 5000],
    // Special dial tone (specialkopplingston): 425 Hz, 320 ms on, 20 ms off (Telia).
    recallDial: cadence(tone(-10, 425), 320, 20),
  }),
  AU: {
    region: "AU",
    name: "Australia",
    source: "ITU-T E.180 Suppl. 2; ACIF S002 / Telstra",
    tones: {
      dial: steady(modulated(425, 25, -13)),
      stutterDial: stutter(modulated(425, 25, -13), 100, 100, 10),
      recallDial: recallDial(modulated(425, 25, -13)),
      confirmation: confirmation(modulated(425, 25, -13)),
      ringback: cadence(modulated(425, 25, -13), 400, 200, 400, 2000),
      busy: cadence(tone(-10, 425), 375, 375),
      // Congestion: 425 Hz, 375 ms bursts alternating between two levels 10 dB apart.
      reorder: { segments: [
        { components: tone(-10, 425), ms: 375 }, { components: [], ms: 375 },
        { components: tone(-20, 425), ms: 375 }, { components: [], ms: 375 },
      ] },
      callWaiting: cadence(tone(-10, 425), 200, 200, 200, 4400),
      howler: HOWLER,
      sit: SIT_ITU,
    },
    ring: [400, 200, 400, 2000],
  },
  NZ: {
    region: "NZ",
    name: "New Zealand",
    source: "ITU-T E.180 Suppl. 2; Telecom NZ PTC 200",
    tones: {
      dial: steady(tone(-10, 400)),
      stutterDial: stutter(tone(-10, 400), 100, 100, 10),
      recallDial: recallDial(tone(-10, 400)),
      confirmation: confirmation(tone(-10, 400)),
      ringback: cadence(tone(-13, 400, 450), 400, 200, 400, 2000),
      busy: cadence(tone(-10, 400), 500, 500),
      reorder: cadence(tone(-10, 400), 250, 250),
      callWaiting: cadence(tone(-10, 400), 200, 3000),
      howler: HOWLER,
      sit: SIT_ITU,
    },
    ring: [400, 200, 400, 2000],
  },
  JP: {
    region: "JP",
    name: "Japan",
    source: "ITU-T E.180 Suppl. 2; NTT East/West technical reference for the analogue telephone interface",
    tones: {
      dial: steady(tone(-10, 400)),
      stutterDial: stutter(tone(-10, 400), 100, 100, 10),
      recallDial: recallDial(tone(-10, 400)),
      confirmation: confirmation(tone(-10, 400)),
      ringback: cadence(modulated(400, 16, -13), 1000, 2000),
      busy: cadence(tone(-10, 400), 500, 500),
      reorder: cadence(tone(-10, 400), 500, 500),
      callWaiting: cadence(modulated(400, 16, -13), 100, 100, 100, 3000),
      howler: HOWLER,
      sit: SIT_ITU,
    },
    ring: [1000, 2000],
  },
};

/** The plan for `region` (ISO 3166, case-insensitive; GB is UK), or undefined. */
export function tonePlanFor(region: string): TonePlan | undefined {
  const code = region.toUpperCase();
  return TONE_PLANS[code === "GB" ? "UK" : code];
}
