/**
 * Board detection at start: on a Raspberry Pi (the device tree names the model), the
 * configured board's GPIO lines, serial devices and sound cards are looked for and each is
 * logged as found or missing; elsewhere a hardware board falls back to the simulated
 * board, and the log says so. Nothing is opened here; every file read goes through
 * DetectFs so tests can describe any machine.
 */
import { access, readdir, readFile } from "node:fs/promises";
import { findSoundCard, parseSoundCards, type SoundCard } from "../hal/alsa/sound-cards.js";
import type { Logger } from "../src/util/log.js";
import { simBoard } from "./sim/sim-board.js";
import type { AudioDeviceSpec, BoardSpec, GpioPin, LineSpec } from "./types.js";

export interface DetectFs {
  /** The file's text, or undefined when it is absent or unreadable. */
  readText(path: string): Promise<string | undefined>;
  /** Entry names of a directory, or [] when it is absent. */
  list(path: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
}

export const nodeDetectFs: DetectFs = {
  readText: (path) => readFile(path, "utf8").catch(() => undefined),
  list: (path) => readdir(path).catch(() => []),
  exists: (path) => access(path).then(() => true, () => false),
};

export interface Detection {
  /** The board to open: the requested one, or the simulated board when this is not a Pi. */
  spec: BoardSpec;
  /** The device-tree model, e.g. "Raspberry Pi 4 Model B Rev 1.5"; undefined off a single-board computer. */
  model: string | undefined;
  found: string[];
  missing: string[];
}

/** Labels of the chip behind the Pi's 40-pin header (Pi 1–3, Pi 4, Pi 5). */
const HEADER_CHIPS = ["pinctrl-bcm2835", "pinctrl-bcm2711", "pinctrl-rp1"];

interface GpioChip {
  label: string;
  base: number;
  lines: number;
}

export async function detectBoard(requested: BoardSpec, fs: DetectFs, log: Logger): Promise<Detection> {
  const model = (await fs.readText("/proc/device-tree/model"))?.replace(/\0+$/, "").trim();
  const hardware = requested.lines.some((line) => line.driver !== "sim");
  if (!hardware) {
    log.info(`${requested.name}: ${requested.description}`);
    return { spec: requested, model, found: [], missing: [] };
  }
  if (model === undefined || !model.startsWith("Raspberry Pi")) {
    log.warn(`${requested.name} needs a Raspberry Pi, and this is ${model === undefined ? "not one (no /proc/device-tree/model)" : JSON.stringify(model)}: using the simulated board instead`);
    return { spec: simBoard, model, found: [], missing: [] };
  }
  const chips = await gpioChips(fs);
  const cards = parseSoundCards((await fs.readText("/proc/asound/cards")) ?? "");
  const found: string[] = [];
  const missing: string[] = [];
  for (const [index, line] of requested.lines.entries()) {
    for (const probe of await probeLine(line, chips, cards, fs)) {
      (probe.ok ? found : missing).push(`line ${index} ${probe.text}`);
    }
  }
  log.info(`${model}, ${requested.name}: ${found.length} part(s) found, ${missing.length} missing`);
  for (const text of found) log.info(`found ${text}`);
  for (const text of missing) log.warn(`missing ${text}`);
  return { spec: requested, model, found, missing };
}

interface Probe {
  ok: boolean;
  text: string;
}

async function probeLine(line: LineSpec, chips: GpioChip[], cards: SoundCard[], fs: DetectFs): Promise<Probe[]> {
  switch (line.driver) {
    case "sim":
      return [];
    case "gpio": {
      const pins: [string, GpioPin][] = [["hook", line.hook], ["ring mode", line.ringMode], ["forward/reverse", line.forwardReverse]];
      if (line.dtmf !== "software") {
        const d = line.dtmf;
        pins.push(["DTMF Q1", d.q1], ["DTMF Q2", d.q2], ["DTMF Q3", d.q3], ["DTMF Q4", d.q4], ["DTMF StD", d.strobe]);
      }
      return [...pins.map(([role, pin]) => probePin(role, pin, chips)), probeCard(line.audio, cards)];
    }
    case "serial": {
      const present = await fs.exists(line.path);
      return [{ ok: present, text: `serial controller ${line.path}` }, probeCard(line.audio, cards)];
    }
  }
}

function probePin(role: string, pin: GpioPin, chips: GpioChip[]): Probe {
  const chip = chips.find((c) => (pin.chip === undefined ? HEADER_CHIPS.includes(c.label) : c.label === pin.chip));
  const wanted = pin.chip ?? "the header chip";
  if (chip === undefined) {
    const seen = chips.map((c) => c.label).join(", ") || "none";
    return { ok: false, text: `GPIO ${role}: line ${pin.line} on ${wanted} (chips present: ${seen})` };
  }
  if (pin.line >= chip.lines) return { ok: false, text: `GPIO ${role}: line ${pin.line} is beyond ${chip.label}'s ${chip.lines} lines` };
  return { ok: true, text: `GPIO ${role}: line ${pin.line} on ${chip.label} (sysfs number ${chip.base + pin.line})` };
}

/** Matched the way hal/alsa opens it, so detection and opening agree on which card is meant. */
function probeCard(audio: AudioDeviceSpec, cards: SoundCard[]): Probe {
  const found = findSoundCard(cards, audio.card);
  if (!found.ok) {
    const seen = cards.map((c) => `${c.id} (${c.name})`).join(", ") || "none";
    return { ok: false, text: `sound card ${JSON.stringify(audio.card)} (cards present: ${seen})` };
  }
  const card = found.value;
  return { ok: true, text: `sound card ${JSON.stringify(audio.card)}: card ${card.index} ${card.id} (${card.name})` };
}

/** The GPIO chips sysfs lists (label, base and size are read, never assumed: the base moves across kernels). */
async function gpioChips(fs: DetectFs): Promise<GpioChip[]> {
  const chips: GpioChip[] = [];
  for (const entry of (await fs.list("/sys/class/gpio")).filter((name) => /^gpiochip\d+$/.test(name)).sort()) {
    const dir = `/sys/class/gpio/${entry}`;
    const [label, base, lines] = await Promise.all([fs.readText(`${dir}/label`), fs.readText(`${dir}/base`), fs.readText(`${dir}/ngpio`)]);
    if (label === undefined || base === undefined || lines === undefined) continue;
    chips.push({ label: label.trim(), base: Number(base.trim()), lines: Number(lines.trim()) });
  }
  return chips;
}
