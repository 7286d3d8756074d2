/**
 * Sound cards as the kernel lists them in /proc/asound/cards, found by id or name, never by
 * index: USB card indices move across boots and re-plugs. Each card takes two lines:
 *
 *    1 [Device         ]: USB-Audio - USB Audio Device
 *                         C-Media Electronics Inc. USB Audio Device at usb-0000:01:00.0-1.2, full speed
 *
 * (index, [id padded to 15], driver, " - ", short name; then the long name). With no card
 * the file reads "--- no soundcards ---".
 */
import { readFileSync } from "node:fs";
import { err, ok, type Result } from "../../src/util/result.js";

export const PROC_CARDS_PATH = "/proc/asound/cards";

export interface SoundCard {
  readonly index: number;
  /** The short id ALSA names the card by in `hw:CARD=<id>` (e.g. "Device", "Device_1"). */
  readonly id: string;
  readonly driver: string;
  /** The short name (e.g. "USB Audio Device"). */
  readonly name: string;
  readonly longName: string;
}

const HEAD = /^\s*(\d+)\s+\[([^\]]*)\]:\s+(.*?)\s+-\s+(.*)$/;

/** Parses the text of /proc/asound/cards; lines that are not a card header or its long name are ignored. */
export function parseSoundCards(text: string): SoundCard[] {
  const cards: SoundCard[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = HEAD.exec(lines[i]!);
    if (!head) continue;
    const next = lines[i + 1];
    const longName = next !== undefined && !HEAD.test(next) ? next.trim() : "";
    cards.push({ index: Number(head[1]), id: head[2]!.trim(), driver: head[3]!.trim(), name: head[4]!.trim(), longName });
  }
  return cards;
}

/** Reads and parses the cards file; a missing file (no ALSA in this kernel) is an error value. */
export function readSoundCards(path = PROC_CARDS_PATH): Result<SoundCard[]> {
  try {
    return ok(parseSoundCards(readFileSync(path, "utf8")));
  } catch (e) {
    return err(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/**
 * The card whose id or short name is `wanted`: an exact id first (ids are unique), then an
 * exact name, then either compared without case. Two cards with the same name are an error
 * naming their ids, so the config can pick one.
 */
export function findSoundCard(cards: readonly SoundCard[], wanted: string): Result<SoundCard> {
  const byId = cards.find((c) => c.id === wanted);
  if (byId) return ok(byId);
  const folded = wanted.toLowerCase();
  const tries: Array<(c: SoundCard) => boolean> = [(c) => c.name === wanted, (c) => c.id.toLowerCase() === folded || c.name.toLowerCase() === folded];
  for (const matches of tries) {
    const found = cards.filter(matches);
    if (found.length === 1) return ok(found[0]!);
    if (found.length > 1) return err(`${found.length} sound cards are named "${wanted}" (ids ${found.map((c) => c.id).join(", ")}); name one by its id`);
  }
  return err(`no sound card "${wanted}" among ${describeSoundCards(cards)}`);
}

/** One line for logs and diagnostics: `0 PCH "HDA Intel PCH", 1 Device "USB Audio Device"`. */
export function describeSoundCards(cards: readonly SoundCard[]): string {
  if (cards.length === 0) return "no sound cards";
  return cards.map((c) => `${c.index} ${c.id} "${c.name}"`).join(", ");
}

/** The PCM name for a card found by name: through `plughw` so the card's own rates are converted to 8 kHz. */
export function plugPcmName(card: SoundCard, device: number): string {
  return `plughw:CARD=${card.id},DEV=${device}`;
}
