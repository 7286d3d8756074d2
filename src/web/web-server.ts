/**
 * WebServer: the JSON API of DESIGN.md §4 on node:http. Each request goes
 *   route (404, 405) → session cookie (401) → CSRF header on changes (403) → handler,
 * and a handler refuses with HttpError (413, 415, 400, 409, 422, 429…). Every error is
 * `{"error": "..."}`; a handler that throws anything else is a bug: logged, answered 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../util/clock.js";
import type { Logger, Logs } from "../util/log.js";
import { err, ok, type Result } from "../util/result.js";
import { authRoutes, SESSION_COOKIE, type AdminPassword } from "./auth-routes.js";
import { cookie, HttpError, send, type Reply } from "./http-io.js";
import { LoginLimiter, type LoginLimits } from "./login-limiter.js";
import type { RouteContext } from "./route-context.js";
import { Router } from "./router.js";
import { SessionStore, type Session, type SessionLimits } from "./sessions.js";
import { simRoutes, type SimHandsets } from "./sim-routes.js";
import { statusRoutes, type StatusSource } from "./status-route.js";

export interface WebServerOptions {
  clock: Clock;
  logs: Logs;
  admin: AdminPassword;
  status: StatusSource;
  /** The simulated handsets (the /api/sim routes answer 404 for a port without one). */
  sim: SimHandsets;
  sessionLimits?: SessionLimits;
  loginLimits?: LoginLimits;
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

export class WebServer {
  private server: Server | undefined;
  private readonly router: Router;
  private readonly sessions: SessionStore;
  private readonly log: Logger;

  constructor(options: WebServerOptions) {
    this.log = options.logs.get("web");
    this.sessions = new SessionStore(options.clock, options.sessionLimits);
    const limiter = new LoginLimiter(options.clock, options.loginLimits);
    this.router = new Router().add(
      ...authRoutes({ sessions: this.sessions, limiter, admin: options.admin, log: this.log }),
      ...statusRoutes(options.status),
      ...simRoutes(options.sim),
    );
  }

  /** Listens on `host:port` (port 0: any free port); resolves with the address bound, or why not. */
  listen(port: number, host: string): Promise<Result<AddressInfo, string>> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => this.log.error(`answering ${request.method} ${request.url} failed: ${String(error)}`));
    });
    server.headersTimeout = 10_000;
    server.requestTimeout = 60_000;
    return new Promise((resolve) => {
      server.once("error", (error) => resolve(err(`the web server cannot listen on ${host}:${port}: ${error.message}`)));
      server.listen(port, host, () => {
        this.server = server;
        const address = server.address() as AddressInfo;
        this.log.info(`listening on http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`);
        resolve(ok(address));
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    let reply: Reply;
    try {
      reply = await this.dispatch(request, url);
    } catch (error) {
      if (request.socket.destroyed || response.destroyed) {
        this.log.debug(`${request.method} ${url.pathname}: the client went away (${String(error)})`);
        return;
      }
      if (error instanceof HttpError) {
        reply = { status: error.status, body: { error: error.message, ...error.extra }, headers: error.headers };
      } else {
        this.log.error(`${request.method} ${url.pathname} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        reply = { status: 500, body: { error: "internal error (logged)" } };
      }
    }
    if (reply.status >= 400) this.log.debug(`${request.method} ${url.pathname} → ${reply.status}`);
    send(response, reply);
  }

  private async dispatch(request: IncomingMessage, url: URL): Promise<Reply> {
    const method = request.method ?? "GET";
    const match = this.router.match(method, url.pathname);
    if (match.kind === "none") throw new HttpError(404, `no such resource: ${url.pathname}`);
    if (match.kind === "wrong-method") {
      throw new HttpError(405, `${method} is not allowed on ${url.pathname} (allowed: ${match.allowed.join(", ")})`, { Allow: match.allowed.join(", ") });
    }
    const context: RouteContext = {
      request, url, params: match.params, session: undefined, remoteAddress: request.socket.remoteAddress ?? "unknown",
    };
    if (match.route.access !== "public") context.session = this.authorize(request, method);
    return match.route.handle(context);
  }

  private authorize(request: IncomingMessage, method: string): Session {
    const session = this.sessions.use(cookie(request, SESSION_COOKIE));
    if (session === undefined) throw new HttpError(401, "log in first: POST /api/login {\"password\"}");
    const header = request.headers["x-csrf-token"];
    if (!SAFE_METHODS.has(method) && !SessionStore.csrfMatches(session, typeof header === "string" ? header : undefined)) {
      throw new HttpError(403, "missing or wrong X-CSRF-Token header (the token comes with the login)");
    }
    return session;
  }
}
