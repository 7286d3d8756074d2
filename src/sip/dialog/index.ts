/** Public surface of dialogs (RFC 3261 §12). */
export {
  Dialog, DialogState, TARGET_REFRESH, contactUri, dialogKey, incomingRequestDialogId,
  requestUriForm, responseDialogId, tagOf,
} from "./dialog.js";
export type { DialogId, RequestOptions } from "./dialog.js";
export { DialogTable } from "./dialog-table.js";
export { initialCSeq, newCallId, newTag } from "./ids.js";
