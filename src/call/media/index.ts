/** Public surface of a call's media: CallMedia, its settings from the configuration, and the narrow view it needs of the SIP dialog. */
export { CallMedia, type CallMediaOptions } from "./call-media.js";
export { callMediaSettings, type CallMediaSettings } from "./call-media-settings.js";
export type { CallDialog, DialogFailure, OfferRefusal } from "./call-dialog.js";
