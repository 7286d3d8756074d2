/** ALSA audio for a Line: the public surface of hal/alsa (see docs/hardware-alsa.md). */
export { AlsaLineAudio } from "./alsa-line-audio.js";
export type { AlsaAudioState, AlsaBackend, AlsaDeviceSelection, AlsaLineAudioOptions, AudioFault } from "./alsa-line-audio.js";
export { ADDON_BUILD_COMMAND, findAddonPath, loadAlsaAddon } from "./alsa-addon.js";
export { describeSoundCards, findSoundCard, parseSoundCards, plugPcmName, PROC_CARDS_PATH, readSoundCards } from "./sound-cards.js";
export type { SoundCard } from "./sound-cards.js";
export { DEFAULT_DUPLEX_OPTIONS } from "./duplex.js";
export type { DuplexOptions } from "./duplex.js";
