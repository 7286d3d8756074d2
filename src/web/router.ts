/**
 * A small router: routes are a method and a path pattern whose `:name` segments capture
 * one path segment each. A path no route matches is 404; a path some route matches with
 * another method is 405 with the methods it allows.
 */
import type { Reply } from "./http-io.js";
import type { RouteContext } from "./route-context.js";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface Route {
  method: Method;
  pattern: string;
  /** "public": no session needed (only the login). Default: a session, and CSRF on changes. */
  access?: "public";
  handle(context: RouteContext): Promise<Reply>;
}

export type Match =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "wrong-method"; allowed: Method[] }
  | { kind: "none" };

export class Router {
  private readonly routes: { route: Route; segments: string[] }[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) this.routes.push({ route, segments: route.pattern.split("/") });
    return this;
  }

  match(method: string, path: string): Match {
    const segments = path.split("/");
    const allowed: Method[] = [];
    for (const { route, segments: pattern } of this.routes) {
      const params = matchSegments(pattern, segments);
      if (params === undefined) continue;
      if (route.method === method) return { kind: "found", route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: "wrong-method", allowed } : { kind: "none" };
  }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const got = segments[i]!;
    if (want.startsWith(":")) {
      const value = decodeSegment(got);
      if (value === undefined || value === "") return undefined;
      params[want.slice(1)] = value;
    } else if (want !== got) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // a malformed %-escape matches no route
  }
}
