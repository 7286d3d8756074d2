/**
 * The application/simple-message-summary body (RFC 3842 §5.2): whether messages
 * wait, the account they wait in, and counts per message class (RFC 3458
 * message-context-class: voice-message, fax-message, ...). Lenient about case
 * and whitespace, and about extension lines it does not know; strict about the
 * one line every summary has (Messages-Waiting) and about counts it reads.
 */
import { err, ok, type Result } from "../../util/result.js";

export const MESSAGE_SUMMARY_TYPE = "application/simple-message-summary";

/** RFC 3842 §5.2 msg-summary-line: new/old, with urgent new/old in parentheses. */
export interface MessageCounts {
  newCount: number;
  oldCount: number;
  urgentNew: number;
  urgentOld: number;
}

export interface MessageSummary {
  messagesWaiting: boolean;
  /** The Message-Account URI as sent, when present. */
  account: string | undefined;
  /** Counts by message class, names lower-cased ("voice-message", "fax-message", ...). */
  classes: Readonly<Record<string, MessageCounts>>;
}

/** RFC 3458 §6.2 message-context classes: a line naming one of these must carry counts. */
const KNOWN_CLASSES = new Set(["voice-message", "fax-message", "pager-message", "multimedia-message", "text-message", "none"]);
const COUNTS = /^(\d{1,9})\s*\/\s*(\d{1,9})\s*(?:\(\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*\))?$/;

/** The voice-message counts, zero when the summary has none. */
export function voiceCounts(summary: MessageSummary): MessageCounts {
  return summary.classes["voice-message"] ?? { newCount: 0, oldCount: 0, urgentNew: 0, urgentOld: 0 };
}

/**
 * RFC 3842 §5.2: reads the summary lines up to the first blank line (the optional
 * message headers after it are not summary data). Errors name the line at fault.
 */
export function parseMessageSummary(body: string): Result<MessageSummary> {
  let waiting: boolean | undefined;
  let account: string | undefined;
  const classes: Record<string, MessageCounts> = {};
  const lines = body.split(/\r?\n/);
  let started = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === "") {
      if (started) break;
      continue;
    }
    started = true;
    const colon = line.indexOf(":");
    if (colon <= 0) return err(`not a message-summary: line ${n + 1} is not "name: value"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "messages-waiting") {
      const flag = value.toLowerCase();
      if (flag !== "yes" && flag !== "no") return err(`Messages-Waiting must be yes or no, got "${value}"`);
      waiting ??= flag === "yes";
    } else if (name === "message-account") {
      account ??= value;
    } else {
      const counts = COUNTS.exec(value);
      if (counts) classes[name] = countsOf(counts);
      else if (KNOWN_CLASSES.has(name)) return err(`${name}: counts must read new/old (urgent-new/urgent-old), got "${value}"`);
    }
  }
  if (waiting === undefined) return err("not a message-summary: no Messages-Waiting line");
  return ok({ messagesWaiting: waiting, account, classes });
}

function countsOf(match: RegExpExecArray): MessageCounts {
  return {
    newCount: Number(match[1]),
    oldCount: Number(match[2]),
    urgentNew: Number(match[3] ?? 0),
    urgentOld: Number(match[4] ?? 0),
  };
}
