/**
 * Token-mode sessions, held server-side: the browser gets a random 256-bit
 * id in an HttpOnly cookie and never sees the bearer token again. One store
 * per process on globalThis, shared by the custom server (which gates pages)
 * and the route handlers (which act with the token). Sessions end at their
 * expiry, on sign-out, or when the API server answers 401 to their token.
 */
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'cni-health-session';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

export interface SessionUser { username: string; uid?: string; groups: string[] }

export interface Session {
  id: string;
  token: string;
  user: SessionUser;
  createdAt: number;
  expiresAt: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly newId: () => string = () => randomBytes(32).toString('base64url')) {}

  create(token: string, user: SessionUser, now: number, ttlMs = SESSION_TTL_MS): Session {
    if (this.sessions.size >= MAX_SESSIONS) this.sweep(now);
    // Still full of live sessions: drop the oldest rather than grow without bound.
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const session: Session = { id: this.newId(), token, user, createdAt: now, expiresAt: now + ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined, now: number): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (s && s.expiresAt <= now) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  /** Every session of a token: a 401 for one means the token is dead for all of them. */
  endToken(token: string): void {
    for (const [id, s] of this.sessions) if (s.token === token) this.sessions.delete(id);
  }

  size(): number {
    return this.sessions.size;
  }

  private sweep(now: number): void {
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

const KEY = Symbol.for('cni-health.sessions');
type Global = typeof globalThis & { [KEY]?: SessionStore };

export function getSessionStore(): SessionStore {
  const g = globalThis as Global;
  g[KEY] ??= new SessionStore();
  return g[KEY];
}

/**
 * Secure even on http://localhost: browsers treat loopback as a secure
 * context and keep the cookie; anywhere else the dashboard must be served
 * over HTTPS (docs/security.md), and a Secure cookie makes sure of it.
 */
export function sessionCookie(id: string, maxAgeMs: number): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

/** The session id from a Cookie header, if it is shaped like one of ours. */
export function sessionIdFromCookieHeader(header: string | undefined | null): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (/^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return undefined;
}
