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
/** Browsers one person may be signed in from at once; the next sign-in ends their oldest. */
export const MAX_SESSIONS_PER_IDENTITY = 10;

export interface SessionUser { username: string; uid?: string; groups: string[] }

export interface Session {
  id: string;
  token: string;
  user: SessionUser;
  createdAt: number;
  expiresAt: number;
}

/** The API server's answer names the person: the uid when it gives one (it is stable across renames), else the username. */
const sameIdentity = (a: SessionUser, b: SessionUser): boolean => (a.uid && b.uid ? a.uid === b.uid : a.username === b.username);

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly newId: () => string = () => randomBytes(32).toString('base64url'),
    private readonly limits: { total: number; perIdentity: number } = { total: MAX_SESSIONS, perIdentity: MAX_SESSIONS_PER_IDENTITY },
  ) {}

  /**
   * A new session, or undefined when the store is full of other people's
   * live sessions. Signing in again past the per-identity cap ends that
   * identity's oldest session; it never ends anyone else's, so one person
   * (or one stolen token) signing in over and over cannot sign others out.
   */
  create(token: string, user: SessionUser, now: number, ttlMs = SESSION_TTL_MS): Session | undefined {
    const mine = [...this.sessions.values()].filter((s) => s.expiresAt > now && sameIdentity(s.user, user));
    for (const old of mine.slice(0, Math.max(0, mine.length - this.limits.perIdentity + 1))) this.sessions.delete(old.id);
    if (this.sessions.size >= this.limits.total) this.sweep(now);
    if (this.sessions.size >= this.limits.total) return undefined;
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
