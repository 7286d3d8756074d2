/** What a route handler is given: the request, its URL and path parameters, the session and client address. */
import type { IncomingMessage } from "node:http";
import type { Session } from "./sessions.js";

export interface RouteContext {
  request: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** Present on every route but the public ones. */
  session: Session | undefined;
  /** The client's address (the login limit is counted per address). */
  remoteAddress: string;
}
