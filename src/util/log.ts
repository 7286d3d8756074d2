/**
 * Logs carry a category and an instance id: `logs.get("sip.nict", id).debug("Timer F fired")`.
 * One line per event. Library code never calls console directly; it gets a Logger.
 */
export type Level = "debug" | "info" | "warn" | "error";
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord {
  level: Level;
  category: string;
  id: string | undefined;
  message: string;
  timeMs: number;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export class Logs {
  private minRank: number;

  constructor(private readonly sink: LogSink, level: Level = "info", private readonly now: () => number = Date.now) {
    this.minRank = RANK[level];
  }

  setLevel(level: Level): void {
    this.minRank = RANK[level];
  }

  get(category: string, id?: string | number): Logger {
    const emit = (level: Level, message: string): void => {
      if (RANK[level] < this.minRank) return;
      this.sink({ level, category, id: id === undefined ? undefined : String(id), message, timeMs: this.now() });
    };
    return {
      debug: (m) => emit("debug", m),
      info: (m) => emit("info", m),
      warn: (m) => emit("warn", m),
      error: (m) => emit("error", m),
    };
  }
}

/** Formats a record as one line: `2026-01-01T00:00:00.000Z info sip.reg[1001] registered`. */
export function formatRecord(r: LogRecord): string {
  const who = r.id === undefined ? r.category : `${r.category}[${r.id}]`;
  return `${new Date(r.timeMs).toISOString()} ${r.level} ${who} ${r.message}`;
}

/** Writes each record to a stream as one line. */
export function streamSink(stream: NodeJS.WritableStream): LogSink {
  return (r) => {
    stream.write(formatRecord(r) + "\n");
  };
}

/** Keeps records in memory, for tests. */
export class MemorySink {
  readonly records: LogRecord[] = [];
  readonly sink: LogSink = (r) => {
    this.records.push(r);
  };

  lines(category?: string): string[] {
    return this.records.filter((r) => !category || r.category.startsWith(category)).map((r) => `${r.level} ${r.category} ${r.message}`);
  }
}

/** A Logs that drops everything, for code paths that need one and tests that do not care. */
export const silentLogs = new Logs(() => undefined, "error");
