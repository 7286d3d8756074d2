/**
 * Ring cadences by name: each region's normal ring (tones/tone-plans.ts) and the
 * distinctive rings of Telcordia GR-506 that SIP servers ask for in Alert-Info
 * ("Bellcore-dr1" … "Bellcore-dr5"). Times alternate on, off, on, off… in ms.
 */
import type { RingCadence } from "../tones/tone-plan.js";

export interface RingPattern {
  readonly onOffMs: RingCadence;
  /** False for a single "splash" that rings once. */
  readonly repeat: boolean;
}

export const DISTINCTIVE_RINGS: Readonly<Record<string, RingPattern>> = {
  "bellcore-dr1": { onOffMs: [2000, 4000], repeat: true },
  "bellcore-dr2": { onOffMs: [800, 400, 800, 4000], repeat: true },
  "bellcore-dr3": { onOffMs: [400, 200, 400, 200, 800, 4000], repeat: true },
  "bellcore-dr4": { onOffMs: [300, 200, 1000, 200, 300, 4000], repeat: true },
  "bellcore-dr5": { onOffMs: [500, 0], repeat: false },
};

/**
 * The ring name in an Alert-Info header value: the `info=` parameter if present
 * (`<http://127.0.0.1>;info=Bellcore-dr2`), else the last path segment of the URI
 * (`<http://x/Bellcore-dr3>`), lower-cased; undefined when there is neither.
 */
export function ringNameFromAlertInfo(value: string): string | undefined {
  const info = /;\s*info\s*=\s*"?([^";,>\s]+)/i.exec(value);
  if (info) return info[1]!.toLowerCase();
  const uri = /<[^>]*\/([^/>]+)>/.exec(value);
  return uri ? uri[1]!.toLowerCase() : undefined;
}
