/**
 * Reads what SIPp leaves behind: the message trace (-trace_msg) split into messages, and the
 * call counters of the statistics file (-trace_stat).
 */

export interface SippMessage {
  direction: "sent" | "received";
  /** Request or status line, e.g. "ACK sip:1001@127.0.0.1:5062 SIP/2.0" or "SIP/2.0 200 OK". */
  firstLine: string;
  text: string;
}

export interface SippStats {
  successfulCalls: number;
  failedCalls: number;
  /** Every column of the last statistics row, by its CSV name (e.g. "Retransmissions(C)"). */
  columns: Record<string, string>;
}

const ENTRY_HEAD = /^(UDP|TCP|TLS|SCTP) message (sent|received)\b.*$/gm;

/** Splits a -trace_msg log into the messages SIPp sent and received, in order. */
export function parseSippMessages(log: string): SippMessage[] {
  const heads = [...log.matchAll(ENTRY_HEAD)];
  return heads.map((head, i) => {
    const start = (head.index ?? 0) + head[0].length;
    const end = heads[i + 1]?.index ?? log.length;
    // Each entry ends with the separator line SIPp writes before the next one.
    const text = log.slice(start, end).replace(/-{10,}[^\n]*\n?[^\n]*$/, "").trim();
    return {
      direction: head[2] === "sent" ? "sent" : "received",
      firstLine: text.split(/\r?\n/, 1)[0] ?? "",
      text,
    };
  });
}

/** Messages whose first line starts with `prefix` ("ACK", "SIP/2.0 200"), optionally one way. */
export function sippMessagesStarting(
  messages: SippMessage[],
  prefix: string,
  direction?: SippMessage["direction"],
): SippMessage[] {
  return messages.filter((m) => m.firstLine.startsWith(prefix) && (direction === undefined || m.direction === direction));
}

/** Reads the last row of a -trace_stat CSV (semicolon separated, header row first). */
export function parseSippStats(csv: string): SippStats {
  const rows = csv.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = rows[0]?.split(";") ?? [];
  const last = rows.length > 1 ? (rows[rows.length - 1] as string).split(";") : [];
  const columns: Record<string, string> = {};
  header.forEach((name, i) => {
    if (name !== "") columns[name] = last[i] ?? "";
  });
  const count = (name: string): number => Number(columns[name] ?? 0) || 0;
  return { successfulCalls: count("SuccessfulCall(C)"), failedCalls: count("FailedCall(C)"), columns };
}
