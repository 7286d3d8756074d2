/**
 * Admin sessions, in memory: a random id (the cookie) and a CSRF token per session. A
 * session ends after `idleMs` without use or `maxAgeMs` after login, whichever comes
 * first, measured on the injected Clock; at most `maxSessions` live at once (the oldest
 * gives way), so logins cannot grow memory without bound.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../util/clock.js";

export interface Session {
  readonly id: string;
  readonly csrfToken: string;
  readonly createdMs: number;
  lastUsedMs: number;
}

export interface SessionLimits {
  /** Default 30 minutes. */
  idleMs: number;
  /** Default 12 hours. */
  maxAgeMs: number;
  /** Default 32. */
  maxSessions: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, maxAgeMs: 12 * 3600_000, maxSessions: 32 };

const token = (): string => randomBytes(32).toString("base64url");

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: Clock, private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS) {}

  get size(): number {
    return this.sessions.size;
  }

  create(): Session {
    this.prune();
    while (this.sessions.size >= this.limits.maxSessions) {
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
    const now = this.clock.now();
    const session: Session = { id: token(), csrfToken: token(), createdMs: now, lastUsedMs: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, marked as used now; undefined when unknown or expired. */
  use(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    if (this.expired(session, this.clock.now())) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastUsedMs = this.clock.now();
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  /** Compares in constant time. */
  static csrfMatches(session: Session, presented: string | undefined): boolean {
    if (presented === undefined) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private expired(session: Session, now: number): boolean {
    return now - session.lastUsedMs >= this.limits.idleMs || now - session.createdMs >= this.limits.maxAgeMs;
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [id, session] of this.sessions) if (this.expired(session, now)) this.sessions.delete(id);
  }
}
