/**
 * Sound cards by name from /proc/asound/cards text (copied from real Pis and PCs): parsing,
 * lookup by id or short name (exact, then without case), two identical USB cards, no cards,
 * a missing file, the plughw PCM name. Does not touch a real /proc.
 */
import { describe, expect, it } from "vitest";
import { describeSoundCards, findSoundCard, parseSoundCards, plugPcmName, readSoundCards } from "../../../../hal/alsa/sound-cards.js";

const PI4_WITH_USB = ` 0 [Headphones     ]: bcm2835_headpho - bcm2835 Headphones
                      bcm2835 Headphones
 1 [vc4hdmi0       ]: vc4-hdmi - vc4-hdmi-0
                      vc4-hdmi-0
 2 [Device         ]: USB-Audio - USB Audio Device
                      C-Media Electronics Inc. USB Audio Device at usb-0000:01:00.0-1.2, full speed
`;

const TWO_IDENTICAL = `${PI4_WITH_USB} 3 [Device_1       ]: USB-Audio - USB Audio Device
                      C-Media Electronics Inc. USB Audio Device at usb-0000:01:00.0-1.3, full speed
`;

describe("parseSoundCards", () => {
  it("reads index, id, driver, short and long name of each card", () => {
    expect(parseSoundCards(PI4_WITH_USB)).toEqual([
      { index: 0, id: "Headphones", driver: "bcm2835_headpho", name: "bcm2835 Headphones", longName: "bcm2835 Headphones" },
      { index: 1, id: "vc4hdmi0", driver: "vc4-hdmi", name: "vc4-hdmi-0", longName: "vc4-hdmi-0" },
      { index: 2, id: "Device", driver: "USB-Audio", name: "USB Audio Device", longName: "C-Media Electronics Inc. USB Audio Device at usb-0000:01:00.0-1.2, full speed" },
    ]);
  });

  it("finds no card in the kernel's empty list", () => {
    expect(parseSoundCards("--- no soundcards ---\n")).toEqual([]);
    expect(describeSoundCards([])).toBe("no sound cards");
  });
});

describe("findSoundCard", () => {
  const cards = parseSoundCards(TWO_IDENTICAL);

  it("finds a card by its id, whatever its index", () => {
    const found = findSoundCard(cards, "Device_1");
    expect(found.ok && found.value.index).toBe(3);
  });

  it("finds a card by its short name, and by either without case", () => {
    const one = findSoundCard(parseSoundCards(PI4_WITH_USB), "USB Audio Device");
    expect(one.ok && one.value.id).toBe("Device");
    const folded = findSoundCard(cards, "headphones");
    expect(folded.ok && folded.value.index).toBe(0);
  });

  it("refuses a name two cards share, naming their ids", () => {
    expect(findSoundCard(cards, "USB Audio Device")).toEqual({ ok: false, error: '2 sound cards are named "USB Audio Device" (ids Device, Device_1); name one by its id' });
  });

  it("says which cards exist when the wanted one does not", () => {
    expect(findSoundCard(parseSoundCards(PI4_WITH_USB), "Speakerphone")).toEqual({
      ok: false,
      error: 'no sound card "Speakerphone" among 0 Headphones "bcm2835 Headphones", 1 vc4hdmi0 "vc4-hdmi-0", 2 Device "USB Audio Device"',
    });
  });
});

describe("readSoundCards and plugPcmName", () => {
  it("is an error value when the file is missing", () => {
    const read = readSoundCards("/nonexistent/asound/cards");
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(/^cannot read \/nonexistent\/asound\/cards: ENOENT/);
  });

  it("names the PCM by card id, never by index", () => {
    expect(plugPcmName(parseSoundCards(PI4_WITH_USB)[2]!, 0)).toBe("plughw:CARD=Device,DEV=0");
  });
});
