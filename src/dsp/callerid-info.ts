/**
 * What a caller ID display shows, and how it is read from a message (callerid-message.ts):
 * number, name, date/time and the reasons a number or name is absent, or the message
 * waiting indicator. The sender builds messages from the same types (src/line/callerid).
 */
import { MESSAGE_TYPE, PARAMETER, isMdmf, text, type CallerIdMessage } from "./callerid-message.js";

/** Local time of the call as the date/time parameter carries it (no year, no seconds). */
export interface CallerIdTime {
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** 'O' out of area / unavailable, 'P' private (GR-30-CORE §2.3; EN 300 659-3). */
export type AbsenceReason = "unavailable" | "private";

export const ABSENCE_CODE: Readonly<Record<AbsenceReason, string>> = { unavailable: "O", private: "P" };

export interface CallerIdInfo {
  time?: CallerIdTime;
  number?: string;
  numberAbsent?: AbsenceReason;
  name?: string;
  nameAbsent?: AbsenceReason;
}

export type CallerIdEvent =
  | { readonly kind: "call"; readonly info: CallerIdInfo }
  | { readonly kind: "mwi"; readonly on: boolean }
  | { readonly kind: "other"; readonly type: number };

/** MMDDHHMM, each field two digits (GR-30-CORE §2.3; EN 300 659-3). */
export function formatTime(time: CallerIdTime): string {
  const fields = [time.month, time.day, time.hour, time.minute];
  const limits = [[1, 12], [1, 31], [0, 23], [0, 59]] as const;
  fields.forEach((v, i) => {
    if (!Number.isInteger(v) || v < limits[i]![0] || v > limits[i]![1]) throw new RangeError(`bad caller ID time ${JSON.stringify(time)}`);
  });
  return fields.map((v) => String(v).padStart(2, "0")).join("");
}

export function parseTime(digits: string): CallerIdTime | undefined {
  if (!/^\d{8}$/.test(digits)) return undefined;
  const [month, day, hour, minute] = [0, 2, 4, 6].map((i) => Number(digits.slice(i, i + 2))) as [number, number, number, number];
  return { month, day, hour, minute };
}

/** The local fields of `date` (the exchange's clock). */
export function callerIdTime(date: Date): CallerIdTime {
  return { month: date.getMonth() + 1, day: date.getDate(), hour: date.getHours(), minute: date.getMinutes() };
}

function absence(code: string): AbsenceReason | undefined {
  if (code === "O") return "unavailable";
  if (code === "P") return "private";
  return undefined;
}

/** What a display makes of one checked message; unknown parameters are skipped. */
export function describeMessage(message: CallerIdMessage): CallerIdEvent {
  if (message.type === MESSAGE_TYPE.sdmfCallerId) return { kind: "call", info: sdmfInfo(text(message.body)) };
  // GR-30-CORE §2.3: SDMF message waiting body 0x42 0x42 0x42 on, 0x6F 0x6F 0x6F off.
  if (message.type === MESSAGE_TYPE.sdmfMessageWaiting && message.body.length > 0) return { kind: "mwi", on: message.body[0] === 0x42 };
  if (!isMdmf(message.type)) return { kind: "other", type: message.type };
  const info: CallerIdInfo = {};
  let mwi: boolean | undefined;
  for (const p of message.parameters) {
    const value = text(p.value);
    if (p.type === PARAMETER.dateTime) {
      const time = parseTime(value);
      if (time) info.time = time;
    } else if (p.type === PARAMETER.number) info.number = value;
    else if (p.type === PARAMETER.name) info.name = value;
    else if (p.type === PARAMETER.numberAbsent) info.numberAbsent = absence(value);
    else if (p.type === PARAMETER.nameAbsent) info.nameAbsent = absence(value);
    // GR-30-CORE §2.3, EN 300 659-3: 0xFF activate, 0x00 deactivate.
    else if (p.type === PARAMETER.visualIndicator && p.value.length > 0) mwi = p.value[0] === 0xff;
  }
  if (message.type === MESSAGE_TYPE.mdmfMessageWaiting && mwi !== undefined) return { kind: "mwi", on: mwi };
  if (message.type === MESSAGE_TYPE.mdmfCallSetup) return { kind: "call", info };
  return { kind: "other", type: message.type };
}

/** SDMF caller ID body: MMDDHHMM then the number, or a single 'O'/'P' (GR-30-CORE §2.3). */
function sdmfInfo(body: string): CallerIdInfo {
  const info: CallerIdInfo = {};
  const time = parseTime(body.slice(0, 8));
  if (time) info.time = time;
  const rest = body.slice(8);
  const reason = rest.length === 1 ? absence(rest) : undefined;
  if (reason) info.numberAbsent = reason;
  else if (rest.length > 0) info.number = rest;
  return info;
}
