/**
 * POST /api/login {"password"} and POST /api/logout (DESIGN.md §4). A login checks the
 * admin password hash in the configuration, sets the session cookie (HttpOnly,
 * SameSite=Strict, Path=/; no Secure flag, since the page is served over plain HTTP on the
 * local network) and returns the CSRF token the client must send as X-CSRF-Token.
 */
import type { Logger } from "../util/log.js";
import { HttpError, json, readJsonObject } from "./http-io.js";
import type { LoginLimiter } from "./login-limiter.js";
import type { Route } from "./router.js";
import type { SessionStore } from "./sessions.js";

export const SESSION_COOKIE = "dialtone_session";

/** The admin password as the configuration holds it (only its hash). */
export interface AdminPassword {
  /** False until a password was set (admin.initialPassword or DIALTONE_ADMIN_PASSWORD). */
  isSet(): boolean;
  verify(password: string): Promise<boolean>;
}

export interface AuthDeps {
  sessions: SessionStore;
  limiter: LoginLimiter;
  admin: AdminPassword;
  log: Logger;
}

export function authRoutes(deps: AuthDeps): Route[] {
  const login: Route = {
    method: "POST", pattern: "/api/login", access: "public",
    handle: async ({ request, remoteAddress }) => {
      const body = await readJsonObject(request);
      if (typeof body.password !== "string") throw new HttpError(422, "password must be a string", {}, { path: "password" });
      const waitSec = deps.limiter.attempt(remoteAddress);
      if (waitSec > 0) {
        deps.log.warn(`login from ${remoteAddress} refused: too many attempts`);
        throw new HttpError(429, `too many login attempts: try again in ${waitSec} s`, { "Retry-After": String(waitSec) });
      }
      if (!deps.admin.isSet()) {
        throw new HttpError(401, "no admin password is set: set DIALTONE_ADMIN_PASSWORD or admin.initialPassword, then restart");
      }
      if (!(await deps.admin.verify(body.password))) {
        deps.log.warn(`login from ${remoteAddress} failed: wrong password`);
        throw new HttpError(401, "wrong password");
      }
      deps.limiter.succeeded(remoteAddress);
      const session = deps.sessions.create();
      deps.log.info(`login from ${remoteAddress}`);
      return json(200, { csrfToken: session.csrfToken }, {
        "Set-Cookie": `${SESSION_COOKIE}=${session.id}; HttpOnly; SameSite=Strict; Path=/`,
      });
    },
  };
  const logout: Route = {
    method: "POST", pattern: "/api/logout",
    handle: async ({ session }) => {
      if (session !== undefined) deps.sessions.end(session.id);
      return json(200, { loggedOut: true }, { "Set-Cookie": `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
    },
  };
  return [login, logout];
}
