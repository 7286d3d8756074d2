/** Public surface of a call's media: CallMedia and the narrow view it needs of the SIP dialog. */
export { CallMedia, type CallMediaOptions, type CallMediaSettings } from "./call-media.js";
export type { CallDialog, DialogFailure, OfferRefusal } from "./call-dialog.js";
