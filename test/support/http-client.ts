/**
 * A plain HTTP client for tests of the web API, doing what `curl` does: one request, the
 * session cookie and CSRF token carried by hand after a login.
 */
import { request } from "node:http";

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json(): Record<string, unknown>;
}

export interface Call {
  body?: unknown;
  /** Raw bytes sent as they are (with `contentType`). */
  bytes?: Buffer;
  contentType?: string;
  /** Extra headers; they win over the ones the client sets (a Content-Length that lies, say). */
  headers?: Record<string, string>;
  /** Send the body chunked, without Content-Length. */
  chunked?: boolean;
}

export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly port: number, readonly host = "127.0.0.1") {}

  send(method: string, path: string, call: Call = {}): Promise<HttpReply> {
    const headers: Record<string, string> = {};
    let payload: Buffer | undefined = call.bytes;
    if (call.body !== undefined) {
      payload = Buffer.from(JSON.stringify(call.body));
      headers["Content-Type"] = "application/json";
    }
    if (call.contentType !== undefined) headers["Content-Type"] = call.contentType;
    if (payload !== undefined && call.chunked !== true) headers["Content-Length"] = String(payload.length);
    if (this.cookie !== undefined) headers.Cookie = this.cookie;
    if (this.csrfToken !== undefined && method !== "GET") headers["X-CSRF-Token"] = this.csrfToken;
    Object.assign(headers, call.headers);
    return new Promise((resolve, reject) => {
      const req = request({ host: this.host, port: this.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString("utf8")) as Record<string, unknown> });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** Logs in and keeps the cookie and token for later calls. */
  async login(password: string): Promise<HttpReply> {
    const reply = await this.send("POST", "/api/login", { body: { password } });
    if (reply.status === 200) {
      const setCookie = reply.headers["set-cookie"]?.[0] ?? "";
      this.cookie = setCookie.split(";")[0];
      this.csrfToken = reply.json().csrfToken as string;
    }
    return reply;
  }
}
