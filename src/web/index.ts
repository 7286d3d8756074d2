/** Public surface of the web layer: the JSON API server and its WAV helpers. */
export { WebServer, type WebServerOptions } from "./web-server.js";
export { SESSION_COOKIE, type AdminPassword } from "./auth-routes.js";
export type { LineStatus, RegistrationStatus, StatusDocument, StatusSource } from "./status-route.js";
export type { SimHandsets } from "./sim-routes.js";
export { DEFAULT_SESSION_LIMITS, type SessionLimits } from "./sessions.js";
export { DEFAULT_LOGIN_LIMITS, type LoginLimits } from "./login-limiter.js";
export { parseWav, writeWav } from "./wav.js";
