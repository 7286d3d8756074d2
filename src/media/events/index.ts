/** Public surface of RFC 4733 telephone events. */
export {
  decodeTelephoneEvent,
  encodeTelephoneEvent,
  EVENT_FLASH,
  eventCode,
  eventName,
  MAX_DURATION,
  MAX_VOLUME,
  type TelephoneEventName,
  type TelephoneEventPayload,
} from "./telephone-event.js";
export { EventSenderState, EventSenderStateError, TelephoneEventSender, type EventOutput, type EventRequest, type EventSenderOptions } from "./event-sender.js";
export {
  TelephoneEventReceiver,
  type EventListener,
  type EventPacket,
  type EventReceiverOptions,
  type EventStart,
  type ReceivedEvent,
} from "./event-receiver.js";
