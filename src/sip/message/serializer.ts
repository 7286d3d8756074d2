/**
 * serializeMessage (RFC 3261 §7): start line, header fields with canonical names,
 * CRLF line ends, a Content-Length that always equals the body length (whatever
 * the message carried), a blank line, then the body bytes as they are.
 */
import type { SipMessage } from "./types.js";

export function serializeMessage(message: SipMessage): Buffer {
  let head =
    message.type === "request"
      ? `${message.method} ${message.uri} ${message.version}\r\n`
      : `${message.version} ${message.status} ${message.reason}\r\n`;
  for (const field of message.headers.all()) {
    if (field.name !== "Content-Length") head += `${field.name}: ${field.value}\r\n`;
  }
  const body = message.body;
  head += `Content-Length: ${body.length}\r\n\r\n`;
  if (body.length === 0) return Buffer.from(head, "utf8");
  const headLength = Buffer.byteLength(head, "utf8");
  const out = Buffer.allocUnsafe(headLength + body.length);
  out.write(head, 0, "utf8");
  out.set(body, headLength);
  return out;
}
