/**
 * Request and response plumbing for the JSON API: errors as values a handler throws
 * (HttpError, answered as `{"error": message}`), bodies read with a size limit and a
 * content-type check, replies written with the headers every answer carries.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** An expected refusal: answered with `status` and `{"error": message, ...extra}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export interface Reply {
  status: number;
  /** A JSON document, or raw bytes with their content type. */
  body?: unknown;
  bytes?: { data: Buffer; type: string };
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

/** The media type of a Content-Type header, lowercased, without parameters ("" when absent). */
export function mediaType(request: IncomingMessage): string {
  return (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * The whole body, refused with 415 unless its media type is one of `types` (an empty body
 * may come without one when `emptyAllowed`), and with 413 past `limitBytes` (checked
 * against Content-Length first, then while reading).
 */
export async function readBody(request: IncomingMessage, types: readonly string[], limitBytes: number, emptyAllowed = false): Promise<Buffer> {
  const declared = request.headers["content-length"];
  const length = declared === undefined ? undefined : Number(declared);
  const chunked = request.headers["transfer-encoding"] !== undefined;
  if (emptyAllowed && (length === 0 || (length === undefined && !chunked))) return Buffer.alloc(0);
  if (!types.includes(mediaType(request))) {
    const named = types.filter((type) => type !== "");
    throw new HttpError(415, `Content-Type must be ${named.join(" or ")} (got ${JSON.stringify(request.headers["content-type"] ?? "none")})`);
  }
  if (length !== undefined && length > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    const bytes = chunk as Buffer;
    total += bytes.length;
    if (total > limitBytes) throw tooLarge(limitBytes);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, `the body is larger than ${limitBytes} bytes`, { Connection: "close" });
}

/** A JSON object body (415 unless application/json, 400 when not a JSON object). */
export async function readJsonObject(request: IncomingMessage, limitBytes = 16 * 1024): Promise<Record<string, unknown>> {
  return parseJsonObject(await readBody(request, ["application/json"], limitBytes));
}

/** The body as a JSON object, or 400 saying why not. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new HttpError(400, `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpError(400, "the body must be a JSON object");
  return value as Record<string, unknown>;
}

/** Writes a reply with the headers every answer of the API carries. */
export function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.bytes !== undefined) {
    payload = reply.bytes.data;
    headers["Content-Type"] = reply.bytes.type;
  } else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  headers["Content-Length"] = String(payload?.length ?? 0);
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/** The value of one cookie in the request, or undefined. */
export function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
